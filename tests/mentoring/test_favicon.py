"""The pages name a favicon served from static, so browsers stop asking for a /favicon.ico that is not there."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_landing_page_links_a_favicon_that_answers(client):
    page = client.get(reverse("home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "no favicon link in the page"

    response = client.get(icon.group(1))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(response.streaming_content)

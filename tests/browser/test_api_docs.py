"""The API's documentation page renders its schema from the platform's own files, under the strict Content Security
Policy (page_factory fails on anything the policy refuses)."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_shows_the_api_without_any_outside_request(page_factory, live_server):
    page = page_factory()
    outside = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))

    page.goto(reverse("api:docs"))

    page.locator(".swagger-ui .info .title").wait_for()
    assert "API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 10
    assert outside == []

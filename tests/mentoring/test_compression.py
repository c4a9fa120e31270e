"""Pages go out gzipped to a browser that accepts it; static files come compressed from whitenoise instead."""

import gzip

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client):
    response = client.get(reverse("matching:youth_request_create"), headers={"accept-encoding": "gzip, br"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "<form" in gzip.decompress(response.content).decode()


def test_a_page_is_plain_for_a_client_that_does_not(client):
    response = client.get(reverse("matching:youth_request_create"))

    assert not response.has_header("Content-Encoding")
    assert b"<form" in response.content

"""Pages go out gzipped to a browser that accepts it; streamed exports do not; static files come compressed."""

import gzip

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from mentoring.compression import GZipPagesMiddleware

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


def test_a_streamed_export_is_left_plain(rf):
    rows = [b"id,state\r\n"] + [b"%d,accepted\r\n" % number for number in range(1000)]
    middleware = GZipPagesMiddleware(lambda request: StreamingHttpResponse(iter(rows), content_type="text/csv"))

    response = middleware(rf.get("/export.csv", headers={"accept-encoding": "gzip"}))

    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == b"".join(rows)

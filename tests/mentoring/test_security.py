"""Every response carries the Content Security Policy set in settings; an empty one sends no header."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_the_content_security_policy(client):
    policy = client.get(reverse("matching:youth_request_create")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_an_empty_policy_sends_no_header(client, settings):
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get(reverse("matching:youth_request_create")).headers

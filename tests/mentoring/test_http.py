"""The visitor's address, read once for every rate limit: REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from mentoring.http import UNKNOWN_ADDRESS, client_ip


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.254", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.254", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # entries written by the visitor prove nothing
        ("10.0.0.254", "203.0.113.8, 10.0.0.3", "203.0.113.8"),  # through two proxies
        ("10.0.0.254", "", "10.0.0.254"),
        ("10.0.0.254", "unknown, 10.0.0.3", "10.0.0.3"),  # not an address: the last one read stands
        ("10.0.0.254", "2001:db8::1", "2001:db8::1"),
        ("198.51.100.50", "203.0.113.9", "198.51.100.50"),  # not from a proxy: the header is not believed
    ],
)
def test_behind_a_trusted_proxy_the_header_is_read_right_to_left(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request_from(remote, forwarded)) == expected


def test_a_request_without_an_address_counts_as_the_unknown_address(settings):
    assert client_ip(request_from("")) == UNKNOWN_ADDRESS


def test_allauth_reads_the_same_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = request_from("10.0.0.254", "198.51.100.1, 203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"

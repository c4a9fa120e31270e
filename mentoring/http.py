"""The visitor's address, as every rate limit (django-ratelimit's, allauth's) reads it."""

import ipaddress
from functools import cache

from django.conf import settings

# What a request whose address cannot be read counts as: all of them share one address, as before. A rate-limit
# key, never an address anything binds to (bandit's B104 reads any "0.0.0.0" as one).
UNKNOWN_ADDRESS = "0.0.0.0"  # nosec B104


@cache
def _proxy_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted_proxy(address) -> bool:
    return any(address in network for network in _proxy_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, unless the request comes from one of ``TRUSTED_PROXIES``; then the
    rightmost X-Forwarded-For entry that is not itself a trusted proxy (the entries further left come from the
    visitor's side and prove nothing). An entry that is not an address ends the walk: the last address read
    stands. ``UNKNOWN_ADDRESS`` when REMOTE_ADDR is not an address either."""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return UNKNOWN_ADDRESS
    if settings.TRUSTED_PROXIES and _is_trusted_proxy(address):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for entry in reversed([entry for entry in forwarded if entry.strip()]):
            hop = _address(entry)
            if hop is None:
                break
            address = hop
            if not _is_trusted_proxy(hop):
                break
    return str(address)

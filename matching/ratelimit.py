"""A fixed-window rate limit kept in the cache (Redis in production), shared by every web worker."""

import hashlib
import ipaddress
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache


@memoize
def _proxy_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _proxy_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, unless the request comes from one of ``TRUSTED_PROXIES``; then the
    rightmost X-Forwarded-For entry that is not itself a trusted proxy (the entries further left come from the
    visitor's side and prove nothing)."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUSTED_PROXIES and _is_trusted_proxy(address):
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for entry in reversed([entry for entry in forwarded if entry]):
            address = entry
            if not _is_trusted_proxy(entry):
                break
    return address or "unknown"


# Count an attempt and start the window on the first one, atomically, in one command (no pipeline object to build).
_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


@memoize
def _redis_counter():
    """One Redis client and script per process when the cache is Redis (Django's cache builds a client per call)."""
    backend = settings.CACHES["default"]
    if backend["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    import redis

    return redis.Redis.from_url(backend["LOCATION"]).register_script(_COUNT_IN_WINDOW)


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the caller stays within ``limit`` attempts per ``window`` seconds."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IP address kept in the cache
    cache_key = f"ratelimit:{scope}:{digest}"
    counter = _redis_counter()
    if counter is not None:
        return counter(keys=[cache_key], args=[window]) <= limit
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit

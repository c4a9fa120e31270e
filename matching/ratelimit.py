"""A fixed-window rate limit kept in the cache (Redis in production), shared by every web worker."""

import hashlib
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXIES`` reverse proxies the address the outermost
    one saw, which it appended to X-Forwarded-For (entries further left come from the client and prove nothing)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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

"""A fixed-window rate limit kept in the cache (Redis in production), shared by every web worker."""

import hashlib
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@memoize
def _redis_client():
    """One Redis client per process when the cache is Redis (Django's cache builds a client on every call)."""
    backend = settings.CACHES["default"]
    if backend["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    import redis

    return redis.Redis.from_url(backend["LOCATION"])


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the caller stays within ``limit`` attempts per ``window`` seconds."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IP address kept in the cache
    cache_key = f"ratelimit:{scope}:{digest}"
    client = _redis_client()
    if client is not None:
        # One round trip: count, and start the window on the first attempt (EXPIRE NX, Redis 7).
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(cache_key)
        pipeline.expire(cache_key, window, nx=True)
        count, _ = pipeline.execute()
        return count <= limit
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit

"""A fixed-window rate limit kept in the cache (Redis in production), shared by every web worker."""

import hashlib

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the caller stays within ``limit`` attempts per ``window`` seconds."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IP address kept in the cache
    cache_key = f"ratelimit:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit

"""A fixed-window rate limit kept in the cache (Redis in production), shared by every web worker."""

import hashlib
import ipaddress
from functools import cache as memoize

import redis
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
    return redis.Redis.from_url(backend["LOCATION"]).register_script(_COUNT_IN_WINDOW)


class RateLimitAttempt:
    """One attempt counted against a limit, its answer read when asked for (``allowed``): the round trip to Redis
    then overlaps whatever the caller does meanwhile (the youth form validates during it). A context manager:
    leaving it reads an answer nobody asked for and always gives the Redis connection back to its pool.
    """

    def __init__(self, *, scope: str, key: str, limit: int, window: int):
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IP address kept in the cache
        self._key = f"ratelimit:{scope}:{digest}"
        self._limit, self._window = limit, window
        self._count: int | None = None
        self._connection = None
        self._script = _redis_counter()
        if self._script is None:
            self._count = _count_in_cache(self._key, window)
            return
        self._pool = self._script.registered_client.connection_pool
        self._connection = self._pool.get_connection()
        try:
            self._connection.send_command("EVALSHA", self._script.sha, 1, self._key, window)
        except BaseException:
            self._give_back(broken=True)
            raise

    @property
    def allowed(self) -> bool:
        if self._count is None:
            try:
                self._count = self._connection.read_response()
            except redis.exceptions.NoScriptError:  # Redis restarted or flushed its scripts: load it again
                self._give_back()
                self._count = self._script(keys=[self._key], args=[self._window])
            except BaseException:
                self._give_back(broken=True)
                raise
            self._give_back()
        return self._count <= self._limit

    def _give_back(self, *, broken: bool = False) -> None:
        if self._connection is None:
            return
        if broken:
            self._connection.disconnect()  # an answer may be left unread on it
        self._pool.release(self._connection)
        self._connection = None

    def __enter__(self) -> "RateLimitAttempt":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._connection is not None:
            self._give_back(broken=True)


def _count_in_cache(cache_key: str, window: int) -> int:
    cache.add(cache_key, 0, timeout=window)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return 1

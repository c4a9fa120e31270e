"""The cache backend when REDIS_URL is set: django-redis, failing open (DJANGO_REDIS_IGNORE_EXCEPTIONS), fast.

With DJANGO_REDIS_IGNORE_EXCEPTIONS, a cache call Redis does not answer is logged and answers as a miss. Two things
are added here, both for the time Redis is away:

- ``add`` answers True, as if the key were stored: django-redis answers None, which reads as "someone else holds
  the key", and allauth's rate limits, which take a lock with ``add`` before counting, would then wait and refuse
  every login and sign-up with a 429.
- after a call Redis did not answer, the next calls of this process do not ask it for ``REDIS_CACHE_RETRY_AFTER``
  seconds: a hung Redis (or an unreachable host) costs one socket timeout, not one per cache call of each request.
"""

import time

import redis
from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

# Per Redis server, until when this process leaves it alone (each thread has its own cache object).
_skip_until: dict[str, float] = {}


class _Guarded:
    """The django-redis client, each call of which notes a failure on its cache."""

    def __init__(self, client, cache: "FailOpenRedisCache"):
        self._client, self._cache = client, cache

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                _skip_until[self._cache.location] = time.monotonic() + settings.REDIS_CACHE_RETRY_AFTER
                raise

        return call


class FailOpenRedisCache(RedisCache):
    def __init__(self, location, params):
        super().__init__(location, params)
        self.location = str(location)

    @property
    def client(self):
        if time.monotonic() < _skip_until.get(self.location, 0.0):
            error = redis.ConnectionError("not asked: Redis failed to answer a moment ago")
            raise ConnectionInterrupted(connection=None) from error
        return _Guarded(super().client, self)

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added

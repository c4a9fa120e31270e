"""kombu's Redis transport, publishing through one Redis client per channel.

kombu's Redis channel builds a new ``redis.Redis`` object for every message it sends (``conn_or_acquire``), and
building one copies redis-py's table of response callbacks: about as much CPU as the LPUSH itself, on every task
a web request enqueues. This channel builds that client once and keeps it; redis-py clients are safe to share, each
command still takes a connection from the channel's pool. Selected by ``CELERY_BROKER_TRANSPORT`` when the broker
is Redis (settings/base.py).
"""

from contextlib import contextmanager

from kombu.transport import redis
from kombu.utils.objects import cached_property


class Channel(redis.Channel):
    @cached_property
    def _shared_client(self):
        return self._create_client()

    @contextmanager
    def conn_or_acquire(self, client=None):
        yield client or self._shared_client


class Transport(redis.Transport):
    Channel = Channel

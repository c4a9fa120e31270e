"""The Redis transport publishes through one client per channel, and still delivers every message."""

import pytest
from django.conf import settings
from kombu import Connection

from mentoring.broker import Channel


@pytest.mark.usefixtures("require_redis")
def test_messages_go_through_one_client_and_arrive():
    with Connection(settings.CELERY_BROKER_URL, transport="mentoring.broker:Transport") as connection:
        channel = connection.default_channel
        assert isinstance(channel, Channel)
        queue = connection.SimpleQueue("mentoring-tests-broker")
        try:
            queue.clear()
            queue.put({"n": 1})
            client = channel._shared_client
            queue.put({"n": 2})
            assert queue.channel._shared_client is queue.channel._shared_client
            received = [queue.get(timeout=5), queue.get(timeout=5)]
            assert [message.payload for message in received] == [{"n": 1}, {"n": 2}]
            for message in received:
                message.ack()
            assert channel._shared_client is client
        finally:
            queue.clear()
            queue.close()

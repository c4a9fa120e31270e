"""The intake rate limit's counter: one attempt per use, its answer read later, the connection always given back."""

import pytest

from matching.ratelimit import RateLimitAttempt, _redis_counter


def attempt(**overrides):
    return RateLimitAttempt(**{"scope": "test", "key": "203.0.113.7", "limit": 2, "window": 60, **overrides})


def test_the_limit_is_counted_per_key():
    answers = []
    for key in ("203.0.113.7", "203.0.113.7", "203.0.113.7", "203.0.113.8"):
        with attempt(key=key) as counted:
            answers.append(counted.allowed)
    assert answers == [True, True, False, True]


@pytest.mark.usefixtures("require_redis")
class TestOnRedis:
    @pytest.fixture
    def pool(self):
        return _redis_counter().registered_client.connection_pool

    def test_the_answer_is_read_when_asked_and_the_connection_given_back(self, pool):
        with attempt() as counted:
            assert len(pool._in_use_connections) == 1  # the count is on its way
            assert counted.allowed is True
            assert counted.allowed is True  # read once
        assert not pool._in_use_connections

    def test_an_answer_nobody_read_does_not_leave_a_dirty_connection(self, pool):
        with pytest.raises(RuntimeError), attempt():
            raise RuntimeError("the caller failed meanwhile")
        assert not pool._in_use_connections
        with attempt() as counted:
            assert counted.allowed is True  # the next answer is its own, not the abandoned one

    def test_a_script_redis_forgot_is_loaded_again(self, pool):
        _redis_counter().registered_client.script_flush()
        with attempt() as counted:
            assert counted.allowed is True
        with attempt() as counted:
            assert counted.allowed is True
        with attempt() as counted:
            assert counted.allowed is False
        assert not pool._in_use_connections

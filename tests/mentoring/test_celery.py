"""Celery reads its options from Django's settings (CELERY_*), as they are when a task is sent."""

from django.test import override_settings

from mentoring.celery import app


def test_celery_options_follow_django_settings_overridden_in_a_test():
    assert app.conf.task_always_eager is True
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_TASK_DEFAULT_QUEUE="elsewhere"):
        assert app.conf.task_always_eager is False
        assert app.conf.task_default_queue == "elsewhere"
    assert app.conf.task_always_eager is True
    assert app.conf.task_default_queue == "mentoring-tests"


def test_a_broker_that_is_down_or_hangs_is_given_up_on_quickly():
    options = app.conf.broker_transport_options
    assert (options["socket_connect_timeout"], options["socket_timeout"]) == (1.0, 2.0)
    assert options["max_retries"] == 0  # one connection attempt
    assert app.conf.task_publish_retry is False
    assert (app.conf.redis_socket_connect_timeout, app.conf.redis_socket_timeout) == (1.0, 2.0)  # result backend

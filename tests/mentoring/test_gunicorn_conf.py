"""gunicorn's settings: the application is loaded and warmed up once in the master, then forked."""

import gc
import sys

import pytest

from associations import geography
from mentoring import gunicorn_conf


@pytest.fixture
def restore_gc():
    yield
    gc.unfreeze()


def test_the_application_is_preloaded():
    assert gunicorn_conf.preload_app is True


@pytest.mark.usefixtures("restore_gc")
def test_when_ready_warms_up_and_freezes_what_lives_as_long_as_the_process():
    gunicorn_conf.when_ready(server=None)

    assert "matching.tasks" in sys.modules
    assert "accounts.tasks" in sys.modules
    assert gc.get_freeze_count() > 0
    assert geography.communes_preload() > 6000  # read already: the master's workers share it

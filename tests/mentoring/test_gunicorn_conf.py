"""gunicorn's settings: the application is loaded and warmed up once in the master, then forked."""

import gc
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.http.wsgi import Response

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


TOKEN = "3f2a9c0d8e7b4a6f9c1d2e3f4a5b6c7d:AbCdEf0123456789_-xyz"
SECRET_PATHS = [
    f"/suivi/{TOKEN}/",
    f"/suivi/{TOKEN}/mes-donnees.json",
    f"/accord-parental/{TOKEN}/",
    f"/invitation/{TOKEN}/",
    f"/comptes/confirm-email/{TOKEN}/",
    f"/comptes/password/reset/key/1-{TOKEN}/",
]


def access_line(path: str, referer: str = "-") -> str:
    """What gunicorn writes for one request, with the platform's logger class and gunicorn's default format."""
    config = Config()
    config.set("logger_class", gunicorn_conf.logger_class)
    config.set("accesslog", "-")
    logger = config.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9", "HTTP_REFERER": referer,
    }  # fmt: skip
    request = SimpleNamespace(headers=[("REFERER", referer)], version=(1, 1))
    response = Response(req=request, sock=None, cfg=config)
    response.status = "200 OK"
    atoms = logger.atoms(response, response.req, environ, timedelta(seconds=0.01))
    return config.access_log_format % atoms


@pytest.mark.parametrize("path", SECRET_PATHS)
def test_the_access_log_never_holds_a_secret_link_s_token(path):
    line = access_line(path, referer=f"https://mentorat.example.org{path}")

    assert TOKEN not in line
    assert "[token]" in line


def test_the_access_log_keeps_other_paths_whole():
    line = access_line("/espace/elan/demandes/12/")

    assert '"GET /espace/elan/demandes/12/ HTTP/1.1" 200' in line

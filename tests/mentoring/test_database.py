"""A database connection lost mid-page answers the 503 page, rendered without the database, in the visitor's
language; any other error stays Django's own (tests/matching/test_faults_database.py drops real connections)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.utils import translation

from mentoring.database import DatabaseUnavailableMiddleware, server_error


def middleware():
    return DatabaseUnavailableMiddleware(lambda request: None)


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_lost_connection_answers_the_clear_page(error):
    # No django_db mark: a query while rendering the page would fail the test.
    response = middleware().process_exception(RequestFactory().post("/trouver-un-mentor/"), error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Service momentanément indisponible" in response.content.decode()


def test_the_clear_page_in_english():
    with translation.override("en"):
        response = middleware().process_exception(RequestFactory().get("/"), OperationalError("down"))

    assert "Service temporarily unavailable" in response.content.decode()


def test_other_errors_are_left_to_django():
    assert middleware().process_exception(RequestFactory().get("/"), ValueError("a bug")) is None


def test_the_500_handler_answers_the_clear_page_for_a_lost_connection():
    try:
        raise OperationalError("server closed the connection")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 503


def test_the_500_handler_answers_500_otherwise():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500

"""A database that cannot be reached answers a clear page, never a stack trace.

When PostgreSQL drops a connection (a restart, a failover, a connection killed by an operator) while a page is
being served, Django raises OperationalError or InterfaceError from the view. This middleware answers 503 with a
page in the visitor's language that says nothing was lost and to try again, rendered without the database (no
context processor, no session, no user). A connection lost after the view, while a middleware writes (the
session, on a sign-up), reaches Django's 500 handler instead: ``server_error`` answers the same page. A connection
dropped between two pages is replaced before the next one uses it (CONN_HEALTH_CHECKS), so the visitor never sees
it. Every write is a service in one transaction: a connection lost before the commit leaves nothing half-written,
and a form sent again is recognised (a youth's open request, an account's e-mail).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNREACHABLE):
            return None
        logger.error("database.unavailable path=%s error=%r", request.path, exception)
        return database_unavailable_response()


DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: the clear page when what failed is the database connection, Django's own 500 page otherwise.
    Django calls it while handling the exception, so the exception is the one being handled (sys.exc_info)."""
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        return database_unavailable_response()
    return defaults.server_error(request)

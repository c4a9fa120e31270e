"""What the API's views share: cursor pagination and the lookup of the key's association."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages over a changing queue: ``next`` and ``previous`` carry an opaque cursor."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class QueueCursor(Cursor):
    ordering = ("routed_at", "pk")  # the queue's order: the longest waiting first


class MentorQueueCursor(Cursor):
    ordering = ("submitted_at", "pk")


class NewestCursor(Cursor):
    ordering = ("-created_at", "-pk")


class SessionCursor(Cursor):
    ordering = ("-held_on", "-pk")


def key_association(request):
    """The association of the API key the call came with (ApiKeyPermission let only such calls in)."""
    return request.auth.association

"""What the API's views share: cursor pagination and the lookup of the key's association."""

from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from associations.enums import AccessAction
from associations.services import access_records_add


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


def serializer_columns(serializer_class, *, computed: tuple[str, ...] = (), related: tuple[str, ...] = ()) -> list[str]:
    """The columns a read-only model serializer reads, for ``only()``: its fields less the ``computed`` ones (read
    from other columns, which it names), plus the ``related`` columns of the relations it follows."""
    return [name for name in serializer_class.Meta.fields if name not in computed] + list(related)


def date_out(value):
    return None if value is None else value.isoformat()


def instance_row(instance, keys) -> dict:
    """A model instance read as ``values(*keys)`` would read its row (``user__email``: the related account's e-mail,
    none without one), so that one answer-building function serves a page of rows and a single object."""
    row = {}
    for key in keys:
        value = instance
        for part in key.split("__"):
            value = None if value is None else getattr(value, part)
        row[key] = value
    return row


class RowSerializer(serializers.ModelSerializer):
    """A read-only answer built from a ``values()`` row (or an instance, read as one) by ``answer(row)``, one plain
    function call per row instead of a field object's call per column: the declared fields still describe the answer
    (the OpenAPI schema), ``VALUES`` names what a row reads, and the answers are the same."""

    VALUES: tuple[str, ...] = ()

    def answer(self, row: dict) -> dict:
        raise NotImplementedError

    @cached_property
    def moment_field(self):
        """DRF's own output of a moment (ISO 8601, in the current time zone), the zone looked up once per answer."""
        return serializers.DateTimeField(read_only=True, default_timezone=timezone.get_current_timezone())

    def datetime_out(self, value):
        return None if value is None else self.moment_field.to_representation(value)

    def to_representation(self, instance):
        return self.answer(instance if isinstance(instance, dict) else instance_row(instance, self.VALUES))


def key_association(request):
    """The association of the API key the call came with (ApiKeyPermission let only such calls in)."""
    return request.auth.association


class AccessLogged:
    """A viewset whose answers show people's data: every answer that does is written to the access log (who, which
    people, through the API), one row per person shown, in one write. ``access_subject`` names the kind of file."""

    access_subject = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if response.status_code < 300 and isinstance(data, dict) and getattr(request, "auth", None) is not None:
            rows = data["results"] if isinstance(data.get("results"), list) else [data]
            ids = [row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)]
            if ids:
                access_records_add(
                    user=request.user,
                    action=AccessAction.API,
                    subject=self.access_subject,
                    subject_ids=ids,
                    association=key_association(request),
                )
        return response

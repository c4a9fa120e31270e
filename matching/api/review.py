"""Youth requests of the key's association: the queue (its filters), a request, and the staff actions on it, each
through the same service as the pages; a refused action is a 409 problem, another association's id a 404."""

from functools import cache

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from associations.enums import AccessSubject
from associations.geography import DEPARTMENT_CHOICES
from associations.models import Association

from ..dates import age_on
from ..enums import (
    Availability,
    Axis,
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    Language,
    MeetingMode,
    RequestState,
    Sector,
    allowed_request_actions,
)
from ..models import YouthRequest
from ..selectors.review import request_queue, requests_for_association
from ..services import review as services
from .common import (
    AccessLogged,
    QueueCursor,
    RowSerializer,
    date_out,
    key_association,
    serializer_columns,
)


@cache
def request_api_actions(state: str) -> list[str]:
    """What may be done through the API to a request in ``state`` (the transition table's actions; a proposal is
    made on the pairing pages). Computed once per state, not once per row."""
    return sorted(allowed_request_actions(state) - {"propose"})


class YouthRequestSerializer(RowSerializer):
    age = serializers.SerializerMethodField()
    claimed_by = serializers.EmailField(source="claimed_by.email", allow_null=True, read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), read_only=True)
    meeting_modes = serializers.ListField(child=serializers.ChoiceField(choices=MeetingMode.choices), read_only=True)
    availability = serializers.ListField(child=serializers.ChoiceField(choices=Availability.choices), read_only=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), read_only=True)
    actions = serializers.SerializerMethodField(help_text="What may be done to it now (POST /requests/{id}/<action>/).")

    class Meta:
        model = YouthRequest
        fields = [
            "id", "state", "first_name", "last_name", "email", "phone", "birth_date", "age", "postal_code",
            "department", "commune", "situation", "axis", "need", "sectors", "meeting_modes", "availability",
            "languages", "description", "submitted_at", "routed_at", "closed_at", "claimed_by", "actions",
        ]  # fmt: skip
        read_only_fields = fields

    VALUES = (
        "id", "state", "first_name", "last_name", "email", "phone", "birth_date", "postal_code", "department",
        "commune", "situation", "axis", "need", "sectors", "meeting_modes", "availability", "languages",
        "description", "submitted_at", "routed_at", "closed_at", "claimed_by__email",
    )  # fmt: skip

    def get_age(self, obj) -> int:  # the schema's type of ``age``
        return obj.age()

    def get_actions(self, obj) -> list[str]:  # the schema's type of ``actions``
        return request_api_actions(obj.state)

    def answer(self, row: dict) -> dict:
        return {
            "id": row["id"],
            "state": row["state"],
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "email": row["email"],
            "phone": row["phone"],
            "birth_date": date_out(row["birth_date"]),
            "age": age_on(row["birth_date"]),
            "postal_code": row["postal_code"],
            "department": row["department"],
            "commune": row["commune"],
            "situation": row["situation"],
            "axis": row["axis"],
            "need": row["need"],
            "sectors": row["sectors"],
            "meeting_modes": row["meeting_modes"],
            "availability": row["availability"],
            "languages": row["languages"],
            "description": row["description"],
            "submitted_at": self.datetime_out(row["submitted_at"]),
            "routed_at": self.datetime_out(row["routed_at"]),
            "closed_at": self.datetime_out(row["closed_at"]),
            "claimed_by": row["claimed_by__email"],
            "actions": request_api_actions(row["state"]),
        }


# What a list or a request's answer reads: these columns only (not the consent, parents' or statistics' columns),
# and of the staff member who claimed it, the e-mail.
REQUEST_COLUMNS = serializer_columns(
    YouthRequestSerializer, computed=("age", "actions", "claimed_by"), related=("claimed_by", "claimed_by__email")
)


class RequestFilterSerializer(serializers.Serializer):
    """The review queue's filters; without ``state``, the requests to work on (routed, in review, contacted)."""

    state = serializers.ChoiceField(choices=RequestState.choices, required=False)
    axis = serializers.ChoiceField(choices=Axis.choices, required=False)
    department = serializers.ChoiceField(choices=DEPARTMENT_CHOICES, required=False)
    minors = serializers.ChoiceField(choices=[("yes", "minors"), ("no", "adults")], required=False)
    waiting = serializers.ChoiceField(choices=[("7", "over 7 days"), ("14", "over 14 days")], required=False)
    claimed = serializers.ChoiceField(
        choices=[("mine", "by the key's creator"), ("unclaimed", "by nobody")], required=False
    )
    q = serializers.CharField(max_length=100, required=False, help_text="Words of the name or e-mail.")


NOTE = {"max_length": 1000, "required": False, "allow_blank": True, "default": ""}


class ContactSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices)
    note = serializers.CharField(**NOTE)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(**NOTE)


class RedirectSerializer(serializers.Serializer):
    to = serializers.SlugRelatedField(
        slug_field="slug", queryset=Association.objects.active(), help_text="The other association's slug."
    )
    note = serializers.CharField(max_length=1000, help_text="Why the request is redirected.")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(**NOTE)

    def validate(self, attrs):
        if attrs["reason"] == DeclineReason.OTHER and not attrs.get("note"):
            raise serializers.ValidationError({"note": [_("Précisez le motif.")]})
        return attrs


class RequestViewSet(AccessLogged, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = YouthRequestSerializer
    pagination_class = QueueCursor
    access_subject = AccessSubject.YOUTH_REQUEST
    lookup_value_regex = "[^/]+"  # any id reaches the view, whose answer is a problem (never an HTML 404)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a key
            return YouthRequest.objects.none()
        queryset = requests_for_association(association=key_association(self.request))
        return queryset.only(*REQUEST_COLUMNS) if self.action == "retrieve" else queryset

    @extend_schema(parameters=[RequestFilterSerializer], responses=YouthRequestSerializer(many=True))
    def list(self, request):
        filters = RequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        state = data.pop("state", None)
        queryset = request_queue(
            association=key_association(request), user=request.user, states=[state] if state else None, **data
        ).values(*YouthRequestSerializer.VALUES)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _act(self, request, input_class, call):
        """A scoped lookup (another association's id: 404), valid input, one service call, the request as it is."""
        youth_request = self.get_object()
        data = {}
        if input_class is not None:
            given = input_class(data=request.data)
            given.is_valid(raise_exception=True)
            data = given.validated_data
        call(youth_request, data)  # a DomainError is a 409 problem (mentoring/problems.py)
        # As it is now; after a redirection it has left the association, which still gets this one answer.
        youth_request = YouthRequest.objects.select_related("claimed_by").get(pk=youth_request.pk)
        return Response(self.get_serializer(youth_request).data)

    @extend_schema(request=None, responses=YouthRequestSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        return self._act(request, None, lambda r, data: services.request_claim(request=r, by=request.user))

    @extend_schema(request=ContactSerializer, responses=YouthRequestSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        return self._act(
            request, ContactSerializer, lambda r, data: services.request_contact_log(request=r, by=request.user, **data)
        )

    @extend_schema(request=AcceptSerializer, responses=YouthRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(
            request, AcceptSerializer, lambda r, data: services.request_accept(request=r, by=request.user, **data)
        )

    @extend_schema(request=RedirectSerializer, responses=YouthRequestSerializer)
    @action(detail=True, methods=["post"])
    def redirect(self, request, pk=None):
        return self._act(
            request, RedirectSerializer, lambda r, data: services.request_redirect(request=r, by=request.user, **data)
        )

    @extend_schema(request=DeclineSerializer, responses=YouthRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._act(
            request, DeclineSerializer, lambda r, data: services.request_decline(request=r, by=request.user, **data)
        )

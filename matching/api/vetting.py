"""Mentors of the key's association: the vetting queue, a mentor, and each vetting step through the same services
as the pages (what the transition table refuses is a 409 problem)."""

from functools import cache

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from associations.enums import AccessSubject

from ..dates import local_today
from ..enums import (
    Availability,
    Axis,
    Language,
    MeetingMode,
    MentorRejectReason,
    MentorState,
    Sector,
    Skill,
    allowed_mentor_actions,
)
from ..models import MentorProfile, background_check_expiry
from ..selectors.vetting import mentor_queue, mentors_for_association
from ..services import vetting as services
from .common import (
    AccessLogged,
    MentorQueueCursor,
    RowSerializer,
    date_out,
    key_association,
    serializer_columns,
)
from .review import NOTE


@cache
def mentor_api_actions(state: str) -> list[str]:
    """The vetting steps allowed to a mentor in ``state`` (with a renewal of the background check where it may be
    renewed); computed once per state, not once per row."""
    actions = allowed_mentor_actions(state)
    if state in services.CHECK_RENEWAL_STATES:
        actions.add("check")  # a renewal of the background check
    return sorted(actions)


class MentorSerializer(RowSerializer):
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), read_only=True)
    skills = serializers.ListField(child=serializers.ChoiceField(choices=Skill.choices), read_only=True)
    axes = serializers.ListField(child=serializers.ChoiceField(choices=Axis.choices), read_only=True)
    meeting_modes = serializers.ListField(child=serializers.ChoiceField(choices=MeetingMode.choices), read_only=True)
    availability = serializers.ListField(child=serializers.ChoiceField(choices=Availability.choices), read_only=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), read_only=True)
    background_check_valid_until = serializers.DateField(read_only=True, allow_null=True)
    reject_reason = serializers.ChoiceField(choices=MentorRejectReason.choices, allow_blank=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="The vetting steps allowed now (POST /mentors/{id}/<step>/).")

    class Meta:
        model = MentorProfile
        fields = [
            "id", "state", "first_name", "last_name", "email", "mentor_type", "organisation", "sectors", "skills",
            "axes", "accepts_minors", "postal_code", "department", "meeting_modes", "availability", "languages",
            "capacity", "open_mentorships", "motivation", "submitted_at", "background_check_ok",
            "background_check_on", "background_check_valid_until", "trained_on", "trainer", "reject_reason",
            "actions",
        ]  # fmt: skip
        read_only_fields = fields

    VALUES = (
        "id", "state", "user__first_name", "user__last_name", "user__email", "mentor_type", "organisation",
        "sectors", "skills", "axes", "accepts_minors", "postal_code", "department", "meeting_modes", "availability",
        "languages", "capacity", "open_mentorships", "motivation", "submitted_at", "background_check_ok",
        "background_check_on", "trained_on", "trainer", "reject_reason",
    )  # fmt: skip

    def get_actions(self, obj) -> list[str]:  # the schema's type of ``actions``
        return mentor_api_actions(obj.state)

    def answer(self, row: dict) -> dict:
        return {
            "id": row["id"],
            "state": row["state"],
            "first_name": row["user__first_name"],
            "last_name": row["user__last_name"],
            "email": row["user__email"],
            "mentor_type": row["mentor_type"],
            "organisation": row["organisation"],
            "sectors": row["sectors"],
            "skills": row["skills"],
            "axes": row["axes"],
            "accepts_minors": row["accepts_minors"],
            "postal_code": row["postal_code"],
            "department": row["department"],
            "meeting_modes": row["meeting_modes"],
            "availability": row["availability"],
            "languages": row["languages"],
            "capacity": row["capacity"],
            "open_mentorships": row["open_mentorships"],
            "motivation": row["motivation"],
            "submitted_at": self.datetime_out(row["submitted_at"]),
            "background_check_ok": row["background_check_ok"],
            "background_check_on": date_out(row["background_check_on"]),
            "background_check_valid_until": date_out(
                background_check_expiry(row["background_check_ok"], row["background_check_on"])
            ),
            "trained_on": date_out(row["trained_on"]),
            "trainer": row["trainer"],
            "reject_reason": row["reject_reason"],
            "actions": mentor_api_actions(row["state"]),
        }


# What a list or a mentor's answer reads: these columns only, and of the account, the name and e-mail.
MENTOR_COLUMNS = serializer_columns(
    MentorSerializer,
    computed=("first_name", "last_name", "email", "background_check_valid_until", "actions"),
    related=("user", "user__first_name", "user__last_name", "user__email"),
)


class MentorFilterSerializer(serializers.Serializer):
    """The vetting queue's filters; without ``state``, the applications in the pipeline."""

    state = serializers.ChoiceField(choices=MentorState.choices, required=False)
    q = serializers.CharField(max_length=100, required=False, help_text="Words of the name or e-mail.")


def _not_in_future(value):
    if value > local_today():
        raise serializers.ValidationError(_("Cette date est dans le futur."))
    return value


class StepSerializer(serializers.Serializer):
    note = serializers.CharField(**NOTE)


class BackgroundCheckSerializer(StepSerializer):
    ok = serializers.BooleanField(help_text="Seen and compliant (never send the document itself).")
    checked_on = serializers.DateField(validators=[_not_in_future])


class TrainingSerializer(StepSerializer):
    trained_on = serializers.DateField(validators=[_not_in_future])
    trainer = serializers.CharField(max_length=200)


class RejectSerializer(StepSerializer):
    reason = serializers.ChoiceField(choices=MentorRejectReason.choices)


class MentorViewSet(AccessLogged, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MentorSerializer
    pagination_class = MentorQueueCursor
    access_subject = AccessSubject.MENTOR
    lookup_value_regex = "[^/]+"  # any id reaches the view, whose answer is a problem (never an HTML 404)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a key
            return MentorProfile.objects.none()
        queryset = mentors_for_association(association=key_association(self.request))
        return queryset.only(*MENTOR_COLUMNS) if self.action == "retrieve" else queryset

    @extend_schema(parameters=[MentorFilterSerializer], responses=MentorSerializer(many=True))
    def list(self, request):
        filters = MentorFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        state = data.pop("state", None)
        queryset = mentor_queue(association=key_association(request), states=[state] if state else None, **data)
        queryset = queryset.values(*MentorSerializer.VALUES)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _step(self, request, input_class, service):
        mentor = self.get_object()
        given = input_class(data=request.data)
        given.is_valid(raise_exception=True)
        service(mentor=mentor, by=request.user, **given.validated_data)  # a DomainError is a 409 problem
        return Response(self.get_serializer(self.get_queryset().get(pk=mentor.pk)).data)

    @extend_schema(request=StepSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        return self._step(request, StepSerializer, services.mentor_contact)

    @extend_schema(request=StepSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        return self._step(request, StepSerializer, services.mentor_interview)

    @extend_schema(request=BackgroundCheckSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        return self._step(request, BackgroundCheckSerializer, services.mentor_check_declare)

    @extend_schema(request=TrainingSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def train(self, request, pk=None):
        return self._step(request, TrainingSerializer, services.mentor_train)

    @extend_schema(request=StepSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._step(request, StepSerializer, services.mentor_activate)

    @extend_schema(request=StepSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._step(request, StepSerializer, services.mentor_pause)

    @extend_schema(request=RejectSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, RejectSerializer, services.mentor_reject)

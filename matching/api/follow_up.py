"""Mentorships of the key's association, with their goals and sessions (read), and a session logged for the mentor
through the same service as the mentor's page."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..enums import EndReason, MeetingMode, MentorshipState, Outcome
from ..models import Goal, Mentorship, SessionLog
from ..selectors.follow_up import mentorships_of_association, sessions_of_mentorship
from ..services.follow_up import session_log
from .common import NewestCursor, RowSerializer, SessionCursor, date_out, key_association, serializer_columns


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "text", "status", "created_at"]
        read_only_fields = fields


class MentorshipSerializer(RowSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    meeting_mode = serializers.ChoiceField(choices=MeetingMode.choices, allow_blank=True, read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)
    end_reason = serializers.ChoiceField(choices=EndReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Mentorship
        fields = [
            "id", "state", "request", "mentor", "meeting_mode", "created_at", "started_on", "planned_end_on",
            "ended_at", "outcome", "end_reason", "goals",
        ]  # fmt: skip
        read_only_fields = fields

    VALUES = (
        "id", "state", "request_id", "mentor_id", "meeting_mode", "created_at", "started_on", "planned_end_on",
        "ended_at", "outcome", "end_reason",
    )  # fmt: skip

    def answer(self, row: dict) -> dict:
        return {
            "id": row["id"],
            "state": row["state"],
            "request": row["request_id"],
            "mentor": row["mentor_id"],
            "meeting_mode": row["meeting_mode"],
            "created_at": self.datetime_out(row["created_at"]),
            "started_on": date_out(row["started_on"]),
            "planned_end_on": date_out(row["planned_end_on"]),
            "ended_at": self.datetime_out(row["ended_at"]),
            "outcome": row["outcome"],
            "end_reason": row["end_reason"],
        }

    def to_representation(self, instance):
        """The mentorship's columns, then its goals (prefetched by the selector)."""
        answer = super().to_representation(instance)
        answer["goals"] = [
            {"id": goal.pk, "text": goal.text, "status": goal.status, "created_at": self.datetime_out(goal.created_at)}
            for goal in instance.goals.all()
        ]
        return answer


class SessionLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionLog
        fields = ["id", "held_on", "duration_hours", "mode", "topics", "private_note", "youth_feedback", "created_at"]
        read_only_fields = ["id", "youth_feedback", "created_at"]
        extra_kwargs = {"private_note": {"required": False, "default": ""}}


# What a list or a mentorship's answer reads: these columns only (not the words the youth and mentor wrote).
MENTORSHIP_COLUMNS = serializer_columns(MentorshipSerializer, computed=("goals",))


class MentorshipFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=MentorshipState.choices, required=False)


class MentorshipViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MentorshipSerializer
    pagination_class = NewestCursor
    lookup_value_regex = "[^/]+"  # any id reaches the view, whose answer is a problem (never an HTML 404)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a key
            return Mentorship.objects.none()
        queryset = mentorships_of_association(association=key_association(self.request))
        if self.action == "sessions":  # the mentorship is only looked up (scoped): not its columns nor goals
            return queryset.only("pk").prefetch_related(None)
        return queryset.only(*MENTORSHIP_COLUMNS) if self.action == "retrieve" else queryset

    @extend_schema(parameters=[MentorshipFilterSerializer], responses=MentorshipSerializer(many=True))
    def list(self, request):
        filters = MentorshipFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = mentorships_of_association(association=key_association(request), **filters.validated_data)
        queryset = queryset.only(*MENTORSHIP_COLUMNS)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=SessionLogSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=SessionCursor, serializer_class=SessionLogSerializer)
    def sessions(self, request, pk=None):
        mentorship = self.get_object()
        page = self.paginate_queryset(sessions_of_mentorship(mentorship=mentorship))
        return self.get_paginated_response(SessionLogSerializer(page, many=True).data)

    @extend_schema(request=SessionLogSerializer, responses={201: SessionLogSerializer})
    @sessions.mapping.post
    def session_create(self, request, pk=None):
        mentorship = self.get_object()
        given = SessionLogSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        session = session_log(
            mentorship=mentorship, by=request.user, association=key_association(request), **given.validated_data
        )  # a DomainError (not under way, a date out of range) is a 409 problem
        return Response(SessionLogSerializer(session).data, status=status.HTTP_201_CREATED)

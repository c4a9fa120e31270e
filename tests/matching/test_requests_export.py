"""The youth's data export holds everything kept about them, and nobody else's personal data."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import tokens
from matching.enums import RequestState
from matching.models import ContactAttempt, Goal, MentorshipTransition, StaffNote
from matching.services.routing import request_route
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import (
    CheckInFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SessionLogFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.django_db

STAFF = {"first_name": "Camille", "last_name": "Coordinatrice", "email": "camille.staff@example.org"}
MENTOR = {"first_name": "Bastien", "last_name": "Mentorlenom", "email": "bastien.mentor@example.org"}


@pytest.fixture
def request_with_everything():
    association = AssociationFactory(name="Entraide Paris", departments=["75"])
    request = YouthRequestFactory(department="75")
    request_route(request_id=request.pk)
    staff = UserFactory(**STAFF)
    ContactAttempt.objects.create(request=request, by=staff, channel="phone", outcome="reached", note="Rappeler mardi")
    StaffNote.objects.create(request=request, by=staff, text="Motivée, cherche une alternance.")
    mentor = MentorProfileFactory(association=association, user=UserFactory(**MENTOR))
    pairing = MentorshipFactory(under_way=True, months=1, request=request, mentor=mentor, association=association)
    MentorshipTransition.objects.create(mentorship=pairing, to_state="proposed", actor="staff", by=staff)
    SessionLogFactory(
        mentorship=pairing, held_on=timezone.localdate(), duration_hours=Decimal("1.5"), mode="remote",
        topics="Le CV", private_note="Semble fatiguée.", youth_feedback="Très utile",
    )  # fmt: skip
    Goal.objects.create(mentorship=pairing, text="Envoyer 5 candidatures")
    request.refresh_from_db()
    return request


def export(client, request) -> tuple[dict, str]:
    response = client.get(reverse("matching:tracking_export", args=[tokens.tracking_token(request.public_id)]))
    assert response.status_code == 200
    return response.json(), response.content.decode()


def test_the_export_holds_the_routing_decisions_with_associations_and_reasons(client, request_with_everything):
    data, _ = export(client, request_with_everything)

    [decision] = data["routing_decisions"]
    assert decision["association"] == "Entraide Paris"
    [examined] = decision["associations_examined"]
    assert examined["association"] == "Entraide Paris"
    assert examined["eligible"] is True
    assert "couvre le département 75" in examined["reasons"]
    assert data["history"][1]["association"] == "Entraide Paris"


def test_the_export_holds_the_contact_attempts_and_the_associations_notes(client, request_with_everything):
    data, _ = export(client, request_with_everything)

    assert [(c["channel"], c["outcome"], c["note"]) for c in data["contact_attempts"]] == [
        ("phone", "reached", "Rappeler mardi")
    ]
    assert [note["text"] for note in data["association_notes"]] == ["Motivée, cherche une alternance."]


def test_the_export_holds_the_mentorships_with_the_mentors_first_name_only(client, request_with_everything):
    data, _ = export(client, request_with_everything)

    [mentorship] = data["mentorships"]
    assert mentorship["mentor_first_name"] == "Bastien"
    assert mentorship["state"] == "active"
    assert mentorship["started_on"] == (timezone.localdate() - timedelta(days=30)).isoformat()
    assert mentorship["association"] == "Entraide Paris"
    assert [(t["state"], t["by"]) for t in mentorship["history"]] == [("proposed", "staff")]


def test_the_export_holds_the_sessions_and_the_youths_feedback_but_not_the_mentors_note(
    client, request_with_everything
):
    data, raw = export(client, request_with_everything)

    [session] = data["mentorships"][0]["sessions"]
    assert (session["duration_hours"], session["mode"], session["topics"], session["youth_feedback"]) == (
        "1.5",
        "remote",
        "Le CV",
        "Très utile",
    )
    assert session["mentor_note_for_the_association_withheld"] is True
    assert "Semble fatiguée" not in raw


def test_the_export_holds_the_goals(client, request_with_everything):
    data, _ = export(client, request_with_everything)

    assert [(g["text"], g["status"]) for g in data["mentorships"][0]["goals"]] == [("Envoyer 5 candidatures", "todo")]


def test_the_export_names_no_staff_member_and_gives_no_mentor_details(client, request_with_everything):
    _, raw = export(client, request_with_everything)

    for leaked in ["Camille", "Coordinatrice", "camille.staff", "Mentorlenom", "bastien.mentor"]:
        assert leaked not in raw, leaked
    assert json.loads(raw)["state"] == RequestState.ROUTED


def test_the_export_holds_the_youth_s_check_in_answers_not_the_mentor_s(client):
    youth = CheckInFactory(answered=True, comment="Ça avance bien")
    CheckInFactory(mentorship=youth.mentorship, mentor=True, answered=True, comment="Je m'inquiète pour elle")

    data, raw = export(client, youth.mentorship.request)

    mentorship = data["mentorships"][0]
    answers = [(c["month"], c["satisfaction"], c["comment"]) for c in mentorship["check_ins"]]
    assert answers == [(1, 4, "Ça avance bien")]
    assert mentorship["mentor_check_ins_withheld"] == 1
    assert "Je m'inquiète" not in raw

"""A move saves the state and what changes with it, never the whole row: a column another writer changed meanwhile
(a mentor's count of open mentorships, a pairing's referent) is kept."""

import pytest
from django.db.models import F

from matching.enums import Actor, AlertState, MentorshipState, MentorState
from matching.models import Alert, MentorProfile, Mentorship
from matching.services.transitions import alert_move, mentor_move, mentorship_move
from tests.accounts.factories import UserFactory
from tests.matching.factories import AlertFactory, MentorProfileFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def test_a_mentor_s_move_keeps_their_open_mentorships_counted_meanwhile():
    mentor = MentorProfileFactory(active=True)
    MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=F("open_mentorships") + 1, capacity=3)

    mentor.reject_reason = ""
    mentor_move(mentor, to=MentorState.PAUSED, actor=Actor.STAFF)

    mentor.refresh_from_db()
    assert (mentor.state, mentor.open_mentorships, mentor.capacity) == (MentorState.PAUSED, 1, 3)


def test_a_mentorship_s_move_saves_the_fields_set_with_it_and_keeps_the_others():
    mentorship = MentorshipFactory(under_way=True)
    referent = UserFactory()
    Mentorship.objects.filter(pk=mentorship.pk).update(referent=referent)

    mentorship.end_reason = "mentor_unavailable"
    mentorship_move(mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.STAFF)

    mentorship.refresh_from_db()
    assert (mentorship.state, mentorship.end_reason, mentorship.referent) == (
        MentorshipState.ENDED_EARLY,
        "mentor_unavailable",
        referent,
    )


def test_an_alert_s_move_keeps_its_detail_written_meanwhile():
    alert = AlertFactory()
    Alert.objects.filter(pk=alert.pk).update(detail="Ajouté entre-temps")

    alert.claimed_by = UserFactory()
    alert_move(alert, to=AlertState.CLAIMED, actor=Actor.STAFF, by=alert.claimed_by)

    alert.refresh_from_db()
    assert (alert.state, alert.detail, alert.claimed_by_id is not None) == (
        AlertState.CLAIMED,
        "Ajouté entre-temps",
        True,
    )

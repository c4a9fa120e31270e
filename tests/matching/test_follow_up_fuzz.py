"""Fuzzing the forms of pairing and follow-up (tests/fuzz.py): the mentor's answer, sessions and goals (mentor's
space), staff's proposal and the pause, completion or early end of a mentorship, the alerts (claim, note,
resolution), the check-ins and the concerns, through the real views."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from matching import tokens
from matching.models import Alert, AlertNote, CheckIn, Concern, Goal, Mentorship, SessionLog, YouthRequest
from tests.accounts.factories import UserFactory
from tests.fuzz import (
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    mutations,
    staff_login,
    with_noise,
)
from tests.matching.factories import (
    AlertFactory,
    CheckInFactory,
    MentorProfileFactory,
    MentorshipFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.fuzz

MENTORSHIP_ROWS = (Mentorship.objects.all, SessionLog.objects.all, Goal.objects.all, YouthRequest.objects.all)


ALERT_STATES = st.sampled_from([None, "claimed", "resolved"])


def rows():
    return [queryset() for queryset in MENTORSHIP_ROWS]


class TestMentorForms(TestCase):
    @given(data=mutations({"answer": "decline", "reason": "distance"}))
    def test_the_mentors_answer(self, data):
        mentorship = MentorshipFactory(proposed=True, proposed_by=UserFactory())
        self.client.force_login(mentorship.mentor.user)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:mentor_answer", args=[mentorship.pk]), data)

        assert_answered_safely(response)
        assert_rows_valid(*rows())
        assert_emails_escaped()

    @given(
        data=mutations(
            {
                "held_on": timezone.localdate().isoformat(),
                "duration_hours": "1.5",
                "mode": "remote",
                "topics": "CV",
                "private_note": "RAS",
            }
        )
    )
    def test_a_session(self, data):
        mentorship = MentorshipFactory(under_way=True, proposed_by=UserFactory())
        self.client.force_login(mentorship.mentor.user)
        posted = {f"session-{mentorship.pk}-{name}": value for name, value in data.items()}

        response = self.client.post(reverse("matching:mentor_session_log", args=[mentorship.pk]), posted, follow=True)

        assert_answered_safely(response)
        assert_rows_valid(*rows())

    @given(data=mutations({"text": "Trouver un stage", "status": "", "goal": ""}))
    def test_a_goal(self, data):
        mentorship = MentorshipFactory(under_way=True, proposed_by=UserFactory())
        self.client.force_login(mentorship.mentor.user)

        response = self.client.post(reverse("matching:mentor_goal", args=[mentorship.pk]), data, follow=True)

        assert_answered_safely(response)
        assert_rows_valid(*rows())


STEPS = {
    "pause": {"pause-note": "Examens"},
    "complete": {"complete-outcome": "job", "complete-youth_words": "Merci", "complete-mentor_words": "Bravo"},
    "end": {"end-reason": "moved", "end-note": "Parti", "end-youth_wants_another": "yes"},
}


class TestStaffForms(TestCase):
    @given(data=mutations({"mentor": "0"}))
    def test_a_proposal(self, data):
        request = YouthRequestFactory(accepted=True, adult=True)
        staff_login(self.client, request.association)
        mentor = MentorProfileFactory(active=True, association=request.association)
        if data.get("mentor") == "0":  # kept as posted: a mentor the association can propose
            data["mentor"] = str(mentor.pk)
        url = reverse("matching:request_propose", kwargs={"association": request.association.slug, "pk": request.pk})

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)

        assert_answered_safely(response)
        assert_rows_valid(*rows())
        assert_emails_escaped()

    def post_step(self, step, data):
        mentorship = MentorshipFactory(under_way=True, months=7, proposed_by=UserFactory())
        staff_login(self.client, mentorship.association)
        kwargs = {"association": mentorship.association.slug, "pk": mentorship.request.pk, "step": step}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:request_mentorship_step", kwargs=kwargs), data)
        assert_answered_safely(response)
        assert_rows_valid(*rows())
        assert_emails_escaped()

    @given(data=mutations(STEPS["pause"]))
    def test_a_pause(self, data):
        self.post_step("pause", data)

    @given(data=mutations(STEPS["complete"]))
    def test_the_completion(self, data):
        self.post_step("complete", data)

    @given(data=mutations(STEPS["end"]))
    def test_an_early_end(self, data):
        self.post_step("end", data)


FOLLOW_UP_ROWS = (Alert.objects.all, AlertNote.objects.all, CheckIn.objects.all, Concern.objects.all)


def staff_reads(client, association):
    """The association's coordinator signs in on ``client`` and opens every alert: what was written shows escaped."""
    staff_login(client, association)
    for alert in Alert.objects.filter(association=association):
        kwargs = {"association": association.slug, "pk": alert.pk}
        assert_answered_safely(client.get(reverse("matching:alert_detail", kwargs=kwargs)))


def follow_up_checked(response):
    assert_answered_safely(response)
    assert_rows_valid(*rows(), *[queryset() for queryset in FOLLOW_UP_ROWS])
    assert_emails_escaped()


class TestAlertForms(FuzzTestCase):
    """A coordinator claims an alert, writes a note on it, resolves it: whatever its state, whatever is posted."""

    def post(self, name, data, alert_state):
        alert = AlertFactory(**{alert_state: True} if alert_state else {}, mentorship__proposed_by=UserFactory())
        staff_login(self.client, alert.association)
        kwargs = {"association": alert.association.slug, "pk": alert.pk}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(f"matching:{name}", kwargs=kwargs), data, follow=True)
        follow_up_checked(response)  # claimed or noted: the alert's page, which shows the notes
        if name == "alert_resolve":  # back to the queue: the alert's page shows the resolution's note
            assert_answered_safely(self.client.get(reverse("matching:alert_detail", kwargs=kwargs)))

    @given(data=with_noise({}), state=ALERT_STATES)
    def test_a_claim(self, data, state):
        self.post("alert_claim", data, state)

    @given(data=with_noise({"text": "Rappelé le mentor"}), state=ALERT_STATES)
    def test_a_note(self, data, state):
        self.post("alert_note", data, state)

    @given(data=with_noise({"resolve-note": "Rencontre organisée"}), state=ALERT_STATES)
    def test_the_resolution(self, data, state):
        self.post("alert_resolve", data, state)


CHECK_IN = {
    "satisfaction": "2",
    "meeting_frequency": "monthly",
    "goals_progress": "some",
    "comment": "Ça va à peu près",
    "wants_contact": "on",
}


class TestCheckInAndConcernForms(FuzzTestCase):
    """The youth's check-in (its link) and concern (the tracking page), the mentor's check-in and message (Mon
    espace); the association reads them on its alerts, escaped."""

    @given(data=mutations(CHECK_IN), answered=st.booleans())
    def test_the_youths_check_in(self, data, answered):
        check_in = CheckInFactory(answered=answered, mentorship__proposed_by=UserFactory())
        url = reverse("matching:check_in_answer", args=[tokens.check_in_token(check_in.public_id)])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)

        follow_up_checked(response)
        assert_answered_safely(self.client.get(url))
        staff_reads(self.client, check_in.mentorship.association)

    @given(data=mutations(CHECK_IN), answered=st.booleans())
    def test_the_mentors_check_in(self, data, answered):
        check_in = CheckInFactory(mentor=True, answered=answered, mentorship__proposed_by=UserFactory())
        self.client.force_login(check_in.mentorship.mentor.user)
        url = reverse("matching:mentor_check_in", args=[check_in.pk])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)

        follow_up_checked(response)
        staff_reads(self.client, check_in.mentorship.association)

    @given(data=mutations({"text": "Mon mentor ne répond plus"}), state=st.sampled_from(["under_way", "proposed"]))
    def test_the_youths_concern(self, data, state):
        mentorship = MentorshipFactory(**{state: True}, proposed_by=UserFactory())
        token = tokens.tracking_token(mentorship.request.public_id)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:tracking_concern", args=[token]), data, follow=True)

        follow_up_checked(response)  # the tracking page lists the youth's concerns
        staff_reads(self.client, mentorship.association)

    @given(data=mutations({"concern-kind": "concern", "concern-mentorship": "0", "concern-text": "Il ne vient plus"}))
    def test_the_mentors_message(self, data):
        mentorship = MentorshipFactory(under_way=True, proposed_by=UserFactory())
        if data.get("concern-mentorship") == "0":  # kept as posted: the mentor's pairing
            data["concern-mentorship"] = str(mentorship.pk)
        self.client.force_login(mentorship.mentor.user)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:mentor_concern"), data, follow=True)

        follow_up_checked(response)  # Mon espace
        staff_reads(self.client, mentorship.association)

"""Fuzzing the forms of pairing and follow-up (tests/fuzz.py): the mentor's answer, sessions and goals (mentor's
space), staff's proposal and the pause, completion or early end of a mentorship, through the real views."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis.extra.django import TestCase

from matching.models import Goal, Mentorship, SessionLog, YouthRequest
from tests.accounts.factories import UserFactory
from tests.fuzz import assert_answered_safely, assert_emails_escaped, assert_rows_valid, mutations, staff_login
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.fuzz

MENTORSHIP_ROWS = (Mentorship.objects.all, SessionLog.objects.all, Goal.objects.all, YouthRequest.objects.all)


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

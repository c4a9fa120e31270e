"""Fuzzing the mentor's sign-up (public) and the staff's vetting steps (tests/fuzz.py), through the real views."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis.extra.django import TestCase

from accounts.models import OutboundEmail, User
from matching.enums import MentorState
from matching.models import MentorProfile, StaffNote
from tests.associations.factories import AssociationFactory
from tests.fuzz import assert_answered_safely, assert_emails_escaped, assert_rows_valid, mutations, staff_login
from tests.matching.factories import MentorProfileFactory
from tests.matching.form_data import mentor_form_data

pytestmark = pytest.mark.fuzz

TODAY = timezone.localdate().isoformat()
# Each step, the state it applies to and a valid post (the step's form is prefixed with its name).
STEPS = {
    "contact": (MentorState.SUBMITTED, {"contact-note": "Appel ok"}),
    "check": (MentorState.INTERVIEWED, {"check-ok": "yes", "check-checked_on": TODAY, "check-note": ""}),
    "train": (MentorState.CHECKED, {"train-trained_on": TODAY, "train-trainer": "Équipe", "train-note": ""}),
    "reject": (MentorState.CONTACTED, {"reject-reason": "profile", "reject-note": "Pas adapté"}),
}


class TestMentorForms(TestCase):
    @given(data=mutations(mentor_form_data()))
    def test_the_sign_up(self, data):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:mentor_signup"), data)

        assert_answered_safely(response)
        assert_rows_valid(User.objects.all(), MentorProfile.objects.all(), OutboundEmail.objects.all())
        assert_emails_escaped()

    def post_step(self, step, data):
        state, _valid = STEPS[step]
        association = AssociationFactory()
        staff_login(self.client, association)
        mentor = MentorProfileFactory(association=association, state=state)
        url = reverse("matching:mentor_step", kwargs={"association": association.slug, "pk": mentor.pk, "step": step})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        assert_answered_safely(response)
        assert_rows_valid(MentorProfile.objects.all())
        assert_emails_escaped()

    @given(data=mutations(STEPS["contact"][1]))
    def test_the_first_contact(self, data):
        self.post_step("contact", data)

    @given(data=mutations(STEPS["check"][1]))
    def test_the_background_check(self, data):
        self.post_step("check", data)

    @given(data=mutations(STEPS["train"][1]))
    def test_the_training(self, data):
        self.post_step("train", data)

    @given(data=mutations(STEPS["reject"][1]))
    def test_the_rejection(self, data):
        self.post_step("reject", data)

    @given(data=mutations({"text": "Très motivé"}))
    def test_a_note_on_a_mentor(self, data):
        association = AssociationFactory()
        staff_login(self.client, association)
        mentor = MentorProfileFactory(association=association)
        url = reverse("matching:mentor_note", kwargs={"association": association.slug, "pk": mentor.pk})

        response = self.client.post(url, data, follow=True)  # the mentor's page shows the note

        assert_answered_safely(response)
        assert_rows_valid(StaffNote.objects.all())

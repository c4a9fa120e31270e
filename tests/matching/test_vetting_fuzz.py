"""Fuzzing the mentor's sign-up (public), the staff's vetting steps and the training sessions (tests/fuzz.py), through
the real views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import OutboundEmail, User
from matching.enums import MentorState, TrainingRegistrationState
from matching.models import MentorProfile, StaffNote, TrainingRegistration, TrainingSession
from tests.associations.factories import AssociationFactory
from tests.fuzz import (
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    mutations,
    staff_login,
    with_noise,
)
from tests.matching.factories import MentorProfileFactory, TrainingRegistrationFactory, TrainingSessionFactory
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


IN_A_WEEK = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
TRAINING_SESSION = {
    "starts_at": IN_A_WEEK,
    "duration_minutes": "120",
    "place": "Maison des associations",
    "remote_link": "https://visio.example.org/formation",
    "trainer": "Inès",
    "seats": "12",
}
TRAINING_ROWS = (TrainingSession.objects.all, TrainingRegistration.objects.all, MentorProfile.objects.all)


class TestTrainingForms(FuzzTestCase):
    """Staff schedule, change and cancel training sessions and mark attendance; a mentor registers and unregisters.
    Each session's page (and the mentor's space) shows what was written, escaped; the mentors' e-mails too."""

    def check(self, response):
        assert_answered_safely(response)
        assert_rows_valid(*[queryset() for queryset in TRAINING_ROWS])
        assert_emails_escaped()

    def staff_post(self, association, name, pk, data):
        kwargs = {"association": association.slug} | ({"pk": pk} if pk else {})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(f"matching:{name}", kwargs=kwargs), data, follow=True)
        self.check(response)

    @given(data=mutations(TRAINING_SESSION))
    def test_a_new_session(self, data):
        association = AssociationFactory()
        staff_login(self.client, association)
        MentorProfileFactory(checked=True, association=association)  # invited by e-mail
        self.staff_post(association, "training_create", None, data)

    @given(data=mutations(TRAINING_SESSION), started=st.booleans())
    def test_a_change(self, data, started):
        registration = TrainingRegistrationFactory(session__past=started)  # the registered mentor is told
        staff_login(self.client, registration.session.association)
        self.staff_post(registration.session.association, "training_update", registration.session.pk, data)

    @given(data=with_noise({}), session=st.sampled_from([{}, {"past": True}, {"cancelled": True}]))
    def test_a_cancellation(self, data, session):
        registration = TrainingRegistrationFactory(**{f"session__{name}": value for name, value in session.items()})
        staff_login(self.client, registration.session.association)
        self.staff_post(registration.session.association, "training_cancel", registration.session.pk, data)

    @given(
        data=with_noise({"attended": "yes"}),
        state=st.sampled_from(TrainingRegistrationState.values),
        past=st.booleans(),
    )
    def test_the_attendance(self, data, state, past):
        registration = TrainingRegistrationFactory(state=state, session__past=past)
        staff_login(self.client, registration.session.association)
        self.staff_post(registration.session.association, "training_attendance", registration.pk, data)

    @given(data=with_noise({}), registered=st.booleans(), seats=st.integers(min_value=1, max_value=2))
    def test_the_mentors_registration(self, data, registered, seats):
        session = TrainingSessionFactory(seats=seats)
        mentor = MentorProfileFactory(checked=True, association=session.association)
        if registered:
            TrainingRegistrationFactory(session=session, mentor=mentor)
        self.client.force_login(mentor.user)
        name = "mentor_training_unregister" if registered else "mentor_training_register"

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(f"matching:{name}", args=[session.pk]), data, follow=True)

        self.check(response)

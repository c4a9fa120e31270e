"""Fuzzing the public forms of a youth's request (tests/fuzz.py): the request form, the tracking page's withdrawal
and session feedback, a parent's decision, the language switch, the lost link page and the youth's reminders."""

import pytest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import OutboundEmail
from matching import tokens
from matching.models import SessionLog, YouthRequest
from tests.fuzz import (
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    mutations,
    with_noise,
)
from tests.matching.factories import SessionLogFactory, YouthRequestFactory
from tests.matching.form_data import youth_form_data

pytestmark = pytest.mark.fuzz


class TestYouthForms(TestCase):
    @given(data=mutations(youth_form_data()))
    def test_the_request_form(self, data):
        with self.captureOnCommitCallbacks(execute=True):  # the tasks run (eagerly): the e-mails are written
            response = self.client.post(reverse("matching:youth_request_create"), data)

        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all(), OutboundEmail.objects.all())
        assert_emails_escaped()

    @given(data=mutations({"reason": "found_help", "note": "Merci quand même"}))
    def test_the_withdrawal(self, data):
        request = YouthRequestFactory(routed=True)
        token = tokens.tracking_token(request.public_id)

        response = self.client.post(reverse("matching:tracking_withdraw", args=[token]), data)

        assert_answered_safely(response)
        assert_answered_safely(self.client.get(reverse("matching:tracking", args=[token])))
        assert_rows_valid(YouthRequest.objects.all())

    @given(data=mutations({"text": "Une séance très utile."}))
    def test_the_session_feedback(self, data):
        session = SessionLogFactory()
        token = tokens.tracking_token(session.mentorship.request.public_id)
        url = reverse("matching:tracking_session_feedback", args=[token, session.pk])

        response = self.client.post(url, data)

        assert_answered_safely(response)
        assert_answered_safely(self.client.get(reverse("matching:tracking", args=[token])))
        assert_rows_valid(SessionLog.objects.all())

    @given(data=mutations({"decision": "confirm"}))
    def test_a_parents_decision(self, data):
        request = YouthRequestFactory(awaiting_parent=True)
        url = reverse("matching:parent_consent", args=[tokens.parent_consent_token(request.parent_public_id)])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)

        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all())
        assert_emails_escaped()

    @given(data=mutations({"language": "en", "next": "/trouver-un-mentor/"}))
    def test_the_language_switch(self, data):
        response = self.client.post(reverse("accounts:language_switch"), data)

        assert_answered_safely(response)
        if response.status_code == 302:  # never sent elsewhere than this site
            assert url_has_allowed_host_and_scheme(response.url, allowed_hosts={"testserver"}), response.url


class TestTrackingLinkForms(FuzzTestCase):
    """The lost link page (public, the same answer whoever asks) and the youth's e-mail preferences (their link)."""

    @given(data=mutations({"email": "lea.martin@example.org"}), known=st.booleans())
    def test_a_lost_link(self, data, known):
        if known:
            YouthRequestFactory(routed=True, email="lea.martin@example.org")

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("matching:tracking_lost"), data)

        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all(), OutboundEmail.objects.all())
        assert_emails_escaped()

    @given(data=with_noise({"accepts_non_essential_emails": "on"}))
    def test_the_reminders_choice(self, data):
        request = YouthRequestFactory(routed=True)
        token = tokens.tracking_token(request.public_id)

        response = self.client.post(reverse("matching:tracking_reminders", args=[token]), data, follow=True)

        assert_answered_safely(response)
        assert_rows_valid(YouthRequest.objects.all())

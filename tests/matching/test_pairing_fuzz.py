"""Fuzzing the pairing buttons and the batch approval (tests/fuzz.py), through the real views: staff confirm or
cancel a proposal, the youth confirms their mentor, staff approve pairs of the batch plan. Whatever the mentorship's
state and whatever is posted, never a 500, never an invalid row."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from matching import tokens
from matching.enums import MentorshipState
from matching.models import MentorProfile, Mentorship, MentorshipTransition, YouthRequest
from tests.accounts.factories import UserFactory
from tests.fuzz import (
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    staff_login,
    with_noise,
)
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.fuzz

MENTORSHIP_STATES = st.sampled_from(MentorshipState.values)


def pairing_checked(response):
    assert_answered_safely(response)
    assert_rows_valid(
        Mentorship.objects.all(),
        MentorshipTransition.objects.all(),
        YouthRequest.objects.all(),
        MentorProfile.objects.all(),
    )
    assert_emails_escaped()


def a_mentorship(state):
    under_way = state not in (MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED)
    return MentorshipFactory(under_way=under_way, state=state, proposed_by=UserFactory())


class TestPairingForms(FuzzTestCase):
    def staff_post(self, name, data, state):
        mentorship = a_mentorship(state)
        association = mentorship.association
        staff_login(self.client, association)
        url = reverse(f"matching:{name}", kwargs={"association": association.slug, "pk": mentorship.request.pk})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)
        pairing_checked(response)

    @given(data=with_noise({}), state=MENTORSHIP_STATES)
    def test_staff_confirm(self, data, state):
        self.staff_post("request_mentorship_confirm", data, state)

    @given(data=with_noise({}), state=MENTORSHIP_STATES)
    def test_staff_cancel(self, data, state):
        self.staff_post("request_mentorship_cancel", data, state)

    @given(data=with_noise({}), state=MENTORSHIP_STATES)
    def test_the_youth_confirms(self, data, state):
        mentorship = a_mentorship(state)
        token = tokens.tracking_token(mentorship.request.public_id)

        with self.captureOnCommitCallbacks(execute=True):
            url = reverse("matching:tracking_mentorship_confirm", args=[token])
            response = self.client.post(url, data, follow=True)

        pairing_checked(response)


# A ticked pair as the preview posts it ("<request>:<mentor>"), or anything else.
PAIR_VALUES = st.one_of(
    st.just("valid"),
    st.tuples(st.integers(min_value=0, max_value=10**18), st.integers(min_value=0, max_value=10**18)).map(
        lambda pair: f"{pair[0]}:{pair[1]}"
    ),
    st.text(max_size=40),
)


class TestBatchApproval(FuzzTestCase):
    @given(pairs=st.lists(PAIR_VALUES, max_size=4), noise=with_noise({}))
    def test_the_approval(self, pairs, noise):
        request = YouthRequestFactory(accepted=True, adult=True)
        staff_login(self.client, request.association)
        mentor = MentorProfileFactory(active=True, association=request.association)
        other = YouthRequestFactory(accepted=True, adult=True)  # another association's: never proposed
        values = [f"{request.pk}:{mentor.pk}" if value == "valid" else value for value in pairs]
        values.append(f"{other.pk}:{mentor.pk}")
        url = reverse("matching:batch_preview", kwargs={"association": request.association.slug})

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, noise | {"pair": values}, follow=True)

        pairing_checked(response)
        assert not Mentorship.objects.filter(request=other).exists()

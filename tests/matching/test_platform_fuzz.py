"""Fuzzing the platform administrators' forms (tests/fuzz.py): the monthly targets and the rerouting of a waiting
request or application, through the real views."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from matching.enums import RequestState
from matching.models import MentorProfile, MonthlyTarget, RoutingDecision, YouthRequest
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.fuzz import (
    FuzzTestCase,
    assert_answered_safely,
    assert_emails_escaped,
    assert_rows_valid,
    mutations,
    with_noise,
)
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.fuzz

TARGETS = {"target-starts_on": "2026-01", "target-intake": "40", "target-matches": "20", "target-completions": "5"}


def platform_checked(response):
    assert_answered_safely(response)
    assert_rows_valid(
        YouthRequest.objects.all(),
        MentorProfile.objects.all(),
        RoutingDecision.objects.all(),
        MonthlyTarget.objects.all(),
    )
    assert_emails_escaped()


class TestPlatformForms(FuzzTestCase):
    @given(data=mutations(TARGETS))
    def test_the_monthly_targets(self, data):
        self.client.force_login(UserFactory(platform_admin=True))

        response = self.client.post(reverse("matching:platform_target_set"), data)  # refused: the form, as posted

        platform_checked(response)

    @given(data=with_noise({}), kind=st.sampled_from(["request", "mentor"]), covered=st.booleans())
    def test_a_reroute(self, data, kind, covered):
        self.client.force_login(UserFactory(platform_admin=True))
        if covered:  # an association now covers the department
            AssociationFactory(departments=["75", "13", "69"])
        if kind == "request":
            item = YouthRequestFactory(state=RequestState.UNROUTED, association=None)
        else:
            item = MentorProfileFactory(association=None)
        url = reverse(f"matching:unrouted_{kind}_reroute", args=[item.pk])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)

        platform_checked(response)

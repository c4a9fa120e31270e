"""Alerts of the follow-up queue: raised once per key while open, whoever raises them."""

import pytest

from matching.enums import Actor, AlertKind, AlertState
from matching.models import Alert
from matching.services.follow_up import alert_raise
from tests.matching.factories import AlertFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def test_alert_raise_opens_an_alert_with_its_log():
    mentorship = MentorshipFactory(under_way=True)

    alert = alert_raise(
        association=mentorship.association,
        kind=AlertKind.SILENT_PAIR,
        mentorship=mentorship,
        dedup_key=f"silent_pair:{mentorship.pk}",
    )

    assert alert.state == AlertState.OPEN
    assert alert.association == mentorship.association
    assert not alert.urgent
    assert [(t.from_state, t.to_state, t.actor) for t in alert.transitions.all()] == [
        ("", AlertState.OPEN, Actor.SYSTEM)
    ]


def test_alert_raise_twice_returns_the_open_alert():
    mentorship = MentorshipFactory(under_way=True)
    raise_it = lambda: alert_raise(  # noqa: E731
        association=mentorship.association, kind=AlertKind.LOW_CHECKIN, mentorship=mentorship, dedup_key="k:1"
    )

    first, second = raise_it(), raise_it()

    assert first == second
    assert Alert.objects.count() == 1


def test_alert_raise_returns_a_claimed_alert_of_the_same_key():
    claimed = AlertFactory(claimed=True, dedup_key="k:2")

    assert alert_raise(association=claimed.association, kind=claimed.kind, dedup_key="k:2") == claimed


def test_alert_raise_after_resolution_opens_a_new_alert():
    resolved = AlertFactory(resolved=True, dedup_key="k:3")

    alert = alert_raise(association=resolved.association, kind=resolved.kind, dedup_key="k:3")

    assert alert != resolved
    assert alert.state == AlertState.OPEN


def test_a_concern_is_urgent_by_its_kind():
    mentorship = MentorshipFactory(under_way=True)

    alert = alert_raise(
        association=mentorship.association, kind=AlertKind.CONCERN_REPORTED, request=mentorship.request, dedup_key="c"
    )

    assert alert.urgent

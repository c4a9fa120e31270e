"""Alerts of the follow-up queue: raised once per key while open, whoever raises them."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from matching.enums import Actor, AlertKind, AlertState
from matching.models import Alert
from matching.selectors.follow_up import alert_counts_for_membership
from matching.services.follow_up_alerts import alert_raise
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
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


# --- The follow-up queue ------------------------------------------------------------------------------------------


@pytest.fixture
def association():
    return AssociationFactory(slug="paris")


@pytest.fixture
def coordinator(client, association):
    user = StaffMembershipFactory(association=association).user
    client.force_login(user)
    return user


def queue(association, **params):
    return reverse("matching:alert_queue", kwargs={"association": association.slug}) + (
        "?" + urlencode(params) if params else ""
    )


def alert_url(name, alert):
    return reverse(f"matching:{name}", kwargs={"association": alert.association.slug, "pk": alert.pk})


def listed(response):
    return [alert.pk for alert in response.context["page"]]


def test_the_queue_lists_the_open_alerts_urgent_first(client, coordinator, association):
    silent = AlertFactory(mentorship__association=association)
    concern = AlertFactory(mentorship__association=association, urgent_concern=True)
    resolved = AlertFactory(mentorship__association=association, resolved=True)
    AlertFactory()  # another association's

    response = client.get(queue(association))

    assert listed(response) == [concern.pk, silent.pk]
    assert listed(client.get(queue(association, statut="resolues"))) == [resolved.pk]
    assert listed(client.get(queue(association, type=AlertKind.SILENT_PAIR))) == [silent.pk]


def test_mine_lists_the_alerts_i_claimed(client, coordinator, association):
    mine = AlertFactory(mentorship__association=association, claimed=True, claimed_by=coordinator)
    AlertFactory(mentorship__association=association, claimed=True)

    assert listed(client.get(queue(association, miennes="on"))) == [mine.pk]


def test_unknown_filters_are_ignored(client, coordinator, association):
    alert = AlertFactory(mentorship__association=association)

    response = client.get(queue(association, type="nope", statut="²"))

    assert response.status_code == 200
    assert listed(response) == [alert.pk]


def test_the_navigation_counts_the_open_alerts(client, coordinator, association):
    AlertFactory(mentorship__association=association)
    AlertFactory(mentorship__association=association, urgent_concern=True)
    AlertFactory(mentorship__association=association, resolved=True)

    response = client.get(reverse("matching:pair_list", kwargs={"association": association.slug}))

    assert 'id="nav-alerts-count">2<' in response.content.decode()


def test_the_navigation_counts_only_the_association_viewed(coordinator, association, django_assert_num_queries):
    membership = coordinator.memberships.get(association=association)
    other_membership = StaffMembershipFactory(user=coordinator, mfa=False)  # she is staff of a second association
    AlertFactory(mentorship__association=association)
    AlertFactory.create_batch(2, mentorship__association=other_membership.association, urgent_concern=True)
    AlertFactory()  # an association she is not staff of

    with django_assert_num_queries(1):
        assert alert_counts_for_membership(membership=membership) == {"open": 1, "urgent": 0}
    assert alert_counts_for_membership(membership=other_membership) == {"open": 2, "urgent": 2}


def test_the_navigation_of_staff_of_two_associations_counts_and_offers_the_other_one(client, coordinator, association):
    other = StaffMembershipFactory(user=coordinator, association__name="Zèbre Mentorat").association
    AlertFactory(mentorship__association=association)
    AlertFactory.create_batch(2, mentorship__association=other, urgent_concern=True)

    page = client.get(reverse("matching:pair_list", kwargs={"association": association.slug})).content.decode()

    assert 'id="nav-alerts-count">1<' in page
    assert reverse("matching:request_queue", kwargs={"association": other.slug}) in page
    assert "Zèbre Mentorat" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_queue_query_count_does_not_grow(client, coordinator, association, django_assert_num_queries, rows):
    for n in range(rows):
        AlertFactory(mentorship__association=association, claimed=bool(n % 2), urgent=not n % 3)
    # session, user, memberships, count, page (with subjects, claimer, notes count), the navigation's alert counts
    with django_assert_num_queries(6):
        assert client.get(queue(association)).status_code == 200


def test_claim_note_and_resolve(client, coordinator, association):
    alert = AlertFactory(mentorship__association=association)

    client.post(alert_url("alert_claim", alert))
    client.post(alert_url("alert_note", alert), {"text": "Appelé le mentor, il reprend contact."})
    response = client.post(alert_url("alert_resolve", alert), {"resolve-note": "Séance prévue mardi."})

    alert.refresh_from_db()
    assert response.status_code == 302
    assert alert.state == AlertState.RESOLVED
    assert alert.claimed_by == coordinator
    assert alert.resolved_by == coordinator
    assert [note.text for note in alert.notes.all()] == [
        "Appelé le mentor, il reprend contact.",
        "Séance prévue mardi.",
    ]
    assert [t.to_state for t in alert.transitions.all()] == [AlertState.CLAIMED, AlertState.RESOLVED]
    assert listed(client.get(queue(association))) == []


def test_resolving_needs_a_note(client, coordinator, association):
    alert = AlertFactory(mentorship__association=association)

    client.post(alert_url("alert_resolve", alert), {"resolve-note": " "})

    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN


def test_a_resolved_alert_cannot_be_claimed_again(client, coordinator, association):
    alert = AlertFactory(mentorship__association=association, resolved=True)

    response = client.post(alert_url("alert_claim", alert), follow=True)

    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED
    assert "situation a changé" in response.content.decode()


def test_an_alert_of_another_association_is_a_404_through_one_s_own(client, coordinator, association):
    other = AlertFactory()
    url = reverse("matching:alert_detail", kwargs={"association": association.slug, "pk": other.pk})

    assert client.get(url).status_code == 404
    assert client.post(url.replace(f"/{other.pk}/", f"/{other.pk}/prendre/")).status_code == 404
    other.refresh_from_db()
    assert other.state == AlertState.OPEN

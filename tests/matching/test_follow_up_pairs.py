"""The association's pairs: silent pairs and those ending soon are flagged and filterable; query count pinned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorshipFactory, SessionLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(client):
    association = AssociationFactory(slug="paris")
    client.force_login(StaffMembershipFactory(association=association).user)
    return association


def pair(association, name, started_days_ago, last_session_days_ago=None, ends_in_days=300):
    today = timezone.localdate()
    mentorship = MentorshipFactory(
        under_way=True, association=association, request__first_name=name,
        started_on=today - timedelta(days=started_days_ago), planned_end_on=today + timedelta(days=ends_in_days),
    )  # fmt: skip
    if last_session_days_ago is not None:
        SessionLogFactory(mentorship=mentorship, held_on=today - timedelta(days=last_session_days_ago))
    return mentorship


def names(response):
    return sorted(m.request.first_name for m in response.context["page"])


def test_pairs_flag_the_silent_and_those_ending_soon(client, association):
    pair(association, "Active", started_days_ago=90, last_session_days_ago=5)
    pair(association, "Silent", started_days_ago=90, last_session_days_ago=46)
    pair(association, "NotYet", started_days_ago=90, last_session_days_ago=45)  # silent from the 46th day
    pair(association, "NeverMet", started_days_ago=50)
    pair(association, "Ending", started_days_ago=360, last_session_days_ago=3, ends_in_days=10)
    url = reverse("matching:pair_list", kwargs={"association": "paris"})

    everything = client.get(url)
    assert names(everything) == ["Active", "Ending", "NeverMet", "NotYet", "Silent"]
    assert names(client.get(url, {"filtre": "sans-seance"})) == ["NeverMet", "Silent"]
    assert names(client.get(url, {"filtre": "fin-proche"})) == ["Ending"]
    assert everything.content.decode().count("sans séance depuis plus de 45 jours") == 2


def test_the_silent_pairs_come_longest_silent_first(client, association):
    pair(association, "Weeks", started_days_ago=200, last_session_days_ago=50)
    pair(association, "Months", started_days_ago=200, last_session_days_ago=120)
    pair(association, "NeverMet", started_days_ago=80)
    url = reverse("matching:pair_list", kwargs={"association": "paris"})

    page = client.get(url, {"filtre": "sans-seance"}).context["page"]

    assert [m.request.first_name for m in page] == ["Months", "NeverMet", "Weeks"]


@pytest.mark.parametrize("rows", [3, 30])
def test_pairs_query_count_does_not_grow(client, association, django_assert_num_queries, rows):
    for n in range(rows):
        pair(association, f"P{n}", started_days_ago=60, last_session_days_ago=n % 40)
    # session, user, memberships, page (with last session and count; no count of the pages), the navigation's
    # alert counts
    with django_assert_num_queries(5):
        assert client.get(reverse("matching:pair_list", kwargs={"association": "paris"})).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_silent_pairs_query_count_does_not_grow(client, association, django_assert_num_queries, rows):
    for n in range(rows):
        pair(association, f"P{n}", started_days_ago=90, last_session_days_ago=46 + n)
    url = reverse("matching:pair_list", kwargs={"association": "paris"})
    # session, user, memberships, page (with last session and count; no count of the pages), the navigation's
    # alert counts
    with django_assert_num_queries(5):
        assert client.get(url, {"filtre": "sans-seance"}).status_code == 200


def test_pairs_pages_go_on_without_a_total(client, association):
    for n in range(27):
        pair(association, f"P{n:02d}", started_days_ago=60, last_session_days_ago=5)
    url = reverse("matching:pair_list", kwargs={"association": "paris"})

    first = client.get(url)
    assert len(first.context["page"]) == 25
    assert "page=2" in first.content.decode()
    assert "Page 1" in first.content.decode()
    second = client.get(url, {"page": "2"})
    assert len(second.context["page"]) == 2
    assert "page=1" in second.content.decode()
    assert "page=3" not in second.content.decode()
    assert len(client.get(url, {"page": "not-a-number"}).context["page"]) == 25

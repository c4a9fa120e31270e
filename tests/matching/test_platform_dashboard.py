"""The platform dashboard: associations side by side, the coverage map by department, the programme month by month
against the administrators' targets, and a number of queries that does not grow with the data."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from matching.enums import MentorshipState, MentorState, RequestState
from matching.models import MonthlyTarget
from matching.selectors.platform import (
    associations_side_by_side,
    coverage_by_department,
    platform_figures,
    programme_charts,
)
from matching.services.platform import monthly_target_set
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 1, 0, 30, tzinfo=PARIS)  # still 28 February in UTC
TODAY = dt.date(2026, 3, 1)
BEFORE = dt.datetime(2025, 1, 15, 12, 0, tzinfo=PARIS)  # before the dashboard's twelve months


@pytest.fixture
def admin():
    return UserFactory(platform_admin=True)


def test_associations_side_by_side_count_each_association_s_own(admin):
    paris = AssociationFactory(name="Paris", departments=["75"])
    lyon = AssociationFactory(name="Lyon", departments=["69"])
    YouthRequestFactory.create_batch(2, routed=True, association=paris, routed_at=NOW)
    YouthRequestFactory(accepted=True, association=paris, routed_at=BEFORE)
    YouthRequestFactory(state=RequestState.DECLINED, association=lyon, routed_at=NOW)
    MentorProfileFactory(association=lyon, state=MentorState.INTERVIEWED)
    MentorshipFactory(association=lyon, under_way=True, request__routed_at=BEFORE)
    MentorshipFactory(association=lyon, state=MentorshipState.COMPLETED, request__state=RequestState.CLOSED)

    with time_machine.travel(NOW, tick=False):
        associations, chart = associations_side_by_side(figures=platform_figures(today=TODAY))

    figures = {association.name: association.figures for association in associations}
    assert figures["Paris"] == {
        "open_requests": 3, "waiting_for_mentor": 1, "intake": 2, "active_mentors": 0, "mentors_in_vetting": 0,
        "active_pairs": 0, "completed": 0,
    }  # fmt: skip
    # Lyon: the declined request (received in March), the matched and the closed ones of its pairs (received before).
    assert figures["Lyon"]["open_requests"] == 1
    assert figures["Lyon"]["intake"] == 1 + 1  # declined now; the completed pair's youth, routed by the factory now
    assert (figures["Lyon"]["active_mentors"], figures["Lyon"]["mentors_in_vetting"]) == (2, 1)
    assert (figures["Lyon"]["active_pairs"], figures["Lyon"]["completed"]) == (1, 1)
    assert chart.labels == ["Lyon", "Paris"]
    assert [series.values for series in chart.series] == [[1, 3], [2, 0], [1, 0]]


def test_the_map_shows_which_axis_no_local_association_covers():
    AssociationFactory(departments=["75"], axes=["education", "employment"])
    AssociationFactory(departments=["69", "75"], axes=["education"])
    AssociationFactory(departments=["13"], axes=["employment"])
    AssociationFactory(remote=True, axes=["education", "employment"])  # covers no department on the spot
    inactive = AssociationFactory(departments=["33"], axes=["education", "employment"], is_active=False)
    YouthRequestFactory.create_batch(2, state=RequestState.UNROUTED, department="33")
    YouthRequestFactory(routed=True, association=inactive, department="33")
    associations = list(AssociationFactory._meta.model.objects.all())

    figures = platform_figures(today=TODAY)
    coverage = {row["code"]: row for row in coverage_by_department(associations=associations, figures=figures)}

    assert coverage["75"]["status"] == "covered"
    assert len(coverage["75"]["education"]) == 2
    assert coverage["69"]["status"] == "no_employment"
    assert coverage["13"]["status"] == "no_education"
    assert coverage["33"]["status"] == "none"
    assert coverage["33"]["unrouted"] == 2
    assert coverage["971"]["status"] == "none"
    assert coverage["971"]["path"] == ""  # overseas: in the table only
    assert sum(1 for row in coverage.values() if row["path"]) == 96


def test_the_programme_counts_months_in_paris_time_against_the_target_in_force(admin):
    monthly_target_set(starts_on=dt.date(2026, 1, 1), intake=10, matches=4, completions=2, by=admin)
    monthly_target_set(starts_on=dt.date(2026, 3, 1), intake=12, matches=5, completions=3, by=admin)
    YouthRequestFactory(submitted_at=dt.datetime(2026, 2, 28, 23, 45, tzinfo=PARIS))
    YouthRequestFactory(submitted_at=dt.datetime(2026, 3, 1, 0, 10, tzinfo=PARIS))  # 23:10 UTC on 28 February
    YouthRequestFactory(submitted_at=dt.datetime(2025, 3, 31, 23, 59, tzinfo=PARIS))  # before the window
    MentorshipFactory(under_way=True, started_on=dt.date(2026, 2, 1), request__submitted_at=BEFORE)
    MentorshipFactory(
        state=MentorshipState.COMPLETED, started_on=dt.date(2025, 4, 1), ended_at=NOW, request__submitted_at=BEFORE,
        request__state=RequestState.CLOSED,
    )  # fmt: skip

    with time_machine.travel(NOW, tick=False):
        intake, matches, completions = programme_charts(figures=platform_figures(today=TODAY), today=TODAY)

    assert intake.series[0].values == [0] * 10 + [1, 1]
    assert intake.series[1].values == [None] * 9 + [10, 10, 12]
    assert matches.series[0].values == [1] + [0] * 9 + [1, 0]  # April 2025 and February 2026
    assert matches.series[1].values == [None] * 9 + [4, 4, 5]
    assert completions.series[0].values == [0] * 11 + [1]
    assert completions.series[1].kind == "line"


def test_setting_a_month_again_replaces_its_targets(admin):
    monthly_target_set(starts_on=dt.date(2026, 1, 1), intake=10, matches=4, completions=2, by=admin)
    monthly_target_set(starts_on=dt.date(2026, 1, 1), intake=20, matches=8, completions=4, by=admin)

    assert list(MonthlyTarget.objects.values_list("intake", "matches", "completions")) == [(20, 8, 4)]


def test_a_target_starts_on_the_first_of_a_month(admin):
    with pytest.raises(DomainError) as error:
        monthly_target_set(starts_on=dt.date(2026, 1, 2), intake=1, matches=1, completions=1, by=admin)
    assert error.value.code == "not_a_month"


def test_administrators_set_the_targets_from_the_dashboard(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("matching:platform_target_set"),
        {"target-starts_on": "2026-02", "target-intake": "30", "target-matches": "6", "target-completions": "3"},
    )

    assert response.status_code == 302
    target = MonthlyTarget.objects.get()
    assert (target.starts_on, target.intake, target.set_by) == (dt.date(2026, 2, 1), 30, admin)


def test_a_target_form_in_error_answers_400_with_the_dashboard(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("matching:platform_target_set"), {"target-starts_on": "février", "target-intake": "-1"}
    )

    assert response.status_code == 400
    assert not MonthlyTarget.objects.exists()


def add_data():
    association = AssociationFactory(departments=["59"])
    YouthRequestFactory.create_batch(2, routed=True, association=association)
    YouthRequestFactory(state=RequestState.UNROUTED, department="62")
    MentorshipFactory(association=association, under_way=True)
    MentorProfileFactory(association=None)


def test_the_dashboard_s_queries_do_not_grow_with_the_data(client, admin, django_assert_num_queries):
    client.force_login(admin)
    url = reverse("matching:platform_dashboard")

    for _round in range(2):
        add_data()
        cache.clear()  # the figures computed anew
        # Session, user, second factor, the navigation's memberships; associations, their requests, mentors and
        # pairs; the two unrouted counts; the unrouted by department; the targets; intake, matches and completions.
        with django_assert_num_queries(15):
            response = client.get(url)
        assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="department department-') == 96
    assert content.count("<canvas") == 4


def test_the_figures_are_kept_a_few_minutes_the_targets_are_read_at_each_visit(
    client, admin, django_assert_num_queries
):
    client.force_login(admin)
    url = reverse("matching:platform_dashboard")
    association = AssociationFactory(name="Nord", departments=["59"])
    YouthRequestFactory(routed=True, association=association)
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        YouthRequestFactory(routed=True, association=association)
        YouthRequestFactory(state=RequestState.UNROUTED, department="62")
        monthly_target_set(starts_on=dt.date(2026, 3, 1), intake=7, matches=1, completions=1, by=admin)

        # Session, user, second factor, the navigation's memberships; the associations, the targets.
        with django_assert_num_queries(6):
            response = client.get(url)
        assert response.context["associations"][0].figures["intake"] == 1  # as computed at the first visit
        assert response.context["unrouted_requests"] == 0
        assert response.context["programme_charts"][0].series[1].values[-1] == 7
        assert "Chiffres calculés à 00:30" in response.content.decode()

    cache.clear()  # as when they expire
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.context["associations"][0].figures["intake"] == 2
    assert response.context["unrouted_requests"] == 1

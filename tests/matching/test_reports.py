"""The association dashboard: each chart's figures against a hand-counted fixture, months cut in Paris time, and a
number of queries that does not grow with the data."""

import datetime as dt
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from matching.enums import CheckInRespondent, MentorshipState, MentorState, Need, Outcome, RequestState
from matching.models import RequestTransition
from matching.selectors.reports import association_charts, association_figures
from matching.tasks import dashboard_figures_refresh_task
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import (
    CheckInFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SessionLogFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# 00:30 in Paris on 1 March is still 28 February in UTC: the months must be cut in Paris time.
NOW = dt.datetime(2026, 3, 1, 0, 30, tzinfo=PARIS)
TODAY = dt.date(2026, 3, 1)
BEFORE = dt.datetime(2025, 1, 15, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))  # before the dashboard's twelve months


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def transition(request, to_state, from_state, at):
    RequestTransition.objects.create(
        request=request, association=request.association, from_state=from_state, to_state=to_state, actor="staff",
        created_at=at,
    )  # fmt: skip


@pytest.fixture
def association():
    return AssociationFactory(slug="a", departments=["75"])


@pytest.fixture
def story(association):
    with time_machine.travel(NOW, tick=False):
        return build_story(association)


def build_story(association):
    """Requests, mentors and pairs of association A, counted by hand in each test; association B's never count.
    The paired youths' requests reached the association before the dashboard's twelve months."""
    other = AssociationFactory(slug="b")
    # Intake: 28 February 23:45 and 1 March 00:10 in Paris; 1 April 2025 is the window's first month, 31 March
    # 2025 is out of it.
    YouthRequestFactory(routed=True, association=association, routed_at=paris(2026, 2, 28, 23, 45))
    YouthRequestFactory(
        routed=True, association=association, state=RequestState.IN_REVIEW, routed_at=paris(2026, 3, 1, 0, 10)
    )
    YouthRequestFactory(accepted=True, association=association, routed_at=paris(2025, 4, 1, 0, 5))
    YouthRequestFactory(accepted=True, association=association, routed_at=paris(2025, 3, 31, 23, 0))
    YouthRequestFactory(routed=True, association=other, routed_at=paris(2026, 3, 1, 0, 10))
    # Medians: first contacts 1, 2, 4 and 10 days after routing (median 3); mentors 20 and 40 days after the request
    # (median 30).
    for days in (1, 2, 4, 10):
        request = YouthRequestFactory(
            routed=True, association=association, state=RequestState.CONTACTED, routed_at=paris(2026, 1, 5, 9, 0)
        )
        transition(request, RequestState.CONTACTED, RequestState.IN_REVIEW, paris(2026, 1, 5, 9, 0) + timedelta(days))
    for days in (20, 40):
        request = YouthRequestFactory(
            matched=True, association=association, submitted_at=paris(2026, 1, 2, 10, 0),
            routed_at=paris(2026, 1, 2, 10, 1),
        )  # fmt: skip
        transition(request, RequestState.MATCHED, RequestState.ACCEPTED, paris(2026, 1, 2, 10, 0) + timedelta(days))
    # Mentors: two submitted here; each pairing below brings its own active mentor.
    MentorProfileFactory.create_batch(2, association=association)
    MentorProfileFactory(association=other)
    # Pairs: one with a session 10 days ago, one silent since its start, one whose last session is 50 days old,
    # one paused, one proposed, and one of B.
    lively = MentorshipFactory(
        association=association, request__routed_at=BEFORE, under_way=True, started_on=dt.date(2025, 11, 1)
    )
    SessionLogFactory(mentorship=lively, held_on=TODAY - timedelta(days=10))
    SessionLogFactory(mentorship=lively, held_on=dt.date(2026, 2, 28))
    SessionLogFactory(mentorship=lively, held_on=dt.date(2026, 3, 1))
    MentorshipFactory(
        association=association, request__routed_at=BEFORE, under_way=True, started_on=dt.date(2025, 12, 1)
    )
    fading = MentorshipFactory(
        association=association, request__routed_at=BEFORE, under_way=True, started_on=dt.date(2025, 10, 1)
    )
    SessionLogFactory(mentorship=fading, held_on=TODAY - timedelta(days=50))
    MentorshipFactory(
        association=association,
        request__routed_at=BEFORE,
        under_way=True,
        state=MentorshipState.PAUSED,
        started_on=dt.date(2025, 11, 1),
    )
    MentorshipFactory(association=association, request__routed_at=BEFORE)
    SessionLogFactory(mentorship=MentorshipFactory(association=other, under_way=True), held_on=TODAY)
    # Outcomes: two jobs (employment), one diploma (education); B's completion does not count.
    for outcome, need, owner in [
        (Outcome.JOB, Need.FIRST_JOB, association),
        (Outcome.JOB, Need.INTERNSHIP, association),
        (Outcome.DIPLOMA, Need.SCHOOLING, association),
        (Outcome.JOB, Need.FIRST_JOB, other),
    ]:
        MentorshipFactory(
            association=owner, state=MentorshipState.COMPLETED, outcome=outcome, started_on=dt.date(2025, 1, 1),
            request__need=need, request__state=RequestState.CLOSED, request__routed_at=BEFORE,
        )  # fmt: skip
    return association


def charts_of(association) -> dict:
    """The charts of figures computed now (not those the cache keeps)."""
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        figures = association_figures(association=association, today=TODAY)
        return {chart.key: chart for chart in association_charts(figures=figures, today=TODAY)}


def figures(chart) -> dict:
    return {str(label): values if len(values) > 1 else values[0] for label, values in chart.rows}


def test_requests_by_state_counts_the_association_s_requests(story):
    chart = charts_of(story)["requests-by-state"]

    assert figures(chart) == {
        "Confiée à une association": 1, "En cours d'examen": 1, "Premier contact pris": 4, "Acceptée": 3,
        "Mentor trouvé": 6, "Accompagnement terminé": 3,
    }  # fmt: skip


def test_waiting_time_buckets_open_requests_by_days_with_the_association(story):
    chart = charts_of(story)["waiting-time"]

    # To review: the two routed at the month's turn (hours old) and the four contacted since 5 January (55 days).
    # Accepted: both routed about eleven months ago, and the proposed pair's youth.
    assert figures(chart) == {
        "moins de 7 jours": [2, 0], "7 à 14 jours": [0, 0], "15 à 30 jours": [0, 0], "plus de 30 jours": [4, 3],
    }  # fmt: skip


def test_intake_per_month_cuts_months_in_paris_time(story):
    chart = charts_of(story)["intake"]

    assert (chart.labels[0], chart.labels[-1]) == ("Avr 2025", "Mar 2026")
    values = chart.series[0].values
    # April 2025: one (31 March 2025 is out of the window); January: the six of the medians' fixture; February:
    # 28th at 23:45; March: 1st at 00:10 (23:10 UTC on 28 February).
    assert values == [1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 1, 1]


def test_median_delays_come_from_the_transition_log(story):
    chart = charts_of(story)["median-delays"]

    assert chart.series[0].values == [3.0, 30.0]


def test_median_of_an_odd_number_is_the_middle_one(association):
    for days in (1, 5, 6):
        request = YouthRequestFactory(
            routed=True, association=association, state=RequestState.CONTACTED, routed_at=paris(2026, 2, 1, 9, 0)
        )
        transition(request, RequestState.CONTACTED, RequestState.IN_REVIEW, paris(2026, 2, 1, 9, 0) + timedelta(days))

    assert charts_of(association)["median-delays"].series[0].values == [5.0, None]


def test_mentors_by_step_counts_each_vetting_state(story):
    counts = figures(charts_of(story)["mentors-by-step"])

    assert counts[MentorState.SUBMITTED.label] == 2
    # One active mentor per pairing the factories made for A: 5 pairs under way or proposed, 3 completed.
    assert counts[MentorState.ACTIVE.label] == 8
    assert sum(counts.values()) == 10


def test_pairs_counts_active_silent_paused_and_proposed(story):
    assert charts_of(story)["pairs"].series[0].values == [1, 3, 2, 1]


def test_a_pair_is_silent_after_45_days_without_a_session(association):
    started = dt.date(2025, 10, 1)
    mentorship = MentorshipFactory(association=association, under_way=True, started_on=started)
    SessionLogFactory(mentorship=mentorship, held_on=TODAY - timedelta(days=45))
    assert charts_of(association)["pairs"].extra["silent"] == 0

    quieter = MentorshipFactory(association=association, under_way=True, started_on=started)
    SessionLogFactory(mentorship=quieter, held_on=TODAY - timedelta(days=46))
    assert charts_of(association)["pairs"].extra["silent"] == 1


def test_sessions_per_month(story):
    values = charts_of(story)["sessions"].series[0].values

    # January: 50 days before 1 March (10 January); February: the 19th and the 28th; March: the 1st.
    assert values[-3:] == [1, 2, 1]
    assert sum(values) == 4


def test_outcomes_by_axis(story):
    counts = figures(charts_of(story)["outcomes"])

    assert counts[Outcome.JOB.label] == [0, 2]  # education, employment
    assert counts[Outcome.DIPLOMA.label] == [1, 0]
    assert sum(sum(values) for values in counts.values()) == 3


def answered(mentorship, respondent, month, satisfaction, at):
    return CheckInFactory(
        mentorship=mentorship, respondent=respondent, month=month, answered=True, satisfaction=satisfaction,
        answered_at=at, asked_at=at - timedelta(days=2),
    )  # fmt: skip


def test_checkin_satisfaction_counts_the_scores_of_each_side_in_twelve_months(association):
    youth, mentor = CheckInRespondent.YOUTH, CheckInRespondent.MENTOR
    first, second, third = MentorshipFactory.create_batch(3, association=association, under_way=True)
    # The youths: 5, 4, 4 and 1 (on 1 April 2025 at 00:10 in Paris, the window's first minutes: 31 March in UTC).
    answered(first, youth, 1, 5, paris(2026, 2, 10, 18, 0))
    answered(second, youth, 1, 4, paris(2026, 1, 3, 9, 0))
    answered(third, youth, 1, 4, paris(2025, 12, 24, 20, 0))
    answered(first, youth, 3, 1, paris(2025, 4, 1, 0, 10))
    # The mentors: 3 and 5; the 1 of 31 March 2025 at 23:30 in Paris is before the window.
    answered(first, mentor, 1, 3, paris(2026, 2, 11, 8, 0))
    answered(second, mentor, 1, 5, paris(2026, 3, 1, 0, 20))
    answered(third, mentor, 3, 1, paris(2025, 3, 31, 23, 30))
    # Asked and not answered yet; answered in another association.
    CheckInFactory(mentorship=second, respondent=youth, month=3)
    answered(MentorshipFactory(association=AssociationFactory(slug="b"), under_way=True), youth, 1, 1, NOW)

    chart = charts_of(association)["checkin-satisfaction"]

    assert figures(chart) == {"1": [1, 0], "2": [0, 0], "3": [0, 1], "4": [2, 0], "5": [1, 1]}
    assert [str(series.label) for series in chart.series] == ["Réponses des jeunes", "Réponses des mentors"]
    assert chart.extra["averages"] == {"youth": 3.5, "mentor": 4.0}
    assert str(chart.note) == "Moyenne : 3,5 / 5 pour les jeunes, 4,0 / 5 pour les mentors."


def test_checkin_satisfaction_without_any_answer(association):
    CheckInFactory(mentorship=MentorshipFactory(association=association, under_way=True))

    chart = charts_of(association)["checkin-satisfaction"]

    assert chart.is_empty
    assert chart.extra["averages"] == {"youth": None, "mentor": None}
    assert str(chart.note) == "Moyenne : — pour les jeunes, — pour les mentors."


@pytest.fixture
def coordinator(association):
    return StaffMembershipFactory(association=association).user


def test_the_dashboard_shows_every_chart_with_its_data_table(client, coordinator, story):
    client.force_login(coordinator)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("matching:association_dashboard", kwargs={"association": "a"}))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<canvas") == content.count("<details") == 9
    assert 'id="chart-data-intake"' in content
    assert reverse("matching:association_export", kwargs={"association": "a", "kind": "demandes"}) in content


def add_data(association):
    for _ in range(3):
        SessionLogFactory.create_batch(2, mentorship=MentorshipFactory(association=association, under_way=True))
        YouthRequestFactory(routed=True, association=association)
        MentorProfileFactory(association=association, state=MentorState.CONTACTED)
        CheckInFactory(answered=True, mentorship=MentorshipFactory(association=association, under_way=True))


def test_the_dashboard_s_queries_do_not_grow_with_the_data(
    client, coordinator, association, story, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("matching:association_dashboard", kwargs={"association": "a"})

    for _round in range(2):
        add_data(association)
        cache.clear()  # the figures computed anew
        # Session, user, memberships, the navigation's alert counts; one query per chart, two for the
        # medians.
        with django_assert_num_queries(14):
            assert client.get(url).status_code == 200


def test_the_figures_are_kept_a_few_minutes_per_association_and_say_when_they_were_computed(
    client, coordinator, association, story, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("matching:association_dashboard", kwargs={"association": "a"})
    other = AssociationFactory(slug="c")
    other_coordinator = StaffMembershipFactory(association=other).user
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        YouthRequestFactory(routed=True, association=association, state=RequestState.IN_REVIEW)

        # Session, user, memberships, the navigation's alert counts: the charts come from the cache.
        with django_assert_num_queries(4):
            response = client.get(url)
        charts = {chart.key: chart for chart in response.context["charts"]}
        assert figures(charts["requests-by-state"])["En cours d'examen"] == 1  # as computed at the first visit
        assert "Chiffres calculés à 00:30" in response.content.decode()
        client.force_login(other_coordinator)
        response = client.get(reverse("matching:association_dashboard", kwargs={"association": "c"}))
        charts = {chart.key: chart for chart in response.context["charts"]}
        assert figures(charts["requests-by-state"]) == {}  # each association its own figures

    client.force_login(coordinator)
    cache.clear()  # as when they expire
    with time_machine.travel(NOW, tick=False):
        response = client.get(url, headers={"accept-language": "en"})
    charts = {chart.key: chart for chart in response.context["charts"]}
    assert figures(charts["requests-by-state"])["Under review"] == 2


def test_without_a_cache_time_the_figures_are_computed_at_each_visit(
    client, coordinator, association, settings, django_assert_num_queries
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client.force_login(coordinator)
    url = reverse("matching:association_dashboard", kwargs={"association": "a"})
    client.get(url)

    with django_assert_num_queries(14):
        response = client.get(url)

    assert "Chiffres calculés" not in response.content.decode()


def test_the_beat_job_computes_the_figures_before_anyone_asks(
    client, coordinator, association, story, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("matching:association_dashboard", kwargs={"association": "a"})
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        YouthRequestFactory(routed=True, association=association, state=RequestState.IN_REVIEW)

        assert dashboard_figures_refresh_task() == 3  # associations A and B, and the platform

        # Session, user, memberships, the navigation's alert counts: the charts come from the cache.
        with django_assert_num_queries(4):
            response = client.get(url)
    charts = {chart.key: chart for chart in response.context["charts"]}
    assert figures(charts["requests-by-state"])["En cours d'examen"] == 2


def test_the_beat_job_does_nothing_when_the_figures_are_not_kept(association, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0

    assert dashboard_figures_refresh_task() == 0


def test_beat_computes_the_figures_again_before_the_cache_lets_them_go(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-figures-refresh"]

    assert entry["task"] == "matching.tasks.dashboard_figures_refresh_task"
    assert entry["schedule"] < settings.DASHBOARD_CACHE_SECONDS

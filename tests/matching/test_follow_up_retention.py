"""Retention of mentorships: detached from the youth's request when it is erased (the purge 90 days after it was
closed, or the youth), anonymised 36 months after they ended; anonymous statistics kept."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import OutboundEmail
from matching.enums import MentorshipState, Outcome, RequestState
from matching.models import Alert, Mentorship, YouthRequest
from matching.selectors.reports import outcomes_by_axis, outcomes_by_axis_figures
from matching.services.follow_up_retention import age_band, mentorships_anonymise
from matching.services.requests import request_erase, requests_purge
from tests.accounts.factories import UserFactory
from tests.matching.factories import AlertFactory, CheckInFactory, MentorshipFactory, SessionLogFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ENDED = dt.datetime(2026, 6, 15, 10, tzinfo=PARIS)


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 3, 30, tzinfo=PARIS), tick=False)


@pytest.fixture
def closed():
    mentorship = MentorshipFactory(
        under_way=True,
        started_on=dt.date(2025, 6, 1),
        state=MentorshipState.COMPLETED,
        ended_at=ENDED,
        outcome=Outcome.DIPLOMA,
        youth_words="Merci Marc !",
        mentor_words="Lina a beaucoup progressé.",
        referent=UserFactory(),
        request__need="orientation",
    )
    SessionLogFactory(mentorship=mentorship, held_on=dt.date(2025, 7, 1), topics="Son bac", private_note="Famille")
    mentorship.goals.create(text="Obtenir son bac")
    CheckInFactory(mentorship=mentorship, answered=True, comment="Super")
    OutboundEmail.objects.create(
        to="lina@example.org", subject="s", body_text="b", language="fr", template_prefix="t",
        event_key=f"mentorship:{mentorship.pk}:to_confirm",
    )  # fmt: skip
    return mentorship


def test_a_closed_mentorship_is_anonymised_36_months_after_it_ended_keeping_its_statistics(closed):
    with at(dt.date(2029, 6, 15)):
        assert mentorships_anonymise() == 1

    mentorship = Mentorship.objects.get(pk=closed.pk)
    assert (mentorship.request, mentorship.mentor, mentorship.referent, mentorship.proposed_by) == (None,) * 4
    assert (mentorship.youth_words, mentorship.mentor_words) == ("", "")
    assert (mentorship.outcome, mentorship.axis, mentorship.started_on) == (
        Outcome.DIPLOMA,
        "education",
        closed.started_on,
    )
    session = mentorship.sessions.get()
    assert (session.topics, session.private_note, session.held_on, session.duration_hours) == (
        "",
        "",
        dt.date(2025, 7, 1),
        Decimal("1"),
    )
    assert list(mentorship.goals.values_list("text", "status")) == [("", "todo")]
    assert list(mentorship.check_ins.values_list("comment", "satisfaction")) == [("", 4)]
    assert not OutboundEmail.objects.exists()


def test_nothing_is_anonymised_a_day_before(closed):
    with at(dt.date(2029, 6, 14)):
        assert mentorships_anonymise() == 0

    assert Mentorship.objects.get(pk=closed.pk).youth_words == "Merci Marc !"


def test_mentorships_under_way_are_never_anonymised():
    MentorshipFactory(under_way=True, started_on=dt.date(2025, 6, 1))

    with at(dt.date(2030, 1, 1)):
        assert mentorships_anonymise() == 0


def test_command_is_a_dry_run_by_default_and_acts_once_with_wet_run(closed, capsys):
    with at(dt.date(2029, 7, 1)):
        call_command("anonymise_mentorships")
        assert Mentorship.objects.get(pk=closed.pk).anonymised_at is None
        call_command("anonymise_mentorships", "--wet-run")
        call_command("anonymise_mentorships", "--wet-run")

    assert capsys.readouterr().out.splitlines() == [
        "would anonymise (dry run; add --wet-run to act): 1 mentorship(s)",
        "anonymised: 1 mentorship(s)",
        "anonymised: 0 mentorship(s)",
    ]


# --- The request's purge detaches the mentorships that took place: their statistics outlive the request ---------


@pytest.fixture
def completed_and_closed():
    """A mentorship completed on ENDED, its request closed the same day (what the purge erases 90 days later)."""
    with time_machine.travel(ENDED, tick=False):
        mentorship = MentorshipFactory(
            under_way=True,
            started_on=dt.date(2025, 6, 1),
            state=MentorshipState.COMPLETED,
            ended_at=ENDED,
            outcome=Outcome.DIPLOMA,
            youth_words="Merci Marc !",
            mentor_words="Lina a beaucoup progressé.",
            request__birth_date=dt.date(2008, 3, 1),  # 17 when the mentorship started
            request__department="93",
            request__state=RequestState.CLOSED,
            request__closed_at=ENDED,
        )
        SessionLogFactory(mentorship=mentorship, topics="Son bac", youth_feedback="Top, merci")
        mentorship.goals.create(text="Obtenir son bac")
        CheckInFactory(mentorship=mentorship, answered=True, comment="Lina, 17 ans, très contente")
        CheckInFactory(mentorship=mentorship, mentor=True, answered=True, comment="Bonne dynamique")
        AlertFactory(mentorship=mentorship)
        MentorshipFactory(  # an earlier proposal the mentor declined: it goes with the request
            request=mentorship.request, association=mentorship.association, state=MentorshipState.DECLINED
        )
    return mentorship


def test_the_purge_of_the_closed_request_keeps_the_mentorship_s_statistics_without_the_youth(completed_and_closed):
    request_id, mentor = completed_and_closed.request_id, completed_and_closed.mentor
    with at(dt.date(2026, 9, 14)):  # 91 days after it was closed
        assert requests_purge(wet_run=True)["closed"] == 1

    assert not YouthRequest.objects.filter(pk=request_id).exists()
    mentorship = Mentorship.objects.get()  # the declined proposal went with the request
    assert mentorship.pk == completed_and_closed.pk
    assert (mentorship.state, mentorship.outcome, mentorship.started_on, mentorship.ended_at) == (
        MentorshipState.COMPLETED,
        Outcome.DIPLOMA,
        dt.date(2025, 6, 1),
        ENDED,
    )
    assert (mentorship.axis, mentorship.department, mentorship.age_band) == ("education", "93", "15-17")
    assert (mentorship.request, mentorship.youth_words) == (None, "")
    assert list(mentorship.sessions.values_list("topics", "youth_feedback")) == [("Son bac", "")]
    assert list(mentorship.goals.values_list("text", flat=True)) == [""]
    assert sorted(mentorship.check_ins.values_list("respondent", "comment", "satisfaction")) == [
        ("mentor", "Bonne dynamique", 4),
        ("youth", "", 4),
    ]
    assert not Alert.objects.exists()
    # The mentor's side stays until the anonymisation.
    assert (mentorship.mentor, mentorship.mentor_words, mentorship.anonymised_at) == (
        mentor,
        "Lina a beaucoup progressé.",
        None,
    )


def test_a_detached_mentorship_is_anonymised_36_months_after_it_ended(completed_and_closed):
    with at(dt.date(2026, 9, 14)):
        requests_purge(wet_run=True)
    with at(dt.date(2029, 6, 14)):
        assert mentorships_anonymise() == 0
    with at(dt.date(2029, 6, 15)):
        assert mentorships_anonymise() == 1

    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.mentor_words, mentorship.referent) == (None, "", None)
    assert list(mentorship.sessions.values_list("topics", flat=True)) == [""]
    assert list(mentorship.check_ins.values_list("comment", flat=True)) == ["", ""]
    assert (mentorship.outcome, mentorship.axis, mentorship.department, mentorship.age_band) == (
        Outcome.DIPLOMA,
        "education",
        "93",
        "15-17",
    )


def test_the_outcomes_chart_counts_a_mentorship_whose_request_was_purged(completed_and_closed):
    with at(dt.date(2026, 9, 14)):
        requests_purge(wet_run=True)
        figures = outcomes_by_axis_figures(association=completed_and_closed.association, today=dt.date(2026, 9, 14))
        chart = outcomes_by_axis(figures=figures, today=dt.date(2026, 9, 14))

    assert sum(sum(series.values) for series in chart.series) == 1


def test_the_youth_s_erasure_ends_a_mentorship_under_way_and_keeps_its_statistics():
    mentorship = MentorshipFactory(under_way=True, request__department="69", request__birth_date=dt.date(2000, 1, 1))

    assert request_erase(request=mentorship.request) is True

    mentorship.refresh_from_db()
    assert (mentorship.state, mentorship.request, mentorship.department, mentorship.age_band) == (
        MentorshipState.ENDED_EARLY,
        None,
        "69",
        "26+",
    )
    assert mentorship.mentor.open_mentorships == 0


@pytest.mark.parametrize(("age", "band"), [(12, "<15"), (14, "<15"), (15, "15-17"), (18, "18-20"), (25, "21-25")])
def test_age_bands(age, band):
    assert age_band(age) == band

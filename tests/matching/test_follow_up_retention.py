"""Retention of closed mentorships: anonymised 36 months after they ended, anonymous statistics kept."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import OutboundEmail
from matching.enums import MentorshipState, Outcome
from matching.models import Mentorship
from matching.services.follow_up_retention import mentorships_anonymise
from tests.accounts.factories import UserFactory
from tests.matching.factories import CheckInFactory, MentorshipFactory, SessionLogFactory

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

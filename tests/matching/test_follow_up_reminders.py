"""The monthly reminder: mentors with a pair under way and no session logged this calendar month, once a month."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.models import OutboundEmail
from matching.enums import MentorshipState
from matching.services.follow_up_jobs import session_reminders_send
from tests.matching.factories import MentorshipFactory, SessionLogFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=PARIS), tick=False)


@pytest.fixture
def pair():
    return MentorshipFactory(under_way=True, started_on=dt.date(2026, 9, 1), mentor__user__email="marc@example.org")


def test_run_twice_a_month_the_mentor_is_reminded_once_then_again_next_month(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 11, 20)):
            assert session_reminders_send() == 1
            assert session_reminders_send() == 0
        with at(dt.date(2026, 11, 21)):
            assert session_reminders_send() == 0
        with at(dt.date(2026, 12, 20)):
            assert session_reminders_send() == 1

    assert [m.to[0] for m in mail.outbox] == ["marc@example.org", "marc@example.org"]
    assert "Aucune séance n'est encore notée ce mois-ci" in mail.outbox[0].body


def test_no_reminder_before_the_20th(pair):
    with at(dt.date(2026, 11, 19)):
        assert session_reminders_send() == 0


def test_a_session_logged_this_month_means_no_reminder(pair):
    SessionLogFactory(mentorship=pair, held_on=dt.date(2026, 11, 3))

    with at(dt.date(2026, 11, 20)):
        assert session_reminders_send() == 0


def test_one_reminder_per_mentor_whatever_their_number_of_silent_pairs(pair, django_capture_on_commit_callbacks):
    MentorshipFactory(under_way=True, started_on=dt.date(2026, 9, 1), mentor=pair.mentor, association=pair.association)

    with at(dt.date(2026, 11, 20)), django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 1

    assert "pour 2 de vos mentorats" in mail.outbox[0].body


@pytest.mark.parametrize("state", [MentorshipState.PAUSED, MentorshipState.COMPLETED, MentorshipState.PROPOSED])
def test_pairs_not_running_are_not_reminded(state):
    MentorshipFactory(under_way=True, started_on=dt.date(2026, 9, 1), state=state)

    with at(dt.date(2026, 11, 20)):
        assert session_reminders_send() == 0


def test_a_pair_started_less_than_two_weeks_ago_is_not_reminded():
    MentorshipFactory(under_way=True, started_on=dt.date(2026, 11, 10))

    with at(dt.date(2026, 11, 20)):
        assert session_reminders_send() == 0


def test_a_mentor_who_turned_reminders_off_is_not_reminded(pair, django_capture_on_commit_callbacks):
    pair.mentor.user.accepts_non_essential_emails = False
    pair.mentor.user.save()

    with at(dt.date(2026, 11, 20)), django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(wet_run=False) == 0
        assert session_reminders_send() == 0

    assert mail.outbox == []


def test_command_is_a_dry_run_by_default_and_acts_once_with_wet_run(pair, capsys, django_capture_on_commit_callbacks):
    with at(dt.date(2026, 11, 20)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
        assert not OutboundEmail.objects.exists()
        call_command("send_session_reminders", "--wet-run")
        call_command("send_session_reminders", "--wet-run")
        call_command("send_session_reminders")

    assert capsys.readouterr().out.splitlines() == [
        "would send (dry run; add --wet-run to act): 1 reminder(s)",
        "sent: 1 reminder(s)",
        "sent: 0 reminder(s)",
        "would send (dry run; add --wet-run to act): 0 reminder(s)",
    ]
    assert len(mail.outbox) == 1

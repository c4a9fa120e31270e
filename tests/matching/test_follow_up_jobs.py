"""The follow-up jobs: each raises its alert and sends its e-mails once, however many runs; dry runs change nothing."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from associations.enums import StaffRole
from matching.enums import AlertKind, RequestState
from matching.models import Alert
from matching.selectors.follow_up import (
    is_silent,
    mentorships_for_association,
    pairs_at_six_months,
    silent_mentorships,
    silent_pairs,
    untouched_requests,
)
from matching.services.follow_up import mentorship_end_early, session_log
from matching.services.follow_up_jobs import (
    checks_expiring_alert,
    coordinators_digest_send,
    mentorship_silent_alert,
    mentorship_six_months_ask,
    pairs_six_months_ask,
    request_untouched_alert,
    requests_untouched_remind,
    silent_pairs_alert,
)
from matching.services.review import request_note_add, request_redirect
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import (
    MentorProfileFactory,
    MentorshipFactory,
    SessionLogFactory,
    YouthRequestFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)


@pytest.fixture
def association():
    association = AssociationFactory(slug="paris")
    StaffMembershipFactory(association=association, user__email="coord@example.org")
    StaffMembershipFactory(association=association, admin=True, user__email="admin@example.org")
    return association


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a job at ``day`` (days after START) and return the e-mails it sent."""

    def run(job, day):
        mail.outbox.clear()
        with (
            time_machine.travel(START + timedelta(days=day), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            job()
        return sorted((message.to[0], message.subject) for message in mail.outbox)

    return run


def kinds(**filters):
    return sorted(Alert.objects.filter(**filters).values_list("kind", flat=True))


def silent_pair(association, *, mentor_email="mentor@example.org"):
    """A pair that started at START and logged one session ten days later."""
    with time_machine.travel(START, tick=False):
        mentorship = MentorshipFactory(
            under_way=True, association=association, started_on=START.date(), mentor__user__email=mentor_email
        )
        SessionLogFactory(mentorship=mentorship, held_on=START.date() + timedelta(days=10))
    return mentorship


def test_a_pair_silent_46_days_gets_its_alert_and_the_mentor_an_e_mail_once(association, run):
    mentorship = silent_pair(association)

    assert run(silent_pairs_alert, 10 + 45) == []  # silent for more than 45 days, as the pairs list says
    first = run(silent_pairs_alert, 10 + 46)
    again = run(silent_pairs_alert, 10 + 46)

    assert first == [("mentor@example.org", "Des nouvelles de votre mentorat ?")]
    assert again == []
    assert kinds(mentorship=mentorship) == [AlertKind.SILENT_PAIR]


def test_the_pairs_list_the_digest_and_the_alert_agree_on_a_silent_pair(association, run):
    mentorship = silent_pair(association)

    for day, silent in [(10 + 45, False), (10 + 46, True)]:
        with time_machine.travel(START + timedelta(days=day), tick=False):
            today = timezone.localdate()
            listed = list(mentorships_for_association(association=association, overdue=True))
            loaded = mentorships_for_association(association=association).get()
            assert (listed == [mentorship], is_silent(loaded, today), silent_mentorships().exists()) == (silent,) * 3
        assert bool(run(silent_pairs_alert, day)) is silent


def turn_reminders_off(**filters):
    """As if these people had turned non-essential e-mails off in their account."""
    User.objects.filter(**filters).update(accepts_non_essential_emails=False)


def test_a_mentor_who_turned_reminders_off_is_not_reminded_of_a_silent_pair_but_it_is_alerted(association, run):
    mentorship = silent_pair(association)
    turn_reminders_off(email="mentor@example.org")

    assert run(silent_pairs_alert, 10 + 46) == []
    assert kinds(mentorship=mentorship) == [AlertKind.SILENT_PAIR]


def test_staff_who_turned_reminders_off_still_get_their_alerts(association, run):
    silent_pair(association)
    untouched_request(association)
    turn_reminders_off(email__in=["coord@example.org", "admin@example.org"])

    assert [to for to, _subject in run(requests_untouched_remind, 7)] == ["coord@example.org"]
    run(silent_pairs_alert, 10 + 46)
    assert [to for to, _subject in run(silent_pairs_alert, 10 + 61)] == ["admin@example.org"]


def test_at_61_days_the_silence_is_escalated_to_the_admins_once(association, run):
    mentorship = silent_pair(association)
    run(silent_pairs_alert, 10 + 46)

    first = run(silent_pairs_alert, 10 + 61)
    again = run(silent_pairs_alert, 10 + 61)

    assert [to for to, _subject in first] == ["admin@example.org"]
    assert again == []
    assert kinds(mentorship=mentorship) == [AlertKind.SILENT_PAIR, AlertKind.SILENT_PAIR_ESCALATED]


def test_a_new_session_ends_the_silence_and_a_later_one_is_alerted_again(association, run):
    mentorship = silent_pair(association)
    run(silent_pairs_alert, 10 + 46)
    with time_machine.travel(START + timedelta(days=60), tick=False):
        SessionLogFactory(mentorship=mentorship, held_on=START.date() + timedelta(days=60))

    assert run(silent_pairs_alert, 61) == []
    assert run(silent_pairs_alert, 60 + 46) == [("mentor@example.org", "Des nouvelles de votre mentorat ?")]
    assert kinds(mentorship=mentorship) == [AlertKind.SILENT_PAIR, AlertKind.SILENT_PAIR]


def test_a_paused_pair_is_not_alerted(association, run):
    mentorship = silent_pair(association)
    mentorship.state = "paused"
    mentorship.save()

    assert run(silent_pairs_alert, 100) == []
    assert not Alert.objects.exists()


def untouched_request(association):
    with time_machine.travel(START, tick=False):
        return YouthRequestFactory(routed=True, association=association)


def test_a_request_untouched_for_7_days_reminds_the_coordinators_then_14_days_the_admins(association, run):
    request = untouched_request(association)

    assert run(requests_untouched_remind, 6) == []
    week = run(requests_untouched_remind, 7)
    assert run(requests_untouched_remind, 7) == []
    fortnight = run(requests_untouched_remind, 14)
    assert run(requests_untouched_remind, 14) == []

    assert [to for to, _subject in week] == ["coord@example.org"]
    assert [to for to, _subject in fortnight] == ["admin@example.org"]
    assert kinds(request=request) == [AlertKind.REQUEST_UNTOUCHED, AlertKind.REQUEST_UNTOUCHED_ESCALATED]


def test_a_note_on_the_request_is_a_touch(association, run):
    request = untouched_request(association)
    coordinator = association.memberships.get(role="coordinator").user
    with time_machine.travel(START + timedelta(days=5), tick=False):
        request_note_add(request=request, by=coordinator, text="Appelée, rappelle lundi")

    assert run(requests_untouched_remind, 8) == []
    assert [to for to, _subject in run(requests_untouched_remind, 12)] == ["coord@example.org"]


def test_requests_out_of_the_queue_are_never_reminded(association, run):
    request = untouched_request(association)
    request.state = RequestState.ACCEPTED
    request.save()

    assert run(requests_untouched_remind, 30) == []


def test_six_months_in_the_mentor_and_the_youth_are_asked_once_and_the_referent_alerted(association, run):
    referent = association.memberships.get(role="coordinator").user
    with time_machine.travel(START, tick=False):
        mentorship = MentorshipFactory(
            under_way=True,
            association=association,
            started_on=START.date(),
            referent=referent,
            mentor__user__email="mentor@example.org",
            request__email="jeune@example.org",
        )

    assert run(pairs_six_months_ask, 182) == []
    first = run(pairs_six_months_ask, 183)
    again = run(pairs_six_months_ask, 200)

    assert [to for to, _subject in first] == ["coord@example.org", "jeune@example.org", "mentor@example.org"]
    assert again == []
    assert kinds(mentorship=mentorship) == [AlertKind.SIX_MONTHS_REACHED]


def test_at_six_months_a_pair_who_turned_reminders_off_is_not_asked_but_the_referent_is_alerted(association, run):
    referent = association.memberships.get(role="coordinator").user
    with time_machine.travel(START, tick=False):
        mentorship = MentorshipFactory(
            under_way=True,
            association=association,
            started_on=START.date(),
            referent=referent,
            mentor__user__email="mentor@example.org",
            mentor__user__accepts_non_essential_emails=False,
            request__email="jeune@example.org",
            request__accepts_non_essential_emails=False,
        )

    assert [to for to, _subject in run(pairs_six_months_ask, 183)] == ["coord@example.org"]
    assert kinds(mentorship=mentorship) == [AlertKind.SIX_MONTHS_REACHED]


def paired_mentor(association, *, age, checked_days_before):
    with time_machine.travel(START, tick=False):
        mentor = MentorProfileFactory(
            active=True,
            association=association,
            background_check_on=START.date() - timedelta(days=checked_days_before),
            user__email=f"mentor{age}@example.org",
        )
        MentorshipFactory(
            under_way=True,
            association=association,
            mentor=mentor,
            request__birth_date=birth_date_for_age(age, START.date()),
        )
    return mentor


def test_a_check_expiring_within_30_days_of_a_mentor_paired_with_a_minor_is_alerted_once(association, run):
    mentor = paired_mentor(association, age=15, checked_days_before=160)  # valid until START + 23 days
    paired_mentor(association, age=20, checked_days_before=160)  # an adult: no alert
    paired_mentor(association, age=16, checked_days_before=100)  # valid for 83 more days

    first = run(checks_expiring_alert, 0)
    again = run(checks_expiring_alert, 1)

    assert first == [("mentor15@example.org", "Votre attestation d'honorabilité arrive à échéance")]
    assert again == []
    assert kinds() == [AlertKind.CHECK_EXPIRING]
    assert Alert.objects.get().mentor == mentor


def test_a_mentor_who_turned_reminders_off_is_still_told_their_check_expires(association, run):
    paired_mentor(association, age=15, checked_days_before=160)
    turn_reminders_off(email="mentor15@example.org")

    assert [to for to, _subject in run(checks_expiring_alert, 0)] == ["mentor15@example.org"]


def test_a_dry_run_prints_what_it_would_do_and_changes_nothing(association, capsys):
    silent_pair(association)

    with time_machine.travel(START + timedelta(days=80), tick=False):
        call_command("alert_silent_pairs")
        dry = capsys.readouterr().out
        assert not Alert.objects.exists()
        assert not mail.outbox
        call_command("alert_silent_pairs", "--wet-run")
        wet = capsys.readouterr().out
        call_command("alert_silent_pairs", "--wet-run")
        twice = capsys.readouterr().out

    assert "would do (dry run; add --wet-run to act): 2 event(s)" in dry
    assert "silent_pair_escalated" in dry
    assert "done: 2 event(s)" in wet
    assert "done: 0 event(s)" in twice
    assert Alert.objects.count() == 2


@pytest.mark.parametrize(
    "command", ["alert_silent_pairs", "remind_untouched_requests", "ask_six_months", "alert_expiring_checks"]
)
def test_each_job_command_is_a_dry_run_by_default(command, capsys):
    call_command(command)

    assert "would do (dry run; add --wet-run to act): 0 event(s)" in capsys.readouterr().out


def test_the_digest_lists_the_new_alerts(association, run):
    silent_pair(association)
    run(silent_pairs_alert, 10 + 61)

    sent = run(coordinators_digest_send, 10 + 61)

    assert len(sent) == 2
    body = next(m.body for m in mail.outbox if m.to == ["coord@example.org"])
    assert "Nouvelles alertes dans la file de suivi" in body
    assert "Binôme sans séance depuis 45 jours : 1" in body
    assert "Binôme sans séance depuis 60 jours : 1" in body
    assert "/espace/paris/suivi/" in body


def test_the_reminder_of_a_claimed_request_goes_to_whoever_claimed_it(association, run):
    claimer = StaffMembershipFactory(association=association, user__email="sam@example.org").user
    with time_machine.travel(START, tick=False):
        YouthRequestFactory(routed=True, association=association, state=RequestState.IN_REVIEW, claimed_by=claimer)

    assert [to for to, _subject in run(requests_untouched_remind, 7)] == ["sam@example.org"]


def test_a_request_redirected_while_the_job_runs_raises_nothing_in_either_association(association, run):
    request = untouched_request(association)
    other = AssociationFactory(slug="lyon", departments=["75"], axes=["education", "employment"])
    StaffMembershipFactory(association=other, user__email="lyon@example.org")
    coordinator = User.objects.get(email="coord@example.org")
    with time_machine.travel(START + timedelta(days=7), tick=False):
        today = timezone.localdate()
        listed = untouched_requests(today=today, days=7).get()  # what the job had listed when the coordinator acted
        request_redirect(request=request, to=other, by=coordinator, note="Plus près de chez elle")
        key = f"{AlertKind.REQUEST_UNTOUCHED}:{listed.pk}:{timezone.localdate(listed.last_touch).isoformat()}"

        alert = request_untouched_alert(
            request=listed, kind=AlertKind.REQUEST_UNTOUCHED, role=StaffRole.COORDINATOR, dedup_key=key,
            today=today, days=7,
        )  # fmt: skip

    assert alert is None
    assert not Alert.objects.filter(kind=AlertKind.REQUEST_UNTOUCHED).exists()
    assert run(requests_untouched_remind, 13) == []  # Lyon's wait began with the redirection


def test_a_pair_that_logs_a_session_while_the_job_runs_is_not_alerted(association, run):
    mentorship = silent_pair(association)
    with time_machine.travel(START + timedelta(days=10 + 46), tick=False):
        today = timezone.localdate()
        listed = silent_pairs(today=today, days=45).get()
        session_log(
            mentorship=mentorship, by=mentorship.mentor.user, held_on=today, duration_hours=Decimal("1"), mode="remote",
            topics="CV",
        )  # fmt: skip
        key = f"{AlertKind.SILENT_PAIR}:{listed.pk}:{listed.last_contact.isoformat()}"

        alert = mentorship_silent_alert(
            mentorship=listed, kind=AlertKind.SILENT_PAIR, dedup_key=key, today=today, days=45
        )

    assert alert is None
    assert not Alert.objects.exists()
    assert mail.outbox == []


def test_a_pair_ended_while_the_six_months_job_runs_is_not_asked(association, run):
    mentorship = silent_pair(association)
    with time_machine.travel(START + timedelta(days=183), tick=False):
        listed = pairs_at_six_months(today=timezone.localdate()).get()
        coordinator = User.objects.get(email="coord@example.org")
        mentorship_end_early(mentorship=mentorship, by=coordinator, reason="other", youth_wants_another=False)
        mail.outbox.clear()

        asked = mentorship_six_months_ask(mentorship=listed, dedup_key="x", today=timezone.localdate())

    assert asked is None
    assert not Alert.objects.filter(kind=AlertKind.SIX_MONTHS_REACHED).exists()
    assert mail.outbox == []

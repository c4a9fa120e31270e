"""Check-ins: asked at 1, 3 and 6 months by the daily job (once), answered by the youth through a signed link and by
the mentor from Mon espace, shown to staff, the youth's never to the mentor; a low score or a wish to be contacted
raises an alert."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OutboundEmail
from matching import tokens
from matching.enums import AlertKind, CheckInRespondent, MentorshipState
from matching.models import Alert, CheckIn
from matching.services.follow_up_check_ins import check_ins_send
from tests.associations.factories import StaffMembershipFactory
from tests.matching.factories import CheckInFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
STARTED = dt.date(2026, 9, 10)
ANSWER = {"satisfaction": "4", "meeting_frequency": "monthly", "goals_progress": "some", "comment": "Top"}


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS), tick=False)


@pytest.fixture
def pair():
    return MentorshipFactory(
        under_way=True, started_on=STARTED, request__email="lina@example.org", mentor__user__email="marc@example.org"
    )


def link(check_in: CheckIn) -> str:
    return reverse("matching:check_in_answer", args=[tokens.check_in_token(check_in.public_id)])


# --- The job -------------------------------------------------------------------------------------------------------


def test_job_run_twice_asks_the_youth_and_the_mentor_once(pair, django_capture_on_commit_callbacks):
    with at(dt.date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        assert check_ins_send() == 1
        assert check_ins_send() == 0

    assert sorted(m.to[0] for m in mail.outbox) == ["lina@example.org", "marc@example.org"]
    youth_mail = next(m for m in mail.outbox if m.to == ["lina@example.org"])
    youth_check_in = pair.check_ins.get(respondent=CheckInRespondent.YOUTH)
    assert tokens.check_in_token(youth_check_in.public_id) in youth_mail.body
    assert set(pair.check_ins.values_list("respondent", "month")) == {("youth", 1), ("mentor", 1)}


def test_nothing_is_asked_before_the_first_month(pair, django_capture_on_commit_callbacks):
    with at(dt.date(2026, 10, 9)), django_capture_on_commit_callbacks(execute=True):
        assert check_ins_send() == 0
    assert mail.outbox == []


def test_three_and_six_months_are_asked_in_their_turn_only_the_latest_when_late(pair):
    with at(dt.date(2026, 12, 10)):
        check_ins_send()  # the job was down at one month: three months is asked, one month is not asked late
    with at(dt.date(2026, 12, 11)):
        check_ins_send()
    with at(dt.date(2027, 3, 10)):
        check_ins_send()

    assert sorted(set(pair.check_ins.values_list("month", flat=True))) == [3, 6]


def test_a_paused_or_closed_pair_is_not_asked(django_capture_on_commit_callbacks):
    MentorshipFactory(under_way=True, started_on=STARTED, state=MentorshipState.PAUSED)
    with at(dt.date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        assert check_ins_send() == 0


def test_a_youth_who_turned_reminders_off_gets_no_e_mail_but_finds_the_check_in_on_their_page(
    pair, client, django_capture_on_commit_callbacks
):
    pair.request.accepts_non_essential_emails = False
    pair.request.save()
    with at(dt.date(2026, 10, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            check_ins_send()
        page = client.get(reverse("matching:tracking", args=[tokens.tracking_token(pair.request.public_id)]))

    assert [m.to[0] for m in mail.outbox] == ["marc@example.org"]
    youth_check_in = pair.check_ins.get(respondent=CheckInRespondent.YOUTH)
    assert link(youth_check_in) in page.content.decode()


def test_command_is_a_dry_run_by_default_and_acts_once_with_wet_run(pair, capsys, django_capture_on_commit_callbacks):
    with at(dt.date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_check_ins")
        assert not CheckIn.objects.exists()
        assert not OutboundEmail.objects.exists()
        call_command("send_check_ins", "--wet-run")
        call_command("send_check_ins", "--wet-run")

    assert capsys.readouterr().out.splitlines() == [
        "would ask (dry run; add --wet-run to act): 1 mentorship(s) for their check-in",
        "asked: 1 mentorship(s) for their check-in",
        "asked: 0 mentorship(s) for their check-in",
    ]
    assert len(mail.outbox) == 2


# --- The youth's link ----------------------------------------------------------------------------------------------


def test_a_valid_link_shows_the_form_and_records_the_answer_once(client):
    check_in = CheckInFactory()

    assert client.get(link(check_in)).status_code == 200
    response = client.post(link(check_in), ANSWER | {"wants_contact": ""})

    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.satisfaction, check_in.comment, check_in.flagged) == (4, "Top", False)
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_tampered_link_answers_a_clear_404(client):
    check_in = CheckInFactory()
    token = tokens.check_in_token(check_in.public_id)

    response = client.get(reverse("matching:check_in_answer", args=[token[:-2] + "xx"]))

    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_the_tracking_token_is_not_a_check_in_link(client):
    check_in = CheckInFactory()
    token = tokens.tracking_token(check_in.mentorship.request.public_id)

    assert client.get(reverse("matching:check_in_answer", args=[token])).status_code == 404


def test_an_answered_link_says_so_and_changes_nothing(client):
    check_in = CheckInFactory(answered=True)

    page = client.get(link(check_in))
    client.post(link(check_in), ANSWER | {"satisfaction": "1"})

    assert "Tu as déjà répondu" in page.content.decode()
    check_in.refresh_from_db()
    assert check_in.satisfaction == 4


def test_an_expired_link_says_so_and_records_nothing(client):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=PARIS), tick=False):
        check_in = CheckInFactory()
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=PARIS), tick=False):
        page = client.get(link(check_in))
        client.post(link(check_in), ANSWER)

    assert page.status_code == 410
    assert "n'attend plus de réponse" in page.content.decode()
    check_in.refresh_from_db()
    assert check_in.answered_at is None


def test_an_invalid_answer_shows_the_form_again(client):
    check_in = CheckInFactory()

    response = client.post(link(check_in), ANSWER | {"satisfaction": "9"})

    assert response.status_code == 400
    check_in.refresh_from_db()
    assert check_in.answered_at is None


@pytest.mark.parametrize("value", ["²", "-1", "9" * 30, "", "\x00"])
def test_no_garbage_posted_through_the_link_ends_in_a_server_error(client, value):
    check_in = CheckInFactory()
    data = dict.fromkeys([*ANSWER, "wants_contact"], value)

    assert client.post(link(check_in), data).status_code < 500


def test_a_mentor_s_check_in_cannot_be_answered_through_a_link(client):
    check_in = CheckInFactory(mentor=True)

    assert client.get(link(check_in)).status_code == 404


# --- Alerts --------------------------------------------------------------------------------------------------------


def test_a_low_score_raises_one_alert_for_the_association(client):
    check_in = CheckInFactory()

    client.post(link(check_in), ANSWER | {"satisfaction": "2"})
    client.post(link(check_in), ANSWER | {"satisfaction": "1"})  # already answered

    alert = Alert.objects.get()
    assert (alert.kind, alert.association, alert.mentorship) == (
        AlertKind.LOW_CHECKIN,
        check_in.mentorship.association,
        check_in.mentorship,
    )
    check_in.refresh_from_db()
    assert check_in.flagged


def test_a_wish_to_be_contacted_raises_a_contact_alert(client):
    check_in = CheckInFactory()

    client.post(link(check_in), ANSWER | {"wants_contact": "on"})

    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.CONTACT_WANTED]


def test_a_good_answer_raises_no_alert(client):
    client.post(link(CheckInFactory()), ANSWER)

    assert not Alert.objects.exists()


# --- The mentor, staff, and who sees what --------------------------------------------------------------------------


def test_the_mentor_answers_from_mon_espace(client):
    check_in = CheckInFactory(mentor=True)
    client.force_login(check_in.mentorship.mentor.user)
    url = reverse("matching:mentor_check_in", args=[check_in.pk])

    assert url in client.get(reverse("matching:dashboard")).content.decode()
    response = client.post(url, ANSWER | {"satisfaction": "1"})

    assert response.url == reverse("matching:dashboard")
    check_in.refresh_from_db()
    assert check_in.satisfaction == 1
    assert Alert.objects.get().kind == AlertKind.LOW_CHECKIN


def test_a_mentor_never_sees_the_youth_s_answer(client):
    youth = CheckInFactory(low=True, comment="Mon mentor ne vient jamais")
    client.force_login(youth.mentorship.mentor.user)

    assert "Mon mentor ne vient jamais" not in client.get(reverse("matching:dashboard")).content.decode()
    assert client.get(reverse("matching:mentor_check_in", args=[youth.pk])).status_code == 404


def test_another_mentor_cannot_open_a_mentor_s_check_in(client):
    check_in = CheckInFactory(mentor=True)
    client.force_login(MentorshipFactory(under_way=True).mentor.user)

    assert client.get(reverse("matching:mentor_check_in", args=[check_in.pk])).status_code == 404


def test_staff_see_both_answers_on_the_pair_s_page(client):
    youth = CheckInFactory(low=True, comment="Mon mentor ne vient jamais")
    CheckInFactory(mentorship=youth.mentorship, mentor=True, answered=True, comment="Difficile de le joindre")
    association = youth.mentorship.association
    client.force_login(StaffMembershipFactory(association=association).user)

    page = client.get(
        reverse("matching:request_detail", kwargs={"association": association.slug, "pk": youth.mentorship.request_id})
    ).content.decode()

    assert "Mon mentor ne vient jamais" in page
    assert "Difficile de le joindre" in page


def test_the_youth_sees_their_own_answer_on_their_tracking_page_not_the_mentor_s(client):
    youth = CheckInFactory(answered=True, comment="Ça avance bien")
    CheckInFactory(mentorship=youth.mentorship, mentor=True, answered=True, comment="Note du mentor")

    page = client.get(
        reverse("matching:tracking", args=[tokens.tracking_token(youth.mentorship.request.public_id)])
    ).content.decode()

    assert "Ça avance bien" in page
    assert "Note du mentor" not in page

"""Monthly sessions logged by the mentor, the youth's feedback, and the months with and without a session."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from matching import tokens
from matching.enums import GoalStatus, MentorshipState
from matching.models import Goal, Mentorship, SessionLog
from matching.selectors.follow_up import months_of
from matching.services.follow_up import goal_add, goal_update, session_log
from mentoring.errors import DomainError
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship():
    return MentorshipFactory(under_way=True, started_on=timezone.localdate() - timedelta(days=70))


def log(mentorship, **overrides):
    fields = {
        "held_on": timezone.localdate() - timedelta(days=3), "duration_hours": Decimal("1.5"), "mode": "remote",
        "topics": "Préparer un entretien", "private_note": "Très motivé",
    } | overrides  # fmt: skip
    return session_log(mentorship=mentorship, by=mentorship.mentor.user, **fields)


def test_the_mentor_logs_a_session(mentorship):
    session = log(mentorship)
    assert (session.duration_hours, session.topics) == (Decimal("1.5"), "Préparer un entretien")


def test_the_mentorship_keeps_the_date_of_its_latest_session(mentorship):
    today = timezone.localdate()
    log(mentorship, held_on=today - timedelta(days=3))
    log(mentorship, held_on=today - timedelta(days=10))  # logged late: an older session

    mentorship.refresh_from_db()
    assert mentorship.last_session_on == today - timedelta(days=3)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"held_on": date(2000, 1, 1)}, "date_out_of_range"), ({"held_on": date(2999, 1, 1)}, "date_out_of_range")],
)
def test_dates_outside_the_mentorship_are_refused(mentorship, overrides, code):
    with pytest.raises(DomainError, match=code):
        log(mentorship, **overrides)


def test_only_the_mentor_logs(mentorship):
    with pytest.raises(DomainError, match="not_this_mentor"):
        session_log(
            mentorship=mentorship, by=MentorProfileFactory().user, held_on=timezone.localdate(),
            duration_hours=Decimal("1"), mode="remote", topics="x",
        )  # fmt: skip


def test_no_session_before_the_mentorship_starts(mentorship):
    mentorship.state = MentorshipState.MENTOR_ACCEPTED
    mentorship.save()
    with pytest.raises(DomainError, match="not_under_way"):
        log(mentorship)


def test_the_database_bounds_the_duration(mentorship):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLog.objects.create(
            mentorship=mentorship, held_on=timezone.localdate(), duration_hours=Decimal("5"), mode="remote", topics="x"
        )


def test_months_with_and_without_a_session(mentorship):
    start = mentorship.started_on
    sessions = [log(mentorship, held_on=start + timedelta(days=1))]

    months = months_of(mentorship, sessions, today=start + timedelta(days=65))

    assert months[0] == (start.replace(day=1), True)
    assert len(months) >= 3
    assert not any(held for _, held in months[1:])


def test_the_mentor_logs_through_the_dashboard(client, mentorship):
    client.force_login(mentorship.mentor.user)
    prefix = f"session-{mentorship.pk}"
    response = client.post(
        reverse("matching:mentor_session_log", args=[mentorship.pk]),
        {f"{prefix}-held_on": timezone.localdate().isoformat(), f"{prefix}-duration_hours": "2",
         f"{prefix}-mode": "remote", f"{prefix}-topics": "CV"},
        follow=True,
    )  # fmt: skip
    assert "La séance est enregistrée." in response.content.decode()
    assert SessionLog.objects.get().duration_hours == Decimal("2")


def test_a_session_to_correct_comes_back_as_typed_with_its_error(client, mentorship):
    client.force_login(mentorship.mentor.user)
    prefix = f"session-{mentorship.pk}"
    future = (timezone.localdate() + timedelta(days=2)).isoformat()

    response = client.post(
        reverse("matching:mentor_session_log", args=[mentorship.pk]),
        {f"{prefix}-held_on": future, f"{prefix}-duration_hours": "2", f"{prefix}-mode": "remote",
         f"{prefix}-topics": "Lettre de motivation", f"{prefix}-private_note": "À relancer"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    assert "La séance n&#x27;est pas enregistrée" in page
    assert f'id="id_{prefix}-held_on_error"' in page
    assert "Cette date est dans le futur." in page
    assert f'value="{future}"' in page
    assert "Lettre de motivation</textarea>" in page
    assert "À relancer</textarea>" in page
    assert '<option value="2" selected>' in page
    assert not SessionLog.objects.exists()


def test_a_session_the_service_refuses_comes_back_as_typed(client, mentorship):
    client.force_login(mentorship.mentor.user)
    prefix = f"session-{mentorship.pk}"
    before_start = (mentorship.started_on - timedelta(days=1)).isoformat()

    response = client.post(
        reverse("matching:mentor_session_log", args=[mentorship.pk]),
        {f"{prefix}-held_on": before_start, f"{prefix}-duration_hours": "1", f"{prefix}-mode": "remote",
         f"{prefix}-topics": "Stage de troisième"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Stage de troisième</textarea>" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_youth_sees_the_sessions_and_gives_feedback(client, mentorship):
    session = log(mentorship)
    token = tokens.tracking_token(mentorship.request.public_id)

    page = client.get(reverse("matching:tracking", args=[token])).content.decode()
    assert "Préparer un entretien" in page
    assert "Très motivé" not in page  # the note is the association's

    client.post(reverse("matching:tracking_session_feedback", args=[token, session.pk]), {"text": "Super séance"})
    session.refresh_from_db()
    assert session.youth_feedback == "Super séance"


def test_feedback_on_someone_elses_session_is_a_404(client, mentorship):
    session = log(mentorship)
    other = YouthRequestFactory()
    url = reverse("matching:tracking_session_feedback", args=[tokens.tracking_token(other.public_id), session.pk])
    assert client.post(url, {"text": "x"}).status_code == 404


def test_the_dashboard_says_a_session_is_due_this_month(client, mentorship):
    client.force_login(mentorship.mentor.user)
    assert "séance à noter ce mois-ci" in client.get(reverse("matching:dashboard")).content.decode()
    log(mentorship, held_on=timezone.localdate())
    assert "séance à noter ce mois-ci" not in client.get(reverse("matching:dashboard")).content.decode()


def test_the_mentor_sets_goals_and_the_youth_sees_them(client, mentorship):
    client.force_login(mentorship.mentor.user)
    url = reverse("matching:mentor_goal", args=[mentorship.pk])
    client.post(url, {"text": "Trouver un stage de 3e"})
    goal = Goal.objects.get()
    client.post(url, {"goal": goal.pk, "status": "done"})

    goal.refresh_from_db()
    assert goal.status == "done"
    page = client.get(reverse("matching:tracking", args=[tokens.tracking_token(mentorship.request.public_id)]))
    assert "Trouver un stage de 3e — Atteint" in page.content.decode()


def test_only_the_mentor_sets_goals(mentorship):
    with pytest.raises(DomainError, match="not_this_mentor"):
        goal_add(mentorship=mentorship, by=MentorProfileFactory().user, text="x")


def test_goals_of_a_mentorship_no_longer_under_way_do_not_change(mentorship):
    goal = goal_add(mentorship=mentorship, by=mentorship.mentor.user, text="Trouver un stage")
    Mentorship.objects.filter(pk=mentorship.pk).update(state=MentorshipState.COMPLETED)

    with pytest.raises(DomainError, match="not_under_way"):
        goal_update(goal=goal, by=mentorship.mentor.user, status=GoalStatus.DONE)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.TODO


@pytest.mark.parametrize("count", [1, 8])
def test_tracking_and_dashboard_query_counts_do_not_grow_with_sessions(
    client, mentorship, django_assert_num_queries, count
):
    for n in range(count):
        log(mentorship, held_on=mentorship.started_on + timedelta(days=n))
    url = reverse("matching:tracking", args=[tokens.tracking_token(mentorship.request.public_id)])
    # request with its transitions (2), open mentorship, sessions, goals (once per goal list shown), concerns received,
    # check-ins
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    client.force_login(mentorship.mentor.user)
    # session, user, profile, mentorships + sessions + goals, check-ins, the navigation's memberships
    with django_assert_num_queries(8):
        assert client.get(reverse("matching:dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_mentor_s_session_form_says_where_in_the_mentor_s_words(client):
    mentorship = MentorshipFactory(under_way=True)
    client.force_login(mentorship.mentor.user)

    page = client.get(reverse("matching:dashboard")).content.decode()

    assert "Près du domicile du jeune, dans un lieu public" in page
    assert "Dans l&#x27;établissement scolaire du jeune" in page
    assert "Près de chez moi" not in page  # the youth's words, not the mentor's

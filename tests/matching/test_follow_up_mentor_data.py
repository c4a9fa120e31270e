"""A mentor's self-service over their data, from Mon espace: the export (JSON) and the erasure."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import OutboundEmail, User
from matching.enums import MentorshipState, MentorState, RequestState
from matching.models import MentorProfile, Mentorship, MentorTransition, SessionLog, StaffNote
from matching.services.follow_up import mentor_erase, session_log
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import StaffMembershipFactory
from tests.matching.factories import CheckInFactory, MentorProfileFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way():
    mentorship = MentorshipFactory(under_way=True, mentor__user__email="mentor@example.org", mentor_words="Super")
    mentorship.mentor.open_mentorships = 1
    mentorship.mentor.save()
    session_log(
        mentorship=mentorship, by=mentorship.mentor.user, held_on=mentorship.started_on, duration_hours=2,
        mode="remote", topics="CV", private_note="Inquiet pour lui",
    )  # fmt: skip
    StaffNote.objects.create(mentor=mentorship.mentor, association=mentorship.association, text="Très motivé")
    return mentorship


def test_a_mentor_downloads_everything_held_about_them(client, under_way):
    client.force_login(under_way.mentor.user)

    response = client.get(reverse("matching:mentor_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "mentor@example.org"
    assert data["mentor"]["motivation"] == under_way.mentor.motivation
    assert data["mentor"]["association_notes"][0]["text"] == "Très motivé"
    assert data["mentorships"][0]["youth_first_name"] == under_way.request.first_name
    assert data["mentorships"][0]["sessions"][0]["note_for_the_association"] == "Inquiet pour lui"
    assert under_way.request.last_name not in response.content.decode()
    assert under_way.request.email not in response.content.decode()


def test_the_export_of_an_account_without_a_profile_holds_the_account(client):
    client.force_login(UserFactory(email="someone@example.org"))

    data = client.get(reverse("matching:mentor_export")).json()

    assert list(data) == ["account"]
    assert data["account"]["email"] == "someone@example.org"


def test_erasure_ends_the_mentorship_under_way_and_tells_the_association(under_way, django_capture_on_commit_callbacks):
    user = under_way.mentor.user

    with django_capture_on_commit_callbacks(execute=True):
        mentor_erase(user=user)

    under_way.refresh_from_db()
    under_way.request.refresh_from_db()
    assert under_way.state == MentorshipState.ENDED_EARLY
    assert under_way.request.state == RequestState.ACCEPTED  # another mentor is sought
    told = OutboundEmail.objects.get(to=under_way.association.contact_email)
    assert under_way.request.first_name in told.body_text
    assert told.event_key == f"mentorship:{under_way.pk}:mentor_erased"


def test_erasure_keeps_the_mentorship_s_statistics_without_the_mentor_s_identity(under_way):
    user, mentor = under_way.mentor.user, under_way.mentor

    mentor_erase(user=user)

    user.refresh_from_db()
    mentor.refresh_from_db()
    assert Mentorship.objects.filter(pk=under_way.pk).exists()
    assert SessionLog.objects.get(mentorship=under_way).duration_hours == 2
    assert SessionLog.objects.get(mentorship=under_way).private_note == ""
    assert Mentorship.objects.get(pk=under_way.pk).mentor_words == ""
    assert "mentor@example.org" not in user.email
    assert user.first_name == user.last_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert (mentor.motivation, mentor.organisation, mentor.postal_code) == ("", "", "")
    assert mentor.state == MentorState.REJECTED
    assert mentor.open_mentorships == 0
    assert not StaffNote.objects.filter(mentor=mentor).exists()
    assert not MentorTransition.objects.filter(mentor=mentor).exists()
    assert not OutboundEmail.objects.filter(to="mentor@example.org").exists()


def test_erasure_removes_the_mentor_s_check_in_comments_and_keeps_the_youth_s(under_way):
    theirs = CheckInFactory(mentorship=under_way, mentor=True, answered=True, comment="Il progresse, moi je fatigue")
    youths = CheckInFactory(mentorship=under_way, answered=True, comment="Ça se passe bien.")

    mentor_erase(user=under_way.mentor.user)

    theirs.refresh_from_db()
    youths.refresh_from_db()
    assert theirs.comment == ""
    assert theirs.satisfaction == 4  # the figures stay for the statistics
    assert youths.comment == "Ça se passe bien."


def test_a_proposal_not_started_is_cancelled(django_capture_on_commit_callbacks):
    proposal = MentorshipFactory(proposed=True)

    mentor_erase(user=proposal.mentor.user)

    proposal.refresh_from_db()
    assert proposal.state == MentorshipState.CANCELLED
    assert proposal.request.state == RequestState.ACCEPTED


def test_a_mentor_who_never_had_a_mentorship_is_deleted_outright():
    mentor = MentorProfileFactory(active=True)

    mentor_erase(user=mentor.user)

    assert not User.objects.filter(pk=mentor.user_id).exists()
    assert not MentorProfile.objects.filter(pk=mentor.pk).exists()


def test_staff_accounts_are_not_erased_from_mon_espace():
    membership = StaffMembershipFactory()

    with pytest.raises(DomainError, match="staff_account"):
        mentor_erase(user=membership.user)


def test_the_erase_button_asks_for_a_confirmation_then_signs_out(client, under_way):
    client.force_login(under_way.mentor.user)

    unconfirmed = client.post(reverse("matching:mentor_erase"))
    assert unconfirmed.url == reverse("matching:dashboard")
    assert MentorProfile.objects.get(pk=under_way.mentor.pk).motivation

    response = client.post(reverse("matching:mentor_erase"), {"confirm": "on"})

    assert response.url == reverse("home")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("matching:dashboard")).status_code == 302


def test_mon_espace_offers_the_export_and_the_erasure(client, under_way):
    client.force_login(under_way.mentor.user)

    content = client.get(reverse("matching:dashboard")).content.decode()

    assert reverse("matching:mentor_export") in content
    assert reverse("matching:mentor_erase") in content

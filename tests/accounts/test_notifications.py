"""Notifications: non-essential ones (reminders, digests) follow the recipient's choice, essential ones always go;
a person turns the non-essential ones off in their account, a youth through their tracking link."""

import pytest
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse

from accounts.models import OutboundEmail
from accounts.notifications import Notification, Recipient
from associations import notifications as association_notifications
from matching import notifications, tokens
from matching.enums import MentorState, RequestState
from matching.services.follow_up_jobs import coordinators_digest_send
from matching.services.review import request_accept
from matching.services.vetting import mentor_contact
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


def test_a_non_essential_notification_is_not_queued_for_who_turned_them_off():
    to = Recipient(email="marc@example.org", language="fr", accepts_non_essential=False)

    assert notifications.SessionReminder.send(to=to, event_key="k", context={"count": 1}) is None
    assert not OutboundEmail.objects.exists()


def test_an_essential_notification_is_queued_whatever_the_choice():
    to = Recipient(email="lina@example.org", language="fr", accepts_non_essential=False)
    request = YouthRequestFactory(email="lina@example.org")

    email = notifications.RequestReceived.send(to=to, event_key="k", context={"request": request})

    assert email.event_key == "k"
    assert email.template_prefix == "matching/requests/emails/request_received"


def test_each_notification_names_templates_that_render_in_both_languages():
    request = YouthRequestFactory()
    for notification in (notifications.SessionReminder, notifications.CheckInYouth, notifications.CheckInMentor):
        for language in ("fr", "en"):
            to = Recipient(email="x@example.org", language=language)
            context = {"request": request, "month": 3, "count": 1, "mentor": MentorProfileFactory()}
            assert notification.send(to=to, event_key=f"{notification.__name__}:{language}", context=context)


def all_notifications(cls=Notification):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_notifications(subclass)


def test_every_e_mail_of_the_platform_is_a_notification_with_its_templates():
    kinds = list(all_notifications())

    assert {notifications.LinkReplaced, notifications.AlertRaised, association_notifications.Invitation} <= set(kinds)
    for notification in kinds:
        for part in ("subject.txt", "message.txt"):
            assert get_template(f"{notification.template_prefix}_{part}")


def test_a_staff_member_who_turned_digests_off_gets_none(django_capture_on_commit_callbacks):
    association = AssociationFactory()
    StaffMembershipFactory(association=association, user__email="on@example.org")
    StaffMembershipFactory(
        association=association, user__email="off@example.org", user__accepts_non_essential_emails=False
    )
    YouthRequestFactory(routed=True, association=association)

    with django_capture_on_commit_callbacks(execute=True):
        assert coordinators_digest_send(wet_run=False) == 1
        assert coordinators_digest_send() == 1

    assert [m.to[0] for m in mail.outbox] == ["on@example.org"]


def test_a_mentor_who_turned_reminders_off_still_gets_their_vetting_steps(django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory(association=AssociationFactory(), user__accepts_non_essential_emails=False)
    staff = StaffMembershipFactory(association=mentor.association).user

    with django_capture_on_commit_callbacks(execute=True):
        mentor_contact(mentor=mentor, by=staff)

    mentor.refresh_from_db()
    assert mentor.state == MentorState.CONTACTED
    assert [m.to[0] for m in mail.outbox] == [mentor.user.email]


def test_a_youth_who_turned_reminders_off_still_hears_their_request_is_accepted(
    client, django_capture_on_commit_callbacks
):
    request = YouthRequestFactory(in_review=True, email="lina@example.org")
    client.post(reverse("matching:tracking_reminders", args=[tokens.tracking_token(request.public_id)]), {})
    request.refresh_from_db()
    assert request.accepts_non_essential_emails is False

    with django_capture_on_commit_callbacks(execute=True):
        request_accept(request=request, by=request.claimed_by)

    assert request.__class__.objects.get(pk=request.pk).state == RequestState.ACCEPTED
    assert [m.to[0] for m in mail.outbox] == ["lina@example.org"]


def test_a_youth_turns_reminders_back_on_through_their_link(client):
    request = YouthRequestFactory(accepts_non_essential_emails=False)
    url = reverse("matching:tracking_reminders", args=[tokens.tracking_token(request.public_id)])

    response = client.post(url, {"accepts_non_essential_emails": "on"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.accepts_non_essential_emails is True


def test_a_signed_in_person_turns_reminders_and_digests_off_in_their_account(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:email_preferences")

    assert "checked" in client.get(url).content.decode()
    client.post(url, {})

    user.refresh_from_db()
    assert user.accepts_non_essential_emails is False
    assert "checked" not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_account_s_choice_is_saved_outside_a_test_transaction(client):
    """As in production (no ATOMIC_REQUESTS): the service's row lock needs its own transaction on PostgreSQL."""
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:email_preferences"), {})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.accepts_non_essential_emails is False

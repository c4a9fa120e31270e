"""Association admins manage their profile and team; invitations by e-mail; the Django admin tells the routing."""

import re

import kombu.exceptions
import pytest
from django.core import mail
from django.urls import reverse

from associations.enums import StaffRole
from associations.models import Association, Invitation, StaffMembership
from associations.services import InvitationForAnotherAddress, invitation_accept, invitation_send, membership_remove
from matching.enums import RequestState
from matching.scoring import Weights
from matching.tasks import pending_route_task
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import YouthRequestFactory

pytestmark = pytest.mark.django_db


# The settings form of the association "paris", as its admin posts it, covering one more department.
SETTINGS = {
    "name": "Élan Paris", "description": "", "contact_email": "contact@paris.example.org", "contact_phone": "",
    "departments": "75, 92", "axes": ["education", "employment"], "min_age": 10, "max_age": 29,
    "takes_minors": "on", "intake_capacity": 50, "mentor_capacity": 50,
}  # fmt: skip


@pytest.fixture
def admin_membership(client):
    membership = StaffMembershipFactory(association=AssociationFactory(slug="paris", departments=["75"]), admin=True)
    client.force_login(membership.user)
    return membership


def test_admin_updates_the_territory_and_waiting_requests_are_routed(
    client, admin_membership, django_capture_on_commit_callbacks
):
    waiting = YouthRequestFactory(state=RequestState.UNROUTED, department="92")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("associations:settings", kwargs={"association": "paris"}), SETTINGS)

    assert response.status_code == 302
    assert Association.objects.get(slug="paris").departments == ["75", "92"]
    waiting.refresh_from_db()
    assert waiting.state == RequestState.ROUTED


def test_a_broker_down_after_a_settings_change_is_logged_not_a_server_error(
    client, admin_membership, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(pending_route_task, "apply_async", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("associations:settings", kwargs={"association": "paris"}), SETTINGS)

    assert response.status_code == 302  # stored; the sweeper routes what waits within two minutes
    assert Association.objects.get(slug="paris").departments == ["75", "92"]


def test_unknown_departments_are_refused_with_a_message(client, admin_membership):
    response = client.post(
        reverse("associations:settings", kwargs={"association": "paris"}),
        {"name": "x", "contact_email": "a@b.org", "departments": "75, 99", "axes": ["education"], "min_age": 10,
         "max_age": 29, "intake_capacity": 5, "mentor_capacity": 5},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Départements inconnus : 99" in response.content.decode()


def test_invitation_by_email_then_accepted_by_a_signed_in_user(
    client, admin_membership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("associations:team", kwargs={"association": "paris"}),
            {"email": "new@example.org", "role": StaffRole.COORDINATOR},
        )
    invitation = Invitation.objects.get()
    assert len(invitation.token_hash) == 64  # only the hash is stored
    link = re.search(r"https?://\S+(/invitation/\S+/)", mail.outbox[0].body).group(1)
    assert invitation.token_hash not in link

    newcomer = UserFactory(email="new@example.org")
    client.force_login(newcomer)
    response = client.post(link)

    assert response.url == reverse("matching:request_queue", kwargs={"association": "paris"})
    assert StaffMembership.objects.filter(user=newcomer, association__slug="paris", role="coordinator").exists()
    assert client.get(link).status_code == 404  # used


@pytest.fixture
def invitation_link(admin_membership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            association=admin_membership.association,
            email="Invited.Person@example.org",
            role="coordinator",
            by=admin_membership.user,
        )
    return re.search(r"https?://\S+(/invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_an_invitation_is_accepted_only_by_the_account_it_was_sent_to(client, invitation_link):
    """The link can be forwarded or leak: another account that holds it does not join the staff."""
    someone_else = UserFactory(email="someone.else@example.org")
    client.force_login(someone_else)

    page = client.get(invitation_link)
    refused = client.post(invitation_link)

    assert page.status_code == refused.status_code == 403
    content = refused.content.decode()
    assert "Cette invitation a été envoyée à i•••@example.org" in content
    assert "invited.person" not in content.lower()
    assert "Accepter avec le compte" not in content
    assert not StaffMembership.objects.filter(user=someone_else).exists()
    assert Invitation.objects.get().accepted_at is None  # still there for the person invited

    logout = client.post(reverse("account_logout"), {"next": invitation_link})
    assert logout.url == invitation_link

    invitee = UserFactory(email="invited.person@example.org")  # the address, whatever its case
    client.force_login(invitee)
    assert client.post(invitation_link).status_code == 302
    assert StaffMembership.objects.filter(user=invitee, association__slug="paris").exists()


def test_an_unverified_address_does_not_accept_an_invitation(client, invitation_link):
    invitee = UserFactory(email="invited.person@example.org", verified=False)
    client.force_login(invitee)
    assert client.post(invitation_link).status_code == 403
    assert not StaffMembership.objects.filter(user=invitee).exists()


def test_the_service_refuses_an_account_the_invitation_was_not_sent_to(admin_membership):
    invitation = invitation_send(
        association=admin_membership.association, email="x@example.org", role="coordinator", by=admin_membership.user
    )
    with pytest.raises(InvitationForAnotherAddress):
        invitation_accept(invitation=invitation, user=UserFactory())
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_invitation_used_meanwhile_is_a_message_not_an_error(admin_membership):
    """Accepted in another tab, then posted again: the service refuses it with a message; the view shows it."""
    invitation = invitation_send(
        association=admin_membership.association, email="x@example.org", role="coordinator", by=admin_membership.user
    )
    invitee = UserFactory(email="x@example.org")
    invitation_accept(invitation=invitation, user=invitee)

    with pytest.raises(DomainError, match="invitation_used"):
        invitation_accept(invitation=invitation, user=invitee)


def test_anonymous_invitee_is_offered_login_or_signup(client, invitation_link):
    client.logout()

    content = client.get(invitation_link).content.decode()

    assert "Se connecter" in content
    assert "Créer un compte" in content


def test_the_last_admin_cannot_be_removed(admin_membership):
    with pytest.raises(DomainError, match="last_admin"):
        membership_remove(membership=admin_membership, by=admin_membership.user)


def test_one_person_can_work_for_two_associations(client):
    user = UserFactory()
    StaffMembershipFactory(user=user, association=AssociationFactory(slug="one"))
    StaffMembershipFactory(user=user, association=AssociationFactory(slug="two"))
    client.force_login(user)

    response = client.get(reverse("matching:staff_home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("matching:request_queue", kwargs={"association": "one"}) in content
    assert reverse("matching:request_queue", kwargs={"association": "two"}) in content


def test_admin_tunes_the_suggestion_weights(client, admin_membership):
    data = {"axis": "5", "sectors": "0", "geography": "2", "availability": "1.5", "mentor_type": "1", "capacity": "1"}
    response = client.post(reverse("associations:weights", kwargs={"association": "paris"}), data)

    assert response.status_code == 302
    association = Association.objects.get(slug="paris")
    assert association.matching_weights["sectors"] == 0
    weights = Weights.for_association(association)
    assert (weights.axis, weights.sectors) == (5.0, 0.0)


def test_all_weights_at_zero_are_refused(client, admin_membership):
    data = dict.fromkeys(["axis", "sectors", "geography", "availability", "mentor_type", "capacity"], "0")
    response = client.post(reverse("associations:weights", kwargs={"association": "paris"}), data)
    assert response.status_code == 400
    assert "Au moins un critère" in response.content.decode()


def test_an_invitation_never_demotes_an_admin(admin_membership, django_capture_on_commit_callbacks):
    invitation = invitation_send(
        association=admin_membership.association,
        email=admin_membership.user.email,
        role="coordinator",
        by=admin_membership.user,
    )
    invitation_accept(invitation=invitation, user=admin_membership.user)

    admin_membership.refresh_from_db()
    assert admin_membership.role == "admin"

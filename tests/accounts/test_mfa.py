"""Two-factor authentication: required of staff and platform administrators before any personal data, through
allauth's login (the admin's included)."""

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory, totp_code
from tests.associations.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user, code: str | None = None):
    """Through allauth's login page, then its two-factor step when the account has one."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if response.status_code == 302 and response.url == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": code or totp_code()})
    return response


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client):
    membership = StaffMembershipFactory(mfa=False)
    client.force_login(membership.user)

    response = client.get(reverse("matching:request_queue", kwargs={"association": membership.association.slug}))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_a_second_factor_see_their_pages(client):
    membership = StaffMembershipFactory()
    client.force_login(membership.user)

    response = client.get(reverse("matching:request_queue", kwargs={"association": membership.association.slug}))

    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/plateforme/", "/plateforme/en-attente/", "/admin/", "/admin/matching/youthrequest/"])
def test_platform_administrators_without_a_second_factor_are_sent_to_set_one_up(client, url):
    client.force_login(UserFactory(platform_admin=True, mfa=False))

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def reauthenticate(client):
    """allauth asks for the password again before a second factor is added or removed."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_the_setup_page_shows_the_qr_code_to_staff_without_a_second_factor(client):
    membership = StaffMembershipFactory(mfa=False)
    sign_in(client, membership.user)
    reauthenticate(client)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert b"data:image/svg+xml;base64," in response.content


def test_setting_up_the_authenticator_app_opens_the_staff_pages(client):
    membership = StaffMembershipFactory(mfa=False)
    sign_in(client, membership.user)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]  # allauth keeps the secret it showed in the session

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.RECOVERY_CODES).exists()
    queue = reverse("matching:request_queue", kwargs={"association": membership.association.slug})
    assert client.get(queue).status_code == 200


def test_login_asks_staff_for_their_code(client):
    membership = StaffMembershipFactory()

    response = client.post(reverse("account_login"), {"login": membership.user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_does_not_sign_in(client):
    membership = StaffMembershipFactory()
    now = time.time()
    taken = {totp_code(at=now + step) for step in (-30, 0, 30)}

    sign_in(
        client,
        membership.user,
        code=next(code for code in ("000000", "111111", "222222", "333333") if code not in taken),
    )

    assert "_auth_user_id" not in client.session


@time_machine.travel(1_800_000_029.5, tick=False)  # half a second before the step ends: the code shown on the phone
def test_a_code_typed_as_its_step_ends_still_signs_in(client):
    membership = StaffMembershipFactory()
    code = totp_code()  # read on the phone

    with time_machine.travel(1_800_000_031, tick=False):  # typed, sent, checked in the next step
        response = sign_in(client, membership.user, code=code)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(membership.user.pk)


@time_machine.travel(1_800_000_000, tick=False)
def test_a_code_two_steps_old_does_not_sign_in(client):
    membership = StaffMembershipFactory()
    code = totp_code()

    with time_machine.travel(1_800_000_060, tick=False):
        sign_in(client, membership.user, code=code)

    assert "_auth_user_id" not in client.session


def test_a_code_signs_in_once_only(client):
    membership = StaffMembershipFactory()
    code = totp_code()
    sign_in(client, membership.user, code=code)
    client.logout()

    sign_in(client, membership.user, code=code)

    assert "_auth_user_id" not in client.session


def test_the_right_code_signs_in(client):
    membership = StaffMembershipFactory()

    response = sign_in(client, membership.user)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(membership.user.pk)


def test_staff_land_on_their_association_and_mentors_on_their_space(client):
    membership = StaffMembershipFactory()
    queue = reverse("matching:request_queue", kwargs={"association": membership.association.slug})

    assert client.get(sign_in(client, membership.user).url, follow=True).redirect_chain[-1][0] == queue
    client.logout()
    mentor = UserFactory()
    assert sign_in(client, mentor).url == reverse("matching:dashboard")
    client.logout()
    wanted = reverse("accounts:email_preferences")
    other = StaffMembershipFactory(association=membership.association).user  # a code is accepted once per account
    response = client.post(reverse("account_login") + f"?next={wanted}", {"login": other.email, "password": PASSWORD})
    response = client.post(response.url, {"code": totp_code()})
    assert response.url == wanted  # where they were going wins


def test_staff_cannot_remove_their_second_factor(client):
    membership = StaffMembershipFactory()
    sign_in(client, membership.user)
    reauthenticate(client)

    client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.TOTP).exists()


def test_mentors_are_not_asked_for_a_second_factor(client):
    user = UserFactory()

    sign_in(client, user)

    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("matching:dashboard")).status_code == 200


def test_the_admin_login_page_is_allauth_s(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response.url


def test_posting_to_the_admin_login_page_signs_nobody_in(client):
    admin = UserFactory(platform_admin=True)

    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_login_goes_through_allauth_s_failed_login_limit(client, settings):
    admin = UserFactory(platform_admin=True)
    for _attempt in range(5):  # allauth's default: 5 failed attempts per account in 5 minutes
        client.post(reverse("account_login"), {"login": admin.email, "password": "wrong-password-0"})

    sign_in(client, admin)

    assert "_auth_user_id" not in client.session


def test_a_platform_administrator_signs_in_to_the_admin_with_a_code(client):
    admin = UserFactory(platform_admin=True)

    client.post(f"{reverse('account_login')}?next=/admin/", {"login": admin.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200

"""Fuzzing the account forms (tests/fuzz.py) through the real views: allauth's login, sign-up, password reset and
change and the authenticator app's activation, and the e-mail preferences of a signed-in person. Never a 500, no
invalid row, nothing of what was typed echoed unescaped in a page or an e-mail."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from hypothesis import given

from accounts.models import OutboundEmail, User
from tests.accounts.factories import PASSWORD, UserFactory, totp_code
from tests.fuzz import FuzzTestCase, assert_answered_safely, assert_emails_escaped, assert_rows_valid, mutations

pytestmark = pytest.mark.fuzz

NEW_PASSWORD = "another-horse-battery-7"


def accounts_checked(response):
    assert_answered_safely(response)
    assert_rows_valid(User.objects.all(), EmailAddress.objects.all(), OutboundEmail.objects.all())
    assert_emails_escaped()


class TestAccountForms(FuzzTestCase):
    def post(self, name, data):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse(name), data, follow=True)
        accounts_checked(response)
        return response

    @given(data=mutations({"login": "lea@example.org", "password": PASSWORD, "remember": "on"}))
    def test_the_login(self, data):
        UserFactory(email="lea@example.org")
        self.post("account_login", data)

    @given(data=mutations({"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}))
    def test_the_sign_up(self, data):
        UserFactory(email="lea@example.org")  # an address already taken, should a mutation post it
        self.post("account_signup", data)

    @given(data=mutations({"email": "lea@example.org"}))
    def test_a_password_reset(self, data):
        UserFactory(email="lea@example.org")
        self.post("account_reset_password", data)

    @given(data=mutations({"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}))
    def test_a_password_change(self, data):
        self.client.force_login(UserFactory(email="lea@example.org"))
        self.post("account_change_password", data)

    @given(data=mutations({"accepts_non_essential_emails": "on"}))
    def test_the_email_preferences(self, data):
        self.client.force_login(UserFactory(email="lea@example.org"))
        self.post("accounts:email_preferences", data)

    @given(data=mutations({"code": "valid"}))
    def test_the_authenticator_app_activation(self, data):
        user = UserFactory(email="lea@example.org")
        self.client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        self.client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        self.client.get(reverse("mfa_activate_totp"))
        if data.get("code") == "valid":  # kept as posted: the code the app shows
            data["code"] = totp_code(self.client.session["mfa.totp.secret"])

        self.post("mfa_activate_totp", data)  # allauth's own rows (Authenticator) are left to allauth

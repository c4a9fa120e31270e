"""Signing in through allauth's real pages, as people do: the password, then the authenticator app's code for staff
and administrators; mentors land on Mon espace, staff and administrators on the association space."""

from django.urls import reverse

from tests.accounts.factories import PASSWORD, totp_code


def landed(url: str) -> bool:
    return "/mon-espace/" in url or "/espace/" in url


def log_in(page, email: str) -> None:
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    # Wait for the next page itself (not the login page's load state, which may still be the current one).
    second_factor = reverse("mfa_authenticate")
    page.wait_for_url(lambda url: url.endswith(second_factor) or landed(url))
    if page.url.endswith(second_factor):  # staff and administrators: their authenticator app's code
        page.locator("#id_code").fill(totp_code())
        page.locator("#id_code").press("Enter")
    page.wait_for_url(landed)

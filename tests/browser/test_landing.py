"""A person opens the landing page in French and English, switches language, signs up and logs in."""

import re

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_page_is_french_by_default(page_factory):
    page = page_factory(locale="fr-FR")
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Un mentor pour avancer, un jeune pour transmettre"
    assert page.get_by_role("link", name="Trouver un mentor").first.is_visible()
    assert page.get_by_role("link", name="Devenir mentor").first.is_visible()


def test_landing_page_follows_an_english_browser(page_factory):
    page = page_factory(locale="en-GB")
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Find a mentor").first.is_visible()
    assert page.get_by_role("link", name="Become a mentor").first.is_visible()


def test_language_switcher_changes_the_page_language(page_factory):
    page = page_factory(locale="fr-FR")
    page.goto("/")

    page.get_by_role("button", name=re.compile("^EN")).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "A mentor to move forward, a young person to pass it on to"
    )

    page.get_by_role("button", name=re.compile("^FR")).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_landing_page_draws_its_icons_without_an_icon_font(page_factory):
    page = page_factory()
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.goto("/")

    icons = page.locator("svg.bi")
    assert icons.count() >= 7  # the brand, the two calls to action, the three promises, the two programmes
    for index in range(icons.count()):
        icon = icons.nth(index)
        box = icon.bounding_box()
        assert box["width"] > 8, icon.get_attribute("class")
        assert box["height"] > 8, icon.get_attribute("class")
        assert icon.evaluate("svg => svg.querySelector('path') !== null && getComputedStyle(svg).fill !== 'none'")
    search = page.locator("a svg.bi-search")  # in the "Find a mentor" button, the button's text colour
    assert search.evaluate("svg => getComputedStyle(svg).fill") == search.evaluate(
        "svg => getComputedStyle(svg.parentElement).color"
    )
    assert fonts == []


def test_skip_link_is_the_first_stop_for_keyboard_users(page_factory):
    page = page_factory()
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"


def test_a_person_signs_up_confirms_the_email_and_logs_in(page_factory):
    page = page_factory(locale="fr-FR")
    page.goto("/comptes/signup/")

    page.get_by_label("Courriel").fill("nouvelle.mentore@example.org")
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/confirm-email/")
    assert len(mail.outbox) == 1

    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    page.goto("/comptes/login/")
    page.get_by_label("Courriel").fill("nouvelle.mentore@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    assert "nouvelle.mentore@example.org" in page.content()


def test_signup_errors_are_tied_to_their_field_and_focused(page_factory):
    page = page_factory(locale="fr-FR")
    page.goto("/comptes/signup/")

    page.get_by_label("Courriel").fill("pas-une-adresse@example.org")
    page.locator("#id_password1").fill("123")
    page.locator("#id_password2").fill("123")
    page.get_by_role("button", name="Création de compte").click()

    password = page.locator("#id_password1")
    assert password.get_attribute("aria-invalid") == "true"
    error_id = next(i for i in password.get_attribute("aria-describedby").split() if i.endswith("_error"))
    assert page.locator(f"#{error_id}").is_visible()
    assert page.evaluate("document.activeElement.id") == "id_password1"
    assert page.get_by_label("Courriel").input_value() == "pas-une-adresse@example.org"

"""A youth reports a concern from their tracking page; a coordinator sees the urgent alert, claims it, adds a note
and resolves it; the mentor never sees it."""

import pytest

from matching import tokens
from tests.accounts.factories import PASSWORD, totp_code
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Mon mentor insiste pour qu'on se voie chez lui, ça me gêne."


def log_in(page, email):
    page.goto("/comptes/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url:  # staff: their authenticator app's code
        page.locator("#id_code").fill(totp_code())
        page.locator("#id_code").press("Enter")
    page.wait_for_url("**/mon-espace/")


def test_a_youth_s_concern_is_resolved_by_a_coordinator(page_factory):
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    mentorship = MentorshipFactory(
        under_way=True, association=paris, request__first_name="Yanis", request__last_name="Benali",
        mentor__user__email="mentor@example.org",
    )  # fmt: skip

    youth = page_factory()
    youth.goto(f"/suivi/{tokens.tracking_token(mentorship.request.public_id)}/")
    youth.get_by_label("Qu'est-ce qui t'inquiète ?").fill(WORDS)
    youth.get_by_role("button", name="Transmettre à l'association").click()
    youth.get_by_text("Ton message a bien été reçu").wait_for()
    assert youth.locator(".concern-received").count() == 1

    page = page_factory()
    log_in(page, "nadia@example.org")
    page.goto("/espace/paris/demandes/")
    assert page.locator("#nav-alerts-count").inner_text().startswith("1")
    page.locator("#nav-alerts").click()
    row = page.locator("#alerts tbody tr").first
    assert "Urgent" in row.inner_text()
    row.get_by_role("link", name="Inquiétude signalée par le jeune").click()
    assert WORDS in page.locator("#concern-text").inner_text()

    page.get_by_role("button", name="Prendre en charge").click()
    page.locator("#alert-state", has_text="Prise en charge").wait_for()
    page.locator("#id_text").fill("Appelé Yanis : rendez-vous à l'association jeudi.")
    page.get_by_role("button", name="Ajouter").click()
    page.get_by_text("La note est ajoutée.").wait_for()
    assert "rendez-vous à l'association jeudi" in page.locator("#notes").inner_text()
    page.get_by_label("Comment l'alerte a-t-elle été traitée ?", exact=False).fill(
        "Binôme suspendu, nouveau mentor proposé."
    )
    page.get_by_role("button", name="Résoudre l'alerte").click()
    page.get_by_text("L'alerte est résolue.").wait_for()
    assert "Aucune alerte." in page.locator("#alerts").inner_text()
    assert page.locator("#nav-alerts-count").count() == 0

    mentor = page_factory()
    log_in(mentor, "mentor@example.org")
    assert WORDS not in mentor.content()

"""Association staff work the queue in a real browser; the youth sees each step on their tracking page."""

import pytest

from matching import tokens
from matching.enums import RequestState
from matching.services.routing import request_route
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.browser.signing_in import log_in
from tests.matching.factories import YouthRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paris():
    return AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])


@pytest.fixture
def youth_request(paris):
    request = YouthRequestFactory(department="75", first_name="Yanis", last_name="Benali", email="yanis@example.org")
    return request_route(request_id=request.pk)


def test_a_coordinator_claims_contacts_and_accepts(page_factory, paris, youth_request):
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    page = page_factory()
    log_in(page, "nadia@example.org")

    page.get_by_role("link", name="Espace association").click()
    page.get_by_role("link", name="Yanis Benali").click()
    page.get_by_role("button", name="Prendre en charge").click()
    page.locator("#request-state", has_text="En cours d'examen").wait_for()

    page.get_by_label("Canal").select_option("phone")
    page.get_by_label("Résultat").select_option("reached")
    page.get_by_label("Note sur l'échange").fill("Motivé, disponible le soir.")
    page.get_by_role("button", name="Enregistrer la tentative").click()
    page.locator("#request-state", has_text="Premier contact pris").wait_for()
    assert "Motivé, disponible le soir." in page.locator("#contact-attempts").inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Accepter la demande").click()
    page.locator("#request-state", has_text="Acceptée").wait_for()

    youth = page_factory()
    youth.goto(f"/suivi/{tokens.tracking_token(youth_request.public_id)}/")
    assert youth.locator("#request-state").inner_text() == "Acceptée"
    timeline = youth.locator("#timeline").inner_text()
    assert "Élan Paris va te contacter" in timeline
    assert "L'association cherche le mentor qui te correspond le mieux." in timeline


def test_a_coordinator_redirects_to_another_association(page_factory, paris, youth_request):
    AssociationFactory(slug="lyon", name="Cap Lyon", remote=True)
    StaffMembershipFactory(association=paris, user__email="sam@example.org")
    page = page_factory()
    log_in(page, "sam@example.org")

    page.goto("/espace/paris/demandes/")
    page.get_by_role("link", name="Yanis Benali").click()
    page.get_by_label("Vers l'association").select_option(label="Cap Lyon")
    page.get_by_label("Motif de la réorientation").fill("Accompagnement à distance mieux adapté.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Réorienter").click()
    page.get_by_text("La demande est confiée à l'autre association.").wait_for()
    assert "Yanis" not in page.locator("#queue-results").inner_text()

    youth = page_factory()
    youth.goto(f"/suivi/{tokens.tracking_token(youth_request.public_id)}/")
    assert "ta demande est confiée à Cap Lyon" in youth.locator("#timeline").inner_text()


def test_the_queue_filters_update_in_place(page_factory, paris, youth_request):
    YouthRequestFactory(state=RequestState.ROUTED, association=paris, first_name="Léa", last_name="Martin")
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    page = page_factory()
    log_in(page, "nadia@example.org")
    page.goto("/espace/paris/demandes/")

    page.get_by_label("Nom ou e-mail").fill("benali")
    page.locator("#queue-count", has_text="1 demande").wait_for()
    assert "q=benali" in page.url
    assert "Léa" not in page.locator("#queue-results").inner_text()

"""A young person and a volunteer fill the public forms as a person would, in French and in English."""

import re

import pytest
from django.core import mail

from matching.enums import RequestState
from matching.models import MentorProfile, YouthRequest
from tests.accounts.factories import PASSWORD
from tests.matching.factories import birth_date_for_age

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUTH_LABELS = {
    "fr": {
        "cta": "Trouver un mentor",
        "first_name": "Prénom",
        "last_name": "Nom",
        "email": "Adresse e-mail",
        "birth_date": "Date de naissance",
        "postal_code": "Code postal",
        "situation": "Étudiant",
        "need": "Trouver un premier emploi",
        "sector": "Numérique",
        "description": "Dis-nous en quelques mots",
        "meeting": "À distance (visio, téléphone)",
        "availability": "En soirée",
        "consent": "J'accepte que les informations",
        "submit": "Envoyer ma demande",
        "sent": "Ta demande est bien envoyée",
        "withdraw": "Retirer ma demande",
        "reason": "Je n'en ai plus besoin",
        "withdrawn": "Retirée",
    },
    "en": {
        "cta": "Find a mentor",
        "first_name": "First name",
        "last_name": "Last name",
        "email": "E-mail address",
        "birth_date": "Date of birth",
        "postal_code": "Postcode",
        "situation": "Student",
        "need": "Finding a first job",
        "sector": "Digital",
        "description": "Tell us in a few words",
        "meeting": "Remotely (video, phone)",
        "availability": "Evenings",
        "consent": "I agree that the information",
        "submit": "Send my request",
        "sent": "Your request has been sent",
        "withdraw": "Withdraw my request",
        "reason": "I no longer need it",
        "withdrawn": "Withdrawn",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_young_person_asks_for_a_mentor_then_withdraws(page_factory, language):
    text = YOUTH_LABELS[language]
    page = page_factory(locale="fr-FR" if language == "fr" else "en-GB")
    page.goto("/")
    page.get_by_role("link", name=text["cta"]).first.click()

    page.get_by_label(text["first_name"], exact=False).first.fill("Yanis")
    page.get_by_label(text["last_name"], exact=False).nth(0 if language == "en" else 1).fill("Benali")
    page.locator("#id_email").fill("yanis@example.org")
    page.get_by_label(text["birth_date"]).fill(birth_date_for_age(22).isoformat())
    page.get_by_label(text["postal_code"]).fill("97110")
    page.get_by_label(text["situation"], exact=True).check()
    page.get_by_label(text["need"]).check()
    page.get_by_label(text["sector"], exact=True).check()
    page.get_by_label(text["description"]).fill("Je cherche mon premier emploi dans le numérique.")
    page.get_by_label(text["meeting"]).check()
    page.get_by_label(text["availability"], exact=True).check()
    page.get_by_label(text["consent"]).check()
    assert page.locator("#parent-fieldset").is_hidden()
    page.get_by_role("button", name=text["submit"]).click()

    page.get_by_role("heading", name=text["sent"]).wait_for()
    request = YouthRequest.objects.get()
    assert (request.department, request.need, request.language) == ("971", "first_job", language)
    link = re.search(r"https?://\S+/suivi/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    page.get_by_label(text["reason"]).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=text["withdraw"]).click()
    page.locator("#request-state", has_text=text["withdrawn"]).wait_for()
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN


def test_under_15_the_parent_fields_appear_and_are_required(page_factory):
    page = page_factory()
    page.goto("/trouver-un-mentor/")
    assert page.locator("#parent-fieldset").is_hidden()
    page.get_by_label("Date de naissance").fill("2999-01-01")  # a typing slip, not a young child
    assert page.locator("#parent-fieldset").is_hidden()

    page.get_by_label("Date de naissance").fill(birth_date_for_age(12).isoformat())
    page.locator("#parent-fieldset").wait_for(state="visible")
    page.get_by_role("button", name="Envoyer ma demande").click()

    assert page.locator("#id_parent_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#parent-fieldset").is_visible()
    assert page.evaluate("document.activeElement.id") == "id_first_name"  # the first field in error
    assert page.get_by_label("Date de naissance").input_value() == birth_date_for_age(12).isoformat()


def test_the_communes_of_the_postal_code_typed_appear_to_choose_from(page_factory):
    page = page_factory()
    page.goto("/trouver-un-mentor/")
    page.locator("#id_first_name").fill("Inès")
    page.locator("#id_last_name").fill("Roux")
    page.locator("#id_email").fill("ines@example.org")
    page.get_by_label("Date de naissance").fill(birth_date_for_age(19).isoformat())

    page.get_by_label("Code postal").press_sequentially("48250")
    commune = page.get_by_label("Commune")
    commune.locator("option", has_text="Laveyrune").wait_for(state="attached")
    assert commune.locator("option").all_inner_texts() == [
        "---------",
        "La Bastide-Puylaurent",
        "Laveyrune",
        "Luc",
        "Mont Lozère et Goulet",
    ]
    commune.select_option("Laveyrune")
    page.get_by_label("Étudiant", exact=True).check()
    page.get_by_label("Trouver un premier emploi").check()
    page.get_by_label("Dis-nous en quelques mots").fill("Je cherche un premier emploi près de chez moi.")
    page.get_by_label("À distance (visio, téléphone)").check()
    page.get_by_label("En soirée", exact=True).check()
    page.get_by_label("J'accepte que les informations").check()
    page.get_by_role("button", name="Envoyer ma demande").click()

    page.get_by_role("heading", name="Ta demande est bien envoyée").wait_for()
    request = YouthRequest.objects.get()
    assert (request.postal_code, request.commune, request.department) == ("48250", "Laveyrune", "07")


def test_a_postal_code_with_one_commune_fills_it_in(page_factory):
    page = page_factory()
    page.goto("/trouver-un-mentor/")
    page.get_by_label("Code postal").press_sequentially("97133")
    commune = page.get_by_label("Commune")
    commune.locator("option", has_text="Saint-Barthélemy").wait_for(state="attached")
    assert commune.input_value() == "Saint-Barthélemy"


def test_the_honeypot_is_invisible_to_people(page_factory):
    page = page_factory()
    page.goto("/trouver-un-mentor/")
    assert not page.locator("#id_website").is_visible() or page.locator("#id_website").bounding_box()["x"] < 0


MENTOR_LABELS = {
    "fr": {
        "cta": "Devenir mentor",
        "type": "En activité",
        "axis": "Emploi",
        "sector": "Numérique",
        "skill": "CV et lettre de motivation",
        "minors": "Oui",
        "meeting": "À distance (visio, téléphone)",
        "availability": "En soirée",
        "motivation": "Pourquoi voulez-vous devenir mentor",
        "consent": "J'accepte que ces informations",
        "submit": "Envoyer ma candidature",
        "confirm": "Confirmer",
        "login": "Connexion",
        "status": "Candidature envoyée",
    },
    "en": {
        "cta": "Become a mentor",
        "type": "Working professional",
        "axis": "Employment",
        "sector": "Digital",
        "skill": "CV and cover letter",
        "minors": "Yes",
        "meeting": "Remotely (video, phone)",
        "availability": "Evenings",
        "motivation": "Why do you want to become a mentor",
        "consent": "I agree that this information",
        "submit": "Send my application",
        "confirm": "Confirm",
        "login": "Sign In",
        "status": "Application submitted",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_volunteer_registers_as_a_mentor(page_factory, language):
    text = MENTOR_LABELS[language]
    page = page_factory(locale="fr-FR" if language == "fr" else "en-GB")
    page.goto("/")
    page.get_by_role("link", name=text["cta"]).first.click()

    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_last_name").fill("Dupont")
    page.locator("#id_email").fill("claire@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label(text["type"], exact=True).check()
    page.locator("#id_postal_code").fill("69003")
    page.get_by_label(text["axis"], exact=True).check()
    page.get_by_label(text["sector"], exact=True).check()
    page.get_by_label(text["skill"]).check()
    page.get_by_label(text["minors"], exact=True).check()
    page.locator("#id_capacity_1").check()
    page.get_by_label(text["motivation"]).fill("Aider un jeune à trouver sa voie.")
    page.get_by_label(text["meeting"]).check()
    page.get_by_label(text["availability"], exact=True).check()
    page.get_by_label(text["consent"]).check()
    page.get_by_role("button", name=text["submit"]).click()
    page.wait_for_url("**/confirm-email/")

    profile = MentorProfile.objects.get()
    assert (profile.department, profile.capacity, profile.user.language) == ("69", 2, language)
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=text["confirm"]).click()
    page.goto("/comptes/login/")
    page.locator("#id_login").fill("claire@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=text["login"]).click()
    page.wait_for_url("**/mon-espace/")
    assert page.locator("#mentor-state").inner_text() == text["status"]

"""The youth form's validation matrix: ages, postal codes, phone, parent consent, lengths."""

import pytest
from django.urls import reverse

from matching.forms.requests import YouthRequestForm
from tests.matching.factories import birth_date_for_age
from tests.matching.form_data import youth_form_data


def form_for(**overrides) -> YouthRequestForm:
    return YouthRequestForm(data=youth_form_data(**overrides))


@pytest.mark.parametrize(
    ("age", "valid", "error_code"),
    [
        (9, False, "too_young"),
        (10, True, None),
        (14, True, None),
        (15, True, None),
        (29, True, None),
        (30, False, "too_old"),
    ],
)
def test_age_matrix(age, valid, error_code):
    parent = {"parent_name": "Marie Martin", "parent_email": "marie@example.org"} if age < 15 else {}
    form = form_for(birth_date=birth_date_for_age(age).isoformat(), **parent)

    assert form.is_valid() is valid, form.errors
    if error_code:
        assert form.has_error("birth_date", error_code)


def test_too_young_message_points_to_other_services():
    form = form_for(birth_date=birth_date_for_age(9).isoformat())
    form.is_valid()
    assert "10 à 29 ans" in form.errors["birth_date"][0]
    assert "mairie" in form.errors["birth_date"][0]


def test_too_old_message_points_to_other_services():
    form = form_for(birth_date=birth_date_for_age(30).isoformat())
    form.is_valid()
    assert "France Travail" in form.errors["birth_date"][0]


def test_birth_date_in_the_future_is_rejected():
    form = form_for(birth_date="2999-01-01")
    assert form.has_error("birth_date", "future")


@pytest.mark.parametrize(
    ("postal_code", "commune", "valid"),
    [
        ("75001", "Paris", True),
        ("20000", "Ajaccio", True),
        ("20200", "Bastia", True),
        ("97110", "Pointe-à-Pitre", True),
        ("97600", "Mamoudzou", True),
        ("97133", "Saint-Barthélemy", True),
        ("97150", "Saint-Martin", True),
        ("98000", "Monaco", False),
        ("00000", "", False),
        ("7500A", "Paris", False),
    ],
)
def test_postal_code_matrix(postal_code, commune, valid):
    form = form_for(postal_code=postal_code, commune=commune)
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert set(form.errors) == {"postal_code"}


def test_a_postal_code_with_one_commune_picks_it():
    form = form_for(postal_code="97133", commune="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == "Saint-Barthélemy"


def test_a_postal_code_with_several_communes_asks_which_one_and_lists_them():
    form = form_for(postal_code="48250", commune="")

    assert form.has_error("commune", "required")
    assert "plusieurs communes" in form.errors["commune"][0]
    html = str(form["commune"])
    assert '<option value="Laveyrune">Laveyrune</option>' in html
    assert html.count("<option") == 5  # a blank choice and the four communes


def test_a_commune_that_does_not_have_the_postal_code_is_refused_with_the_list():
    form = form_for(postal_code="48250", commune="Mende")

    assert form.has_error("commune", "commune_not_in_postal_code")
    assert "« Mende »" in form.errors["commune"][0]
    assert "Luc</option>" in str(form["commune"])
    assert form["postal_code"].value() == "48250"


def test_the_commune_picked_is_stored_under_its_official_name():
    form = form_for(postal_code="48250", commune="laveyrune")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == "Laveyrune"


def test_an_unbound_form_offers_no_commune_until_a_postal_code_is_typed():
    html = str(YouthRequestForm()["commune"])
    assert html.count("<option") == 1
    assert YouthRequestForm().fields["commune"].required


@pytest.mark.parametrize(
    ("phone", "postal_code", "commune", "normalized"),
    [
        ("06 12 34 56 78", "75011", "Paris", "+33612345678"),
        ("+33 6 12 34 56 78", "75011", "Paris", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "75011", "Paris", "+33612345678"),
        ("0033 6 12 34 56 78", "75011", "Paris", "+33612345678"),
        ("01 23 45 67 89", "75011", "Paris", "+33123456789"),
        ("0692 12 34 56", "97400", "Saint-Denis", "+262692123456"),
        ("0690 12 34 56", "97110", "Pointe-à-Pitre", "+590690123456"),
        ("+262 692 12 34 56", "75011", "Paris", "+262692123456"),
        ("06 12 34 56 78", "97400", "Saint-Denis", "+33612345678"),  # a metropolitan mobile kept in La Réunion
        ("0692 12 34 56", "75011", "Paris", "+262692123456"),  # a Réunion mobile of a youth now in Paris
        ("0690 12 34 56", "97133", "Saint-Barthélemy", "+590690123456"),
        ("+508 41 23 45", "97500", "Saint-Pierre", "+508412345"),
    ],
)
def test_french_phone_numbers_are_stored_in_e164(phone, postal_code, commune, normalized):
    form = form_for(phone=phone, postal_code=postal_code, commune=commune)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == normalized


def test_phone_is_optional():
    form = form_for(phone="")
    assert form.is_valid()
    assert form.cleaned_data["phone"] == ""


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "+1 202 555 0143", "+49 30 901820"])
def test_a_foreign_phone_number_is_refused(phone):
    form = form_for(phone=phone)
    assert form.has_error("phone", "foreign_phone")
    assert "n'est pas français" in form.errors["phone"][0]


@pytest.mark.parametrize("phone", ["12 34", "abc", "06 12 34 56", "00 12 34 56 78", "+33 12", "0612345678901"])
def test_garbage_is_refused_as_an_invalid_phone_number(phone):
    assert form_for(phone=phone).has_error("phone", "invalid_phone")


def test_under_15_needs_a_parent_name_and_email():
    form = form_for(birth_date=birth_date_for_age(14).isoformat())

    assert not form.is_valid()
    assert "parent_name" in form.errors
    assert "parent_email" in form.errors


def test_parent_email_must_differ_from_the_youths():
    form = form_for(
        birth_date=birth_date_for_age(13).isoformat(), parent_name="Marie", parent_email="LEA.martin@example.org"
    )
    assert not form.is_valid()
    assert "différent" in form.errors["parent_email"][0]


def test_from_15_the_parent_fields_are_not_needed():
    assert form_for(birth_date=birth_date_for_age(15).isoformat()).is_valid()


def test_description_is_limited_to_2000_characters():
    assert form_for(description="a" * 2000).is_valid()
    assert form_for(description="a" * 2001).has_error("description", "max_length")


def test_consent_is_required():
    form = form_for(consent=None)
    assert not form.is_valid()
    assert "nécessaire" in form.errors["consent"][0]


@pytest.mark.parametrize("field", ["meeting_modes", "availability", "languages", "situation", "need"])
def test_required_choices(field):
    assert form_for(**{field: None}).has_error(field, "required")


def test_need_outside_the_list_is_rejected():
    assert form_for(need="anything").has_error("need", "invalid_choice")


def test_equal_opportunity_answers_are_optional_tristate():
    form = form_for(lives_in_qpv="yes", scholarship_holder="", disability_recognised="no")
    assert form.is_valid()
    assert form.cleaned_data["lives_in_qpv"] is True
    assert form.cleaned_data["scholarship_holder"] is None
    assert form.cleaned_data["disability_recognised"] is False


def test_honeypot_marks_the_post_as_a_bot():
    assert form_for(website="http://spam.example").is_bot
    assert not form_for().is_bot


def _widget_attrs(form_class) -> dict:
    return {name: dict(field.widget.attrs) for name, field in form_class.base_fields.items()}


@pytest.mark.django_db
def test_showing_a_rejected_form_leaves_the_declared_fields_untouched(client):
    """Rendering a rejected form (crispy-forms writes CSS classes into widgets) never reaches the next form."""
    declared = _widget_attrs(YouthRequestForm)
    url = reverse("matching:youth_request_create")

    rejected = client.post(url, youth_form_data(postal_code="98000", email="not-an-address"))
    accepted = client.post(url, youth_form_data())
    fresh = client.get(url)

    assert rejected.status_code == 400
    assert "is-invalid" in rejected.content.decode()
    assert accepted.status_code == 302
    assert _widget_attrs(YouthRequestForm) == declared
    assert "is-invalid" not in fresh.content.decode()

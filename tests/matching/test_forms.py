"""The youth form's validation matrix: ages, postal codes, phone, parent consent, lengths."""

import pytest

from matching.forms import YouthRequestForm
from tests.matching.factories import birth_date_for_age
from tests.matching.intake_data import youth_form_data


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
    ("postal_code", "valid"),
    [
        ("75001", True),
        ("20000", True),
        ("20200", True),
        ("97110", True),
        ("97600", True),
        ("98000", False),
        ("00000", False),
        ("7500A", False),
    ],
)
def test_postal_code_matrix(postal_code, valid):
    form = form_for(postal_code=postal_code)
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert "postal_code" in form.errors


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


def test_phone_is_optional_and_normalized():
    assert form_for(phone="").is_valid()
    form = form_for(phone="+33 (0)6 12 34 56 78")
    assert form.is_valid()
    assert form.cleaned_data["phone"] == "+33612345678"


def test_invalid_phone_gets_a_specific_message():
    form = form_for(phone="12 34")
    assert form.has_error("phone", "invalid_phone")


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
    from django.urls import reverse

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

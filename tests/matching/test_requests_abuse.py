"""Nobody can make the platform e-mail text of their choice: names are names, kept out of subjects, never linked."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import email_html_wrap
from matching.models import YouthRequest
from matching.validators import validate_person_name
from tests.matching.factories import birth_date_for_age
from tests.matching.form_data import mentor_form_data, youth_form_data

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(path for path in (ROOT / "templates").rglob("*") if path.suffix in {".html", ".txt"})
SUBJECTS = sorted((ROOT / "templates").rglob("emails/*_subject.txt"))
NAME_VARIABLE = re.compile(r"first_name|last_name|parent_name|get_full_name|get_short_name|\bwho\b")


@pytest.mark.parametrize(
    "name",
    ["Léa", "Jean-Luc", "N\u2019Diaye", "O'Brien", "Zoë Ève", "Дмитрий", "محمد", "李小龙", "प्रिया", "e\u0301milie"],
)
def test_names_of_any_script_are_accepted(name):
    validate_person_name(name)


@pytest.mark.parametrize(
    "name", ["https://evil.example", "Léa www.evil.example", "lea@example.org", "Léa 2", "Gagnez 100 €", "<b>", "- '"]
)
def test_anything_but_a_name_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        validate_person_name(name)
    assert refused.value.code == "invalid_name"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_name", "last_name", "parent_name"])
def test_the_youth_form_refuses_a_link_as_a_name_with_a_clear_message(client, field):
    data = youth_form_data(
        birth_date=birth_date_for_age(13).isoformat(), parent_name="Marie Martin", parent_email="marie@example.org"
    )
    data[field] = "Gagnez sur https://evil.example"

    response = client.post(reverse("matching:youth_request_create"), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert "Un nom ne peut contenir que des lettres, des espaces" in content
    assert "https://evil.example" in content  # what was typed is kept
    assert not YouthRequest.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_the_mentor_sign_up_refuses_a_link_as_a_name(client, field):
    data = mentor_form_data(**{field: "www.evil.example"})

    response = client.post(reverse("matching:mentor_signup"), data)

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert "Un nom ne peut contenir que des lettres" in response.content.decode()


def test_the_html_of_an_email_turns_no_text_into_a_link():
    html = email_html_wrap(subject="s", body_text="Bonjour https://evil.example et www.evil.example", language="fr")

    assert "<a " not in html
    assert "https://evil.example" in html


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_turns_text_into_links(path):
    assert "urlize" not in path.read_text()


@pytest.mark.parametrize("path", SUBJECTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_email_subject_holds_a_person_s_name(path):
    assert not NAME_VARIABLE.search(path.read_text())


@pytest.mark.django_db
def test_the_parent_s_email_subject_does_not_name_the_child(client, django_capture_on_commit_callbacks):
    data = youth_form_data(
        birth_date=birth_date_for_age(13).isoformat(), parent_name="Marie Martin", parent_email="marie@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:youth_request_create"), data)

    message = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    assert message.subject == "Une demande de mentor attend votre accord"
    assert "Léa" in message.body  # the body still says who asks

"""The privacy page (French and English), linked from every page's footer and from the forms."""

import pytest
from django.db import models
from django.urls import reverse

from matching.models import MentorProfile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Ce que nous recueillons", "base légale", "Qui les voit", "30 jours", "12 mois", "CNIL"]),
        ("en", ["What we collect", "legal basis", "Who sees it", "30 days", "12 months", "CNIL"]),
    ],
)
def test_the_privacy_page_says_what_why_who_how_long_rights_and_contact(client, settings, language, words):
    response = client.get(reverse("privacy"), headers={"accept-language": language})

    content = response.content.decode()
    assert response.status_code == 200
    for word in [*words, settings.PRIVACY_CONTACT_EMAIL, reverse("matching:tracking_lost")]:
        assert word in content, word


@pytest.mark.parametrize("url_name", ["home", "matching:youth_request_create", "matching:mentor_signup"])
def test_the_privacy_page_is_linked_from_the_footer_and_the_forms(client, url_name):
    assert f'href="{reverse("privacy")}"' in client.get(reverse(url_name)).content.decode()


def test_a_background_check_stays_a_declaration_never_a_document():
    file_fields = [field.name for field in MentorProfile._meta.get_fields() if isinstance(field, models.FileField)]

    assert file_fields == []
    assert {"background_check_ok", "background_check_on", "background_check_by"} <= {
        field.name for field in MentorProfile._meta.get_fields()
    }

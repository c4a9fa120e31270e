"""The public endpoint that fills the commune select of the youth form as the postal code is typed."""

import pytest
from django.urls import reverse

URL = reverse("associations:communes")

pytestmark = pytest.mark.django_db


def options(response) -> list[str]:
    return [line for line in response.content.decode().splitlines() if line]


def test_a_postal_code_with_several_communes_gives_a_blank_choice_then_its_communes(client):
    response = client.get(URL, {"postal_code": "48250"})

    assert response.status_code == 200
    assert options(response) == [
        '<option value="">---------</option>',
        '<option value="La Bastide-Puylaurent">La Bastide-Puylaurent</option>',
        '<option value="Laveyrune">Laveyrune</option>',
        '<option value="Luc">Luc</option>',
        '<option value="Mont Lozère et Goulet">Mont Lozère et Goulet</option>',
    ]


def test_a_postal_code_with_one_commune_gives_it_alone(client):
    assert options(client.get(URL, {"postal_code": "97133"})) == [
        '<option value="Saint-Barthélemy">Saint-Barthélemy</option>'
    ]


@pytest.mark.parametrize("postal_code", ["", "482", "98000", "00000", "<script>"])
def test_an_unfinished_or_unknown_postal_code_gives_the_blank_choice_only(client, postal_code):
    assert options(client.get(URL, {"postal_code": postal_code})) == ['<option value="">---------</option>']


def test_the_answer_is_public_and_cached_without_touching_the_session(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(URL, {"postal_code": "75011"})

    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_only_get_is_allowed(client):
    assert client.post(URL, {"postal_code": "75011"}).status_code == 405

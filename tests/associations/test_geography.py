"""Postal codes, communes and departments from the official data set (INSEE and La Poste)."""

import pytest

from associations.geography import (
    DEPARTMENT_REGION,
    DEPARTMENTS,
    UnknownCommune,
    UnknownPostalCode,
    communes_for_postal_code,
    department_for_commune,
    department_for_postal_code,
    department_of_insee_code,
)


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("75001", "75"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20190", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97110", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97600", "976"),
        ("95000", "95"),
        ("97500", "975"),
        ("97133", "977"),
        ("97150", "978"),
    ],
)
def test_postal_code_gives_its_department(postal_code, department):
    assert department_for_postal_code(postal_code) == department


@pytest.mark.parametrize(
    "postal_code", ["98000", "00000", "7500A", "7500", "750011", "96000", "98800", "75000", "", " ", None]
)
def test_unknown_postal_codes_are_rejected(postal_code):
    with pytest.raises(UnknownPostalCode):
        department_for_postal_code(postal_code)


def test_the_scheme_serves_101_departments_and_three_overseas_collectivities():
    assert len(DEPARTMENTS) == 104
    assert {"975", "977", "978"} <= set(DEPARTMENTS)
    assert set(DEPARTMENT_REGION) == set(DEPARTMENTS)


def _names(postal_code):
    return [commune.name for commune in communes_for_postal_code(postal_code)]


def test_corsica_is_told_apart_by_the_communes_insee_codes():
    assert [(c.name, c.department) for c in communes_for_postal_code("20000")] == [("Ajaccio", "2A")]
    assert {c.department for c in communes_for_postal_code("20200")} == {"2B"}
    assert "Bastia" in _names("20200")


def test_a_commune_of_ardeche_with_a_lozere_postal_code():
    assert _names("48250") == ["La Bastide-Puylaurent", "Laveyrune", "Luc", "Mont Lozère et Goulet"]
    assert department_for_commune("48250", "Laveyrune") == "07"
    assert department_for_commune("48250", "Luc") == "48"
    assert department_for_postal_code("48250") == "48"  # most of its inhabitants live in Lozère


def test_saint_barthelemy_and_saint_martin_are_collectivities_not_guadeloupe():
    assert department_for_commune("97133", "Saint-Barthélemy") == "977"
    assert department_for_commune("97150", "Saint-Martin") == "978"
    assert department_for_postal_code("97110") == "971"


def test_paris_is_one_commune_not_its_arrondissements():
    assert [(c.name, c.insee_code) for c in communes_for_postal_code("75011")] == [("Paris", "75056")]


def test_a_commune_is_found_by_its_name_in_any_case_or_its_insee_code():
    assert department_for_commune("48250", "laveyrune") == "07"
    assert department_for_commune("48250", "07136") == "07"


@pytest.mark.parametrize(("postal_code", "commune"), [("48250", "Mende"), ("48250", ""), ("75011", "Lyon")])
def test_a_commune_outside_the_postal_code_is_unknown(postal_code, commune):
    with pytest.raises(UnknownCommune):
        department_for_commune(postal_code, commune)


@pytest.mark.parametrize("postal_code", ["98000", "00000"])
def test_a_commune_of_an_unknown_postal_code_is_unknown(postal_code):
    with pytest.raises(UnknownPostalCode):
        department_for_commune(postal_code, "Monaco")


@pytest.mark.parametrize(
    ("insee_code", "department"),
    [("48086", "48"), ("07136", "07"), ("2A004", "2A"), ("2B033", "2B"), ("97411", "974"), ("97701", "977")],
)
def test_the_department_of_a_commune_comes_from_its_insee_code(insee_code, department):
    assert department_of_insee_code(insee_code) == department

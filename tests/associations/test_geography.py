import pytest

from associations.geography import DEPARTMENTS, UnknownPostalCode, department_for_postal_code
from matching.validators import InvalidPhoneNumber, normalize_phone


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
    ],
)
def test_postal_code_gives_its_department(postal_code, department):
    assert department_for_postal_code(postal_code) == department


@pytest.mark.parametrize("postal_code", ["98000", "00000", "7500A", "7500", "750011", "96000", "97500", "", " "])
def test_unknown_postal_codes_are_rejected(postal_code):
    with pytest.raises(UnknownPostalCode):
        department_for_postal_code(postal_code)


def test_there_are_101_departments():
    assert len(DEPARTMENTS) == 101


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("01 23 45 67 89", "+33123456789"),
        ("0690 12 34 56", "+590690123456"),
        ("+590 690 12 34 56", "+590690123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+262 692 12 34 56", "+262692123456"),
        ("0639 12 34 56", "+262639123456"),
        ("+269 639 12 34 56", "+262639123456"),
        ("0696 12 34 56", "+596696123456"),
        ("0694 12 34 56", "+594694123456"),
        ("+508 41 23 45", "+508412345"),
    ],
)
def test_french_phone_numbers_are_normalized(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["12345", "+1 555 123 4567", "06 12 34 56", "00 12 34 56 78", "abc", "+44 20 7946 0958"]
)
def test_other_phone_numbers_are_rejected(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)

"""French phone numbers, read with phonenumbers in the region of the youth's department and stored in E.164."""

import pytest

from matching.validators import ForeignPhoneNumber, InvalidPhoneNumber, normalize_phone, phone_region_for_department


@pytest.mark.parametrize(
    ("raw", "region", "normalized"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),  # metropolitan mobile
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "FR", "+33612345678"),
        ("0033 6 12 34 56 78", "FR", "+33612345678"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("0692 12 34 56", "RE", "+262692123456"),  # La Réunion
        ("0690 12 34 56", "GP", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "MQ", "+596696123456"),  # Martinique
        ("0694 20 12 34", "GF", "+594694201234"),  # Guyane
        ("0639 69 12 34", "YT", "+262639691234"),  # Mayotte
        ("06 12 34 56 78", "RE", "+33612345678"),  # a metropolitan number given by a youth living in La Réunion
        ("0692 12 34 56", "FR", "+262692123456"),  # and the other way round
        ("+590 690 12 34 56", "FR", "+590690123456"),
        ("+508 41 23 45", "PM", "+508412345"),
    ],
)
def test_french_numbers_are_stored_in_e164(raw, region, normalized):
    assert normalize_phone(raw, region=region) == normalized


@pytest.mark.parametrize("raw", ["+44 20 7946 0958", "+1 202 555 0143", "0044 20 7946 0958", "+32 470 12 34 56"])
def test_foreign_numbers_are_refused(raw):
    with pytest.raises(ForeignPhoneNumber):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["12345", "06 12 34 56", "00 12 34 56 78", "abc", "", "+33 6 12", "06 12 34 56 78 90"])
def test_garbage_is_refused(raw):
    with pytest.raises(InvalidPhoneNumber) as refused:
        normalize_phone(raw)
    assert not isinstance(refused.value, ForeignPhoneNumber)


@pytest.mark.parametrize(
    ("department", "region"),
    [("75", "FR"), ("2A", "FR"), ("971", "GP"), ("972", "MQ"), ("973", "GF"), ("974", "RE"), ("976", "YT"),
     ("975", "PM"), ("977", "BL"), ("978", "MF"), (None, "FR")],
)  # fmt: skip
def test_the_region_of_a_department(department, region):
    assert phone_region_for_department(department) == region

"""Validation helpers shared by the public forms: French phone numbers, people's names."""

import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# France and its overseas departments and collectivities served by the scheme, as phonenumbers names their regions.
FRENCH_PHONE_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")
PHONE_REGION_BY_DEPARTMENT = {
    "971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT", "975": "PM", "977": "BL", "978": "MF",
}  # fmt: skip


class InvalidPhoneNumber(ValueError):
    pass


class ForeignPhoneNumber(InvalidPhoneNumber):
    """A valid number, but not one of France or of the French overseas regions."""


def phone_region_for_department(department: str | None) -> str:
    """The region a number written without its country code belongs to, for someone living in that department."""
    return PHONE_REGION_BY_DEPARTMENT.get(department or "", "FR")


def normalize_phone(raw: str, *, region: str = "FR") -> str:
    """Return a French phone number in E.164 form ("+33612345678", "+262692123456"), or raise.

    ``region`` is where a number written in the national form (06 12 34 56 78, 0692 12 34 56) is read first: the
    youth's department. France and its overseas departments share one numbering plan, so a national number that is
    not one of that region's (a metropolitan mobile kept by someone living in La Réunion) is read as one of the
    other French regions'. International forms (+33, 0033, +262...) are read as they are.
    """
    for candidate in dict.fromkeys((region, *FRENCH_PHONE_REGIONS)):
        try:
            number = phonenumbers.parse(raw, candidate)
        except phonenumbers.NumberParseException:
            raise InvalidPhoneNumber(raw) from None
        if not phonenumbers.is_valid_number(number):
            continue
        if phonenumbers.region_code_for_number(number) not in FRENCH_PHONE_REGIONS:
            raise ForeignPhoneNumber(raw)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise InvalidPhoneNumber(raw)


# Besides letters: spaces, hyphens (and the Unicode hyphen), apostrophes (straight, typographic, modifier letter).
_NAME_PUNCTUATION = frozenset(" -\u2010'\u2019\u02bc")


def validate_person_name(value: str) -> None:
    """A person's name is letters of any script (accents and other combining marks included), spaces, hyphens and
    apostrophes: the platform writes names into e-mails to addresses anyone can type, so nothing else gets in
    (no digits, dots, slashes or at signs: no links, no addresses)."""
    name = unicodedata.normalize("NFC", value)
    has_letter = any(unicodedata.category(char).startswith("L") for char in name)
    if not has_letter or any(
        unicodedata.category(char)[0] not in "LM" and char not in _NAME_PUNCTUATION for char in name
    ):
        raise ValidationError(
            _("Un nom ne peut contenir que des lettres, des espaces, des traits d'union (-) et des apostrophes (')."),
            code="invalid_name",
        )

"""Validation helpers shared by the intake forms: French phone numbers, ages, people's names."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# National prefixes of the overseas departments, mapped to their international calling code.
_OVERSEAS_PREFIXES = {
    "590": "590", "690": "590", "691": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "594": "594", "694": "594",  # Guyane
    "596": "596", "696": "596", "697": "596",  # Martinique
    "262": "262", "263": "262", "692": "262", "693": "262",  # La Réunion
    "269": "262", "639": "262",  # Mayotte
}  # fmt: skip
_INTERNATIONAL = re.compile(r"^(?:\+|00)(33|262|269|508|590|594|596)(\d+)$")
_NATIONAL = re.compile(r"^0([1-9]\d{8})$")


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """Return a French phone number in E.164 form ("+33612345678", "+590690123456"), or raise.

    Accepts national numbers (06 12 34 56 78), +33 / 0033 (with or without "(0)"), and the overseas calling codes
    (+262, +269, +508, +590, +594, +596). Spaces, dots, dashes and brackets are ignored.
    """
    compact = re.sub(r"[\s.\-/]", "", raw or "").replace("(0)", "")
    compact = re.sub(r"[()]", "", compact)
    if match := _NATIONAL.match(compact):
        digits = match.group(1)
        country = _OVERSEAS_PREFIXES.get(digits[:3], "33")
        return f"+{country}{digits}"
    if match := _INTERNATIONAL.match(compact):
        country, rest = match.groups()
        rest = rest.removeprefix("0")
        if country == "508" and re.fullmatch(r"\d{6}", rest):
            return f"+508{rest}"
        if country == "269":
            country = "262"
        if re.fullmatch(r"[1-9]\d{8}", rest):
            return f"+{country}{rest}"
    raise InvalidPhoneNumber(raw)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


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

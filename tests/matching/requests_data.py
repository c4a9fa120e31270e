"""A valid youth request as a browser posts it, to vary one field at a time."""

from tests.matching.factories import birth_date_for_age


def youth_form_data(**overrides) -> dict:
    data = {
        "first_name": "Léa",
        "last_name": "Martin",
        "email": "lea.martin@example.org",
        "phone": "06 12 34 56 78",
        "birth_date": birth_date_for_age(17).isoformat(),
        "postal_code": "75011",
        "commune": "Paris",
        "situation": "pupil",
        "need": "orientation",
        "sectors": ["digital", "health"],
        "meeting_modes": ["remote", "school"],
        "availability": ["evenings"],
        "languages": ["fr"],
        "description": "Je voudrais de l'aide pour choisir mes études après le bac.",
        "lives_in_qpv": "yes",
        "scholarship_holder": "",
        "disability_recognised": "no",
        "parent_name": "",
        "parent_email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

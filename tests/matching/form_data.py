"""A valid youth request and a valid mentor sign-up as a browser posts them, to vary one field at a time."""

from tests.accounts.factories import PASSWORD
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


def mentor_form_data(**overrides):
    data = {
        "first_name": "Thomas",
        "last_name": "Bernard",
        "email": "thomas@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "mentor_type": "professional",
        "organisation": "Société Exemple",
        "axes": ["employment"],
        "sectors": ["digital", "finance"],
        "skills": ["cv", "interview"],
        "accepts_minors": "no",
        "postal_code": "20200",
        "meeting_modes": ["remote", "workplace"],
        "availability": ["evenings", "weekends"],
        "languages": ["fr", "en"],
        "capacity": "2",
        "motivation": "J'ai été aidé à mes débuts, je veux rendre la pareille.",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

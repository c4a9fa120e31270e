"""The staff's searches by name or e-mail: each word typed must appear in one of the fields, whatever its case and,
on PostgreSQL, its accents (``unaccent``: "Ines" finds "Inès", as coordinators type names heard on the phone). The
embedded SQLite compares accents as typed."""

from django.db import connection
from django.db.models import Q

MAX_WORDS = 5


def words_match(q: str, fields: list[str]) -> Q:
    lookup = "unaccent__icontains" if connection.vendor == "postgresql" else "icontains"
    terms = Q()
    for word in q.split()[:MAX_WORDS]:
        in_a_field = Q()
        for field in fields:
            in_a_field |= Q(**{f"{field}__{lookup}": word})
        terms &= in_a_field
    return terms

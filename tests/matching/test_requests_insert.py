"""request_submit's one-statement INSERT stores exactly what the ORM's save() would, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from matching.enums import RequestState
from matching.models import YouthRequest
from matching.services.requests import request_submit

SUBMISSION = {
    "first_name": " Léa ",
    "last_name": "Martin",
    "email": "Lea.Martin@Example.org",
    "phone": "+33612345678",
    "birth_date": date(2006, 3, 14),
    "postal_code": "69003",
    "commune": "Lyon",
    "situation": "student",
    "need": "first_job",
    "sectors": ["health", "digital"],
    "meeting_modes": ["remote"],
    "availability": ["evenings", "weekends"],
    "languages": ["fr", "en"],
    "description": "Je cherche mon premier emploi.",
    "lives_in_qpv": True,
    "scholarship_holder": None,
    "disability_recognised": False,
    "language": "fr",
}


def _stored(request: YouthRequest) -> dict:
    return model_to_dict(YouthRequest.objects.get(pk=request.pk), exclude=["id", "public_id", "email"])


@pytest.mark.django_db
def test_the_row_is_the_one_save_would_store():
    now = timezone.now()
    submitted = request_submit(**SUBMISSION, now=now)

    fields = model_to_dict(submitted, exclude=["id", "association", "claimed_by"])
    by_orm = YouthRequest(**{**fields, "email": "someone.else@example.org"})
    by_orm.save()

    assert _stored(submitted) == _stored(by_orm)
    stored = YouthRequest.objects.get(pk=submitted.pk)
    assert stored.public_id == submitted.public_id
    assert stored.email == "lea.martin@example.org"
    assert stored.first_name == "Léa"
    assert stored.sectors == ["digital", "health"]
    assert stored.languages == ["en", "fr"]
    assert stored.lives_in_qpv is True
    assert stored.scholarship_holder is None
    assert stored.disability_recognised is False
    assert stored.created_at == now
    assert stored.submitted_at == now
    assert stored.state == RequestState.SUBMITTED


@pytest.mark.django_db
def test_the_returned_instance_is_saved_and_usable():
    submitted = request_submit(**SUBMISSION)

    assert submitted.pk is not None
    assert not submitted._state.adding
    assert submitted.transitions.count() == 0
    submitted.commune = "Villeurbanne"
    submitted.save(update_fields=["commune"])
    assert YouthRequest.objects.get(pk=submitted.pk).commune == "Villeurbanne"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_insert_commits_and_a_second_submission_finds_it():
    first = request_submit(**SUBMISSION)
    second = request_submit(**{**SUBMISSION, "email": "lea.martin@example.org"})

    assert second.pk == first.pk
    assert YouthRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("require_postgres")
def test_a_connection_the_server_dropped_does_not_lose_the_submission():
    """Connections are kept between requests without a health check: a PostgreSQL restart must not cost the next
    youth their request."""
    from django.db import connection
    from psycopg2 import connect

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    admin = connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()

    submitted = request_submit(**SUBMISSION)

    assert YouthRequest.objects.filter(pk=submitted.pk, email="lea.martin@example.org").exists()

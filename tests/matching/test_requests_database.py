"""request_submit stores the request with the ORM; the open-request index turns a second submission into a link."""

from datetime import date

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from psycopg2 import connect

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


@pytest.mark.django_db
def test_the_request_is_stored_as_submitted():
    now = timezone.now()
    submitted = request_submit(**SUBMISSION, now=now)

    stored = YouthRequest.objects.get(pk=submitted.pk)
    assert stored.public_id == submitted.public_id
    assert stored.email == "lea.martin@example.org"
    assert stored.first_name == "Léa"
    assert stored.department == "69"
    assert stored.sectors == ["digital", "health"]
    assert stored.languages == ["en", "fr"]
    assert (stored.lives_in_qpv, stored.scholarship_holder, stored.disability_recognised) == (True, None, False)
    assert stored.created_at == stored.submitted_at == now
    assert stored.state == RequestState.SUBMITTED
    assert stored.transitions.count() == 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_second_submission_finds_the_first():
    first = request_submit(**SUBMISSION)
    second = request_submit(**{**SUBMISSION, "email": "lea.martin@example.org"})

    assert second.pk == first.pk
    assert YouthRequest.objects.count() == 1


@pytest.mark.django_db
def test_inside_a_transaction_a_second_submission_leaves_it_usable():
    with transaction.atomic():
        first = request_submit(**SUBMISSION)
        second = request_submit(**SUBMISSION)
        assert second.pk == first.pk
        assert YouthRequest.objects.count() == 1  # the transaction goes on after the conflict


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("require_postgres")
def test_a_connection_the_server_dropped_does_not_lose_the_next_submission():
    """Connections are kept between requests: a PostgreSQL restart must not cost the next youth their request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    admin = connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()

    close_old_connections()  # what Django does when the next web request starts
    submitted = request_submit(**SUBMISSION)

    assert YouthRequest.objects.filter(pk=submitted.pk, email="lea.martin@example.org").exists()

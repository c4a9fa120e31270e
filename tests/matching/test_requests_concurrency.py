"""Simultaneous submissions for one e-mail (a double click on two connections) create one request."""

import threading

import pytest
from django.db import connection

from matching.models import YouthRequest
from matching.services.requests import request_submit
from tests.matching.factories import birth_date_for_age

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("require_postgres")
def test_simultaneous_submissions_create_one_request():
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            request = request_submit(
                first_name="Léa",
                last_name="Martin",
                email="lea@example.org",
                birth_date=birth_date_for_age(20),
                postal_code="75011",
                situation="student",
                need="first_job",
                meeting_modes=["remote"],
                availability=["evenings"],
                languages=["fr"],
                description="Premier emploi.",
                language="fr",
            )
            results.append(request.pk)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert YouthRequest.objects.count() == 1
    assert set(results) == {YouthRequest.objects.get().pk}

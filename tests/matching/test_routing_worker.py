"""A request submitted through the web page is routed by a real Celery worker process on Redis."""

import pytest
from django.urls import reverse

from matching.enums import RequestState
from matching.models import YouthRequest
from tests.associations.factories import AssociationFactory
from tests.matching.form_data import youth_form_data
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_submitted_request_is_routed_by_a_real_worker(client, tmp_path):
    association = AssociationFactory(departments=["75"])
    email_dir = tmp_path / "mail"
    email_dir.mkdir()
    log_path = tmp_path / "worker.log"

    with celery_worker(email_dir=email_dir, log_path=log_path):
        response = client.post(reverse("matching:youth_request_create"), youth_form_data())
        assert response.status_code == 302
        request = YouthRequest.objects.get()

        def routed():
            request.refresh_from_db()
            return request.state == RequestState.ROUTED

        assert wait_for(routed, timeout=60), log_path.read_text()
        assert wait_for(lambda: len(list(email_dir.iterdir())) >= 2, timeout=30), log_path.read_text()

    assert request.association == association
    assert request.routing_decisions.get().association == association
    subjects = " ".join(path.read_text() for path in email_dir.iterdir())
    assert "lien de suivi" in subjects
    assert association.name in subjects

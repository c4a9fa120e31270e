"""An e-mail sent end to end through Redis and a real Celery worker process (not eager)."""

import pytest
from django.urls import reverse

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from tests.accounts.factories import PASSWORD
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_signup_email_is_sent_by_a_real_worker(client, tmp_path):
    email_dir = tmp_path / "mail"
    email_dir.mkdir()
    log_path = tmp_path / "worker.log"

    with celery_worker(email_dir=email_dir, log_path=log_path):
        response = client.post(
            reverse("account_signup"),
            {"email": "worker@example.org", "password1": PASSWORD, "password2": PASSWORD},
            headers={"accept-language": "en"},
        )
        assert response.status_code == 302
        email = OutboundEmail.objects.get(to="worker@example.org")

        def sent():
            email.refresh_from_db()
            return email.status == EmailStatus.SENT

        assert wait_for(sent, timeout=60), log_path.read_text()

    files = list(email_dir.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert "To: worker@example.org" in content
    assert "Please Confirm Your Email Address" in content
    assert "email_send_task" in log_path.read_text()

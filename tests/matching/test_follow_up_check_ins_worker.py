"""The check-ins job, as beat sends it, run by a real Celery worker process (not eager): asked once, e-mailed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail
from matching.tasks import check_ins_send_task
from tests.matching.factories import MentorshipFactory
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_runs_the_check_ins_session_reminders_and_retention_jobs():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "matching.tasks.check_ins_send_task",
        "matching.tasks.session_reminders_task",
        "matching.tasks.mentorships_anonymise_task",
    } <= tasks


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_the_check_ins_job_runs_on_a_real_worker(tmp_path):
    MentorshipFactory(under_way=True, started_on=timezone.localdate() - timedelta(days=40))
    email_dir, log_path = tmp_path / "mail", tmp_path / "worker.log"
    email_dir.mkdir()

    with celery_worker(email_dir=email_dir, log_path=log_path):
        check_ins_send_task.delay()

        def sent():
            return OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 2

        assert wait_for(sent, timeout=60), log_path.read_text()

    assert len(list(email_dir.iterdir())) == 2
    assert "check_ins_send_task" in log_path.read_text()

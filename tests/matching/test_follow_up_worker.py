"""A follow-up job runs from celery beat on a real worker: a pair silent for 46 days gets its alert and its mentor one
e-mail, however many times beat sends the job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.enums import AlertKind
from matching.models import Alert
from tests.associations.factories import StaffMembershipFactory
from tests.matching.factories import MentorshipFactory
from tests.worker import celery_beat, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_beat_sends_the_silent_pairs_job_to_a_real_worker(tmp_path):
    mentorship = MentorshipFactory(
        under_way=True, started_on=timezone.localdate() - timedelta(days=46), mentor__user__email="mentor@example.org"
    )
    StaffMembershipFactory(association=mentorship.association)
    email_dir = tmp_path / "mail"
    email_dir.mkdir()
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"

    with (
        celery_worker(email_dir=email_dir, log_path=worker_log),
        celery_beat(entry="silent-pairs-alert", schedule_path=tmp_path / "beat-schedule", log_path=beat_log),
    ):
        logs = lambda: worker_log.read_text() + beat_log.read_text()  # noqa: E731
        assert wait_for(lambda: Alert.objects.exists(), timeout=60), logs()
        assert wait_for(lambda: list(email_dir.iterdir()), timeout=30), logs()
        # Beat keeps sending the job every second: the worker runs it again and again, raising nothing new.
        assert wait_for(lambda: worker_log.read_text().count("silent_pairs_alert_task") >= 6, timeout=30), logs()

    assert list(Alert.objects.values_list("kind", "mentorship")) == [(AlertKind.SILENT_PAIR, mentorship.pk)]
    sent = "".join(path.read_text() for path in email_dir.iterdir())
    assert sent.count("To: mentor@example.org") == 1

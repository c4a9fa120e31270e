"""The migration that gives each mentorship the date of its latest session (kept by the service from then on)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("matching", "0024_webhook_creator_blank")]
AFTER = [("matching", "0025_mentorship_last_session_on")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def latest_schema_after():
    """Back to the latest migrations afterwards: the tests after this one need every table (a later migration's too)."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_each_mentorship_gets_the_date_of_its_latest_session():
    apps = migrate(BEFORE)
    Association = apps.get_model("associations", "Association")
    YouthRequest = apps.get_model("matching", "YouthRequest")
    MentorProfile = apps.get_model("matching", "MentorProfile")
    Mentorship = apps.get_model("matching", "Mentorship")
    SessionLog = apps.get_model("matching", "SessionLog")
    User = apps.get_model("accounts", "User")
    association = Association.objects.create(name="A", slug="a", contact_email="a@example.org")
    now = timezone.now()
    common = {
        "state": "matched", "association": association, "first_name": "Léa", "last_name": "M",
        "birth_date": "2008-01-01", "postal_code": "75011", "department": "75", "situation": "pupil",
        "need": "orientation", "axis": "education", "consent_at": now, "consent_version": "1",
    }  # fmt: skip
    mentor = MentorProfile.objects.create(
        user=User.objects.create(email="m@example.org"), association=association, state="active",
        postal_code="75011", department="75", consent_at=now, consent_version="1",
    )  # fmt: skip
    met = Mentorship.objects.create(
        request=YouthRequest.objects.create(email="met@example.org", **common),
        mentor=mentor, association=association, state="active", started_on=date(2026, 1, 5),
    )  # fmt: skip
    never = Mentorship.objects.create(
        request=YouthRequest.objects.create(email="never@example.org", **common),
        mentor=mentor, association=association, state="active", started_on=date(2026, 1, 5),
    )  # fmt: skip
    for held_on in (date(2026, 3, 2), date(2026, 2, 1)):
        SessionLog.objects.create(mentorship=met, held_on=held_on, duration_hours=1, mode="remote", topics="CV")

    apps = migrate(AFTER)
    Mentorship = apps.get_model("matching", "Mentorship")

    assert Mentorship.objects.get(pk=met.pk).last_session_on == date(2026, 3, 2)
    assert Mentorship.objects.get(pk=never.pk).last_session_on is None

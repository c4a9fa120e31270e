"""The data migration that closes the requests of mentorships completed before the closed state existed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("matching", "0009_request_closed")]
AFTER = [("matching", "0010_close_requests_of_completed_mentorships")]


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


def test_a_request_whose_mentorship_was_completed_is_closed_and_one_under_way_is_not():
    apps = migrate(BEFORE)
    Association = apps.get_model("associations", "Association")
    YouthRequest = apps.get_model("matching", "YouthRequest")
    MentorProfile = apps.get_model("matching", "MentorProfile")
    Mentorship = apps.get_model("matching", "Mentorship")
    User = apps.get_model("accounts", "User")
    association = Association.objects.create(name="A", slug="a", contact_email="a@example.org")
    now = timezone.now()
    common = {
        "state": "matched", "association": association, "first_name": "Léa", "last_name": "M",
        "birth_date": "2008-01-01", "postal_code": "75011", "department": "75", "situation": "pupil",
        "need": "orientation", "axis": "education", "consent_at": now, "consent_version": "1",
    }  # fmt: skip
    done = YouthRequest.objects.create(email="done@example.org", **common)
    going = YouthRequest.objects.create(email="going@example.org", **common)
    mentor = MentorProfile.objects.create(
        user=User.objects.create(email="m@example.org"), association=association, state="active",
        postal_code="75011", department="75", consent_at=now, consent_version="1",
    )  # fmt: skip
    Mentorship.objects.create(request=done, mentor=mentor, association=association, state="completed", ended_at=now)
    Mentorship.objects.create(request=going, mentor=mentor, association=association, state="active")

    try:
        apps = migrate(AFTER)
        YouthRequest = apps.get_model("matching", "YouthRequest")
        done, going = (
            YouthRequest.objects.get(email="done@example.org"),
            YouthRequest.objects.get(email="going@example.org"),
        )
    finally:  # the next tests need the schema of the latest migrations
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert (done.state, done.closed_at) == ("closed", now)
    assert going.state == "matched"

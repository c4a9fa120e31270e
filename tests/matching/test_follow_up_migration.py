"""The data migration that closes the requests of mentorships completed before the closed state existed."""

import pytest
from django.utils import timezone

from tests.matching.migrations import association_and_mentor, migrate, migrate_to_latest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("latest_schema_after")]

BEFORE = [("matching", "0009_request_closed")]
AFTER = [("matching", "0010_close_requests_of_completed_mentorships")]


def test_a_request_whose_mentorship_was_completed_is_closed_and_one_under_way_is_not():
    apps = migrate(BEFORE)
    YouthRequest, Mentorship = apps.get_model("matching", "YouthRequest"), apps.get_model("matching", "Mentorship")
    association, mentor, common = association_and_mentor(apps)
    now = timezone.now()
    done = YouthRequest.objects.create(email="done@example.org", **common)
    going = YouthRequest.objects.create(email="going@example.org", **common)
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
        migrate_to_latest()

    assert (done.state, done.closed_at) == ("closed", now)
    assert going.state == "matched"

"""The migration that gives each mentorship the date of its latest session (kept by the service from then on)."""

from datetime import date

import pytest

from tests.matching.migrations import association_and_mentor, migrate, migrate_to_latest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("latest_schema_after")]

BEFORE = [("matching", "0024_webhook_creator_blank")]
AFTER = [("matching", "0025_mentorship_last_session_on")]


def test_each_mentorship_gets_the_date_of_its_latest_session():
    apps = migrate(BEFORE)
    YouthRequest, Mentorship = apps.get_model("matching", "YouthRequest"), apps.get_model("matching", "Mentorship")
    SessionLog = apps.get_model("matching", "SessionLog")
    association, mentor, request_fields = association_and_mentor(apps)
    met, never = (
        Mentorship.objects.create(
            request=YouthRequest.objects.create(email=email, **request_fields),
            mentor=mentor,
            association=association,
            state="active",
            started_on=date(2026, 1, 5),
        )
        for email in ("met@example.org", "never@example.org")
    )
    for held_on in (date(2026, 3, 2), date(2026, 2, 1)):
        SessionLog.objects.create(mentorship=met, held_on=held_on, duration_hours=1, mode="remote", topics="CV")

    try:
        Mentorship = migrate(AFTER).get_model("matching", "Mentorship")
        met, never = Mentorship.objects.get(pk=met.pk), Mentorship.objects.get(pk=never.pk)
    finally:
        migrate_to_latest()

    assert met.last_session_on == date(2026, 3, 2)
    assert never.last_session_on is None

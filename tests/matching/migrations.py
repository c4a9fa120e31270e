"""What the data-migration tests share: the schema moved to a migration, back to the latest one afterwards, and the
rows a mentorship needs, written through the models of that migration's state."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def migrate(targets):
    """The database moved to ``targets``; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to the latest migrations: the tests after a migration test need every table (a later migration's too)."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def association_and_mentor(apps):
    """An association, an active mentor of it, and what a youth request of it needs (``YouthRequest`` fields)."""
    Association = apps.get_model("associations", "Association")
    MentorProfile = apps.get_model("matching", "MentorProfile")
    User = apps.get_model("accounts", "User")
    association = Association.objects.create(name="A", slug="a", contact_email="a@example.org")
    now = timezone.now()
    mentor = MentorProfile.objects.create(
        user=User.objects.create(email="m@example.org"), association=association, state="active",
        postal_code="75011", department="75", consent_at=now, consent_version="1",
    )  # fmt: skip
    request_fields = {
        "state": "matched", "association": association, "first_name": "Léa", "last_name": "M",
        "birth_date": "2008-01-01", "postal_code": "75011", "department": "75", "situation": "pupil",
        "need": "orientation", "axis": "education", "consent_at": now, "consent_version": "1",
    }  # fmt: skip
    return association, mentor, request_fields

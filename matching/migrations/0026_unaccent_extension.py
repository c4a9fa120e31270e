"""The staff's searches ignore accents on PostgreSQL (``unaccent``), the embedded SQLite going without. The queue's
search now reads the unaccented names from the queue's own index (youth_request_queue_order_idx carries them): the
trigram indexes of the plain names serve nothing any more and go."""

from django.db import migrations

from mentoring.postgres import RemovePostgresIndex, UnaccentExtension


class Migration(migrations.Migration):
    dependencies = [("matching", "0025_mentorship_last_session_on")]

    operations = [
        # unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        UnaccentExtension(),
        *(
            RemovePostgresIndex(model_name="youthrequest", name=f"youth_request_{column}_trgm")
            for column in ("first_name", "last_name", "email")
        ),
    ]

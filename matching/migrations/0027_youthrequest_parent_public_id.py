"""The parent's consent link gets its own id (step 1 of 3, as Django's documentation adds a unique field to a table
that has rows: nullable first, then filled, then unique)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0026_unaccent_extension")]

    operations = [
        migrations.AddField(
            model_name="youthrequest",
            name="parent_public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]

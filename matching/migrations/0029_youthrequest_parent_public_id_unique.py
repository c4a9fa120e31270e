"""Step 3 of 3: the parent link id is required and unique, new requests drawing theirs from the model's default.
Requests written between step 2 and this one by a process still running the previous code (it knows nothing of
the column) get their tracking id first, as in step 2, in this migration's transaction."""

import uuid

from django.db import migrations, models
from django.db.models import F


def fill_late_rows(apps, schema_editor):
    YouthRequest = apps.get_model("matching", "YouthRequest")
    if schema_editor.connection.vendor == "postgresql":
        # No row written between this fill and the constraint: writers wait for the migration's commit.
        table = schema_editor.quote_name(YouthRequest._meta.db_table)
        schema_editor.execute(f"LOCK TABLE {table} IN SHARE MODE")
    YouthRequest.objects.filter(parent_public_id__isnull=True).update(parent_public_id=F("public_id"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0028_youthrequest_parent_public_id_fill")]

    operations = [
        migrations.RunPython(fill_late_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="youthrequest",
            name="parent_public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

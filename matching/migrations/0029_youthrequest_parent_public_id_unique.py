"""Step 3 of 3: the parent link id is required and unique, new requests drawing theirs from the model's default."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0028_youthrequest_parent_public_id_fill")]

    operations = [
        migrations.AlterField(
            model_name="youthrequest",
            name="parent_public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

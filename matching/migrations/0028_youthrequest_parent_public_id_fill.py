"""Step 2 of 3: an existing request's parent link id is its tracking id, on which the consent links already sent were
signed, so that they keep working. The two ids part the first time either link is replaced."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    YouthRequest = apps.get_model("matching", "YouthRequest")
    YouthRequest.objects.filter(parent_public_id__isnull=True).update(parent_public_id=F("public_id"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0027_youthrequest_parent_public_id")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

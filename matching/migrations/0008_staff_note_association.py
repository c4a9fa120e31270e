"""Each internal note belongs to the association whose team wrote it: a request's notes are given the association
that held the request when the note was written (the last transition before it naming one, else the request's
association), a mentor's notes the mentor's association."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    StaffNote = apps.get_model("matching", "StaffNote")
    RequestTransition = apps.get_model("matching", "RequestTransition")
    YouthRequest = apps.get_model("matching", "YouthRequest")
    MentorProfile = apps.get_model("matching", "MentorProfile")
    held_then = (
        RequestTransition.objects.filter(
            request=OuterRef("request"), created_at__lte=OuterRef("created_at"), association__isnull=False
        )
        .order_by("-created_at", "-pk")
        .values("association")[:1]
    )
    held_now = YouthRequest.objects.filter(pk=OuterRef("request")).values("association")[:1]
    StaffNote.objects.filter(request__isnull=False).update(
        association=Coalesce(Subquery(held_then), Subquery(held_now))
    )
    StaffNote.objects.filter(mentor__isnull=False).update(
        association=Subquery(MentorProfile.objects.filter(pk=OuterRef("mentor")).values("association")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0002_matching_weights"),
        ("matching", "0007_routing_decision_redirect_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffnote",
            name="association",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="associations.association",
                verbose_name="association",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]

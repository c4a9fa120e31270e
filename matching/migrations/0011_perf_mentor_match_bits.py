"""The scorer's bit masks of each mentor's multiple-choice fields, stored next to them so that the suggestions and
the batch read an association's mentors as integers; existing profiles get theirs here, with the bit order of
matching/scoring.py at the time of this migration (each choice's index in its enum)."""

from django.db import migrations, models

CHOICES = {
    "sectors": ["digital", "health", "social", "commerce", "industry", "construction", "hospitality", "transport",
                "agriculture", "culture", "finance", "public", "sport", "science"],
    "meeting_modes": ["remote", "home", "school", "association", "workplace"],
    "availability": ["weekdays", "evenings", "weekends"],
    "languages": ["fr", "en", "ar", "es", "pt", "de", "it", "tr", "ro", "zh", "uk", "ru", "lsf"],
    "axes": ["education", "employment"],
}  # fmt: skip
COLUMNS = {"sectors": "sectors_bits", "meeting_modes": "meeting_bits", "availability": "availability_bits",
           "languages": "languages_bits", "axes": "axes_bits"}  # fmt: skip


def bits(values, choices) -> int:
    return sum(1 << choices.index(value) for value in set(values) if value in choices)


def fill_bits(apps, schema_editor):
    MentorProfile = apps.get_model("matching", "MentorProfile")
    profiles = MentorProfile.objects.only("pk", *COLUMNS).order_by("pk")
    batch = []
    for profile in profiles.iterator(chunk_size=2000):
        for name, column in COLUMNS.items():
            setattr(profile, column, bits(getattr(profile, name) or [], CHOICES[name]))
        batch.append(profile)
        if len(batch) == 2000:
            MentorProfile.objects.bulk_update(batch, list(COLUMNS.values()))
            batch = []
    MentorProfile.objects.bulk_update(batch, list(COLUMNS.values()))


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0010_close_requests_of_completed_mentorships"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorprofile",
            name="availability_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="axes_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="languages_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="meeting_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="sectors_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_bits, migrations.RunPython.noop),
    ]

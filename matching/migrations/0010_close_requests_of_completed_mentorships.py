"""Requests whose mentorship was completed before the "closed" state existed stayed "matched" for ever (counted in
their association's intake, blocking the same e-mail, never purged): they are closed now, as mentorship_complete
does, with the mentorship's end as their closing date, and the change logged."""

from django.db import migrations

OPEN_MENTORSHIP_STATES = ["proposed", "mentor_accepted", "active", "paused"]


def close_requests(apps, schema_editor):
    YouthRequest = apps.get_model("matching", "YouthRequest")
    Mentorship = apps.get_model("matching", "Mentorship")
    RequestTransition = apps.get_model("matching", "RequestTransition")
    requests = YouthRequest.objects.filter(state="matched", mentorships__state="completed").exclude(
        mentorships__state__in=OPEN_MENTORSHIP_STATES
    )
    for request in requests.distinct():
        completed = Mentorship.objects.filter(request=request, state="completed").order_by("-ended_at").first()
        request.state, request.closed_at = "closed", completed.ended_at
        request.save(update_fields=["state", "closed_at"])
        RequestTransition.objects.create(
            request=request,
            from_state="matched",
            to_state="closed",
            actor="system",
            note="closed with its completed mentorship (data migration)",
            association_id=request.association_id,
            created_at=completed.ended_at,
        )


class Migration(migrations.Migration):
    dependencies = [("matching", "0009_request_closed")]

    operations = [migrations.RunPython(close_requests, migrations.RunPython.noop)]

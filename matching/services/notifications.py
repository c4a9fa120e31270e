"""The coordinators' daily digest: what arrived in their association's queues since yesterday."""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.services import email_queue_from_templates
from associations.models import Association, StaffMembership

from ..enums import RequestState
from ..models import MentorProfile, YouthRequest
from ..selectors import silent_mentorships
from .intake import _absolute

logger = logging.getLogger("matching.services")


def coordinators_digest_send(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """E-mail each staff member of each association the new requests and mentor applications of the last 24 hours.
    One digest per person, association and day, whatever the number of runs. Returns how many were queued."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    day = timezone.localdate(now).isoformat()
    new_requests = dict(
        YouthRequest.objects.filter(routed_at__gte=since, state=RequestState.ROUTED)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    new_mentors = dict(
        MentorProfile.objects.filter(submitted_at__gte=since, association__isnull=False)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    # One query, the silent pairs only, counted by association.
    silent = Counter(silent_mentorships(today=timezone.localdate(now)).values_list("association_id", flat=True))
    sent = 0
    associations = Association.objects.active().filter(
        Q(pk__in=new_requests) | Q(pk__in=new_mentors) | Q(pk__in=silent)
    )
    for association in associations:
        memberships = StaffMembership.objects.filter(association=association).select_related("user")
        for membership in memberships:
            if not wet_run:
                sent += 1
                continue
            queued = email_queue_from_templates(
                to=membership.user.email,
                template_prefix="matching/emails/coordinator_digest",
                context={
                    "association": association,
                    "user": membership.user,
                    "new_requests": new_requests.get(association.pk, 0),
                    "new_mentors": new_mentors.get(association.pk, 0),
                    "silent_pairs": silent.get(association.pk, 0),
                    "pairs_url": _absolute(
                        reverse("matching:pair_list", kwargs={"association": association.slug}) + "?filtre=sans-seance"
                    ),
                    "queue_url": _absolute(reverse("matching:request_queue", kwargs={"association": association.slug})),
                    "mentor_queue_url": _absolute(
                        reverse("matching:mentor_queue", kwargs={"association": association.slug})
                    ),
                },
                language=membership.user.language,
                event_key=f"digest:{association.pk}:{membership.user_id}:{day}",
            )
            sent += queued is not None
    logger.info("digest.sent count=%s day=%s", sent, day)
    return sent

"""Retention of closed mentorships (follow-up): 36 months after a mentorship was completed or ended early, it is
anonymised. Its free text (words of the youth and the mentor, session topics and notes, goals, check-in comments)
and its links to people (the youth's request, the mentor, the staff who proposed and followed it, who moved its
states) are removed; what stays is anonymous statistics: its dates, durations, sessions' dates and lengths, check-in
scores, its outcome and the youth's axis. Beat runs it every night (manage.py anonymise_mentorships)."""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.services import email_outbox_forget

from ..dates import local_today, months_after
from ..enums import MentorshipState
from ..models import CheckIn, Goal, Mentorship, MentorshipTransition, SessionLog

logger = logging.getLogger("matching.services")

MENTORSHIP_RETENTION_MONTHS = 36
CLOSED_MENTORSHIP_STATES = [MentorshipState.COMPLETED, MentorshipState.ENDED_EARLY]


def mentorships_past_retention(*, now: datetime | None = None) -> QuerySet[Mentorship]:
    """Closed mentorships that ended MENTORSHIP_RETENTION_MONTHS ago or more, not yet anonymised."""
    cutoff = months_after(local_today(now), -MENTORSHIP_RETENTION_MONTHS)
    return Mentorship.objects.filter(
        state__in=CLOSED_MENTORSHIP_STATES, ended_at__date__lte=cutoff, anonymised_at__isnull=True
    ).order_by("pk")


def mentorships_anonymise(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """Anonymise every closed mentorship past its retention. Returns how many were (or, with ``wet_run=False``, would
    be) anonymised; running it twice anonymises nothing the second time."""
    now = now or timezone.now()
    ids = list(mentorships_past_retention(now=now).values_list("pk", flat=True))
    if not wet_run:
        return len(ids)
    done = sum(mentorship_anonymise(mentorship_id=pk, now=now) for pk in ids)
    logger.info("mentorships.anonymised count=%s", done)
    return done


@transaction.atomic
def mentorship_anonymise(*, mentorship_id: int, now: datetime | None = None) -> bool:
    """Anonymise one closed mentorship past its retention (checked again under its lock). False if it was not."""
    now = now or timezone.now()
    mentorship = (
        mentorships_past_retention(now=now)
        .select_for_update(of=("self",))
        .select_related("request")
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        return False
    mentorship.axis = mentorship.request.axis if mentorship.request else mentorship.axis
    mentorship.request = mentorship.mentor = mentorship.referent = mentorship.proposed_by = None
    mentorship.youth_words = mentorship.mentor_words = ""
    mentorship.reasons = []
    mentorship.anonymised_at = now
    mentorship.save()
    SessionLog.objects.filter(mentorship=mentorship).update(topics="", private_note="", youth_feedback="")
    Goal.objects.filter(mentorship=mentorship).update(text="")
    CheckIn.objects.filter(mentorship=mentorship).update(comment="")
    MentorshipTransition.objects.filter(mentorship=mentorship).update(by=None, note="")
    email_outbox_forget(event_key_prefixes=[f"mentorship:{mentorship.pk}:"])
    logger.info("mentorship.anonymised id=%s", mentorship.pk)
    return True

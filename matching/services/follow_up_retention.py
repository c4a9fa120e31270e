"""Retention of mentorships (follow-up).

When the youth's request is erased (by the youth, an administrator, or the purge 90 days after it was closed), its
mentorships that took place are detached from it rather than deleted: what the youth wrote and what names them goes,
the anonymous statistics stay (state, dates, outcome, axis, department, age band), and the mentor's side stays until
the anonymisation.

36 months after a mentorship was completed or ended early, it is anonymised. Its free text (words of the youth and
the mentor, session topics and notes, goals, check-in comments) and its links to people (the youth's request, the
mentor, the staff who proposed and followed it, who moved its states) are removed; what stays is anonymous
statistics: its dates, durations, sessions' dates and lengths, check-in scores, its outcome and the youth's axis,
department and age band. Beat runs it every night (manage.py anonymise_mentorships)."""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.services import email_outbox_forget

from ..dates import local_today, months_after
from ..enums import CheckInRespondent, MentorshipState
from ..models import Alert, CheckIn, Concern, Goal, Mentorship, MentorshipTransition, SessionLog, YouthRequest

logger = logging.getLogger("matching.services")

MENTORSHIP_RETENTION_MONTHS = 36
CLOSED_MENTORSHIP_STATES = [MentorshipState.COMPLETED, MentorshipState.ENDED_EARLY]


# The youth's age when the mentorship started, kept as a band: (lowest age of the band, its name), youngest first.
AGE_BANDS = [(0, "<15"), (15, "15-17"), (18, "18-20"), (21, "21-25"), (26, "26+")]


def age_band(age: int) -> str:
    """The band an age falls in (see AGE_BANDS)."""
    return [name for lowest, name in AGE_BANDS if age >= lowest][-1]


def mentorship_statistics_keep(*, mentorship: Mentorship, request: YouthRequest) -> None:
    """Copy onto the mentorship (not saved) what the statistics need of the youth's request, before it is detached:
    the axis, the department and the youth's age band when the mentorship started."""
    mentorship.axis = request.axis
    mentorship.department = request.department
    mentorship.age_band = age_band(request.age(mentorship.started_on or mentorship.created_at.date()))


def mentorships_detach(*, request: YouthRequest) -> list[int]:
    """The youth's request is about to be erased: detach the mentorships that took place (completed or ended early)
    and delete the others (proposals never started go with the request). A detached mentorship keeps its anonymous
    statistics and the mentor's side (anonymised 36 months after it ended); it loses the link to the request and
    everything the youth wrote or that was raised about them: their words, session feedback, check-in comments,
    goals' text, concerns and alerts. Runs inside the caller's transaction (``request_erase``), the request locked.
    Returns the ids of the detached mentorships."""
    detached = list(
        Mentorship.objects.select_for_update(of=("self",))
        .filter(request=request, state__in=CLOSED_MENTORSHIP_STATES)
        .order_by("pk")
    )
    for mentorship in detached:
        mentorship_statistics_keep(mentorship=mentorship, request=request)
        mentorship.request = None
        mentorship.youth_words = ""
        mentorship.save(update_fields=["request", "axis", "department", "age_band", "youth_words"])
    ids = [mentorship.pk for mentorship in detached]
    SessionLog.objects.filter(mentorship__in=ids).update(youth_feedback="")
    Goal.objects.filter(mentorship__in=ids).update(text="")
    CheckIn.objects.filter(mentorship__in=ids, respondent=CheckInRespondent.YOUTH).update(comment="")
    Alert.objects.filter(mentorship__in=ids).delete()
    Concern.objects.filter(mentorship__in=ids).delete()
    if ids:
        logger.info("mentorships.detached request=%s ids=%s", request.pk, ids)
    return ids


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
    if mentorship.request:  # not erased yet (a youth who went on with another mentor)
        mentorship_statistics_keep(mentorship=mentorship, request=mentorship.request)
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

"""Check-ins (follow-up): 1, 3 and 6 months after a mentorship starts, the youth (by a signed link, without an
account) and the mentor (from Mon espace) say how it goes. A low satisfaction or a wish to be contacted raises an
alert in the association's follow-up queue."""

import logging
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Recipient
from mentoring import links
from mentoring.errors import DomainError

from .. import notifications
from ..dates import local_today, months_after
from ..enums import CHECK_IN_MONTHS, LOW_SATISFACTION, Actor, AlertKind, CheckInRespondent, MentorshipState
from ..models import CheckIn, Mentorship
from ..selectors.follow_up import check_in_is_open
from .follow_up_alerts import alert_raise
from .locks import mentorship_lock

logger = logging.getLogger("matching.services")

CHECK_IN_ERRORS = {
    "already_answered": _("Ce point d'étape a déjà reçu une réponse. Merci !"),
    "expired": _("Ce point d'étape n'attend plus de réponse."),
    "not_this_mentor": _("Ce point d'étape n'est pas le vôtre."),
}


def check_in_error(code: str) -> DomainError:
    return DomainError(code, CHECK_IN_ERRORS[code])


def check_in_month_reached(started_on: date, today: date) -> int | None:
    """The latest check-in month (1, 3 or 6) a mentorship started on ``started_on`` has reached by ``today``."""
    reached = [month for month in CHECK_IN_MONTHS if months_after(started_on, month) <= today]
    return reached[-1] if reached else None


def check_ins_due(*, today: date | None = None) -> list[tuple[Mentorship, int]]:
    """Active mentorships whose latest check-in month is reached and not yet asked: (mentorship, month). A month
    missed (the job was down) is not asked late once the next one is reached: only the latest counts."""
    today = today or local_today()
    active = list(
        Mentorship.objects.filter(state=MentorshipState.ACTIVE, started_on__lte=months_after(today, -1))
        .select_related("request", "mentor__user")
        .order_by("pk")
    )
    asked = set(CheckIn.objects.filter(mentorship__in=[m.pk for m in active]).values_list("mentorship_id", "month"))
    due = []
    for mentorship in active:
        month = check_in_month_reached(mentorship.started_on, today)
        if month and (mentorship.pk, month) not in asked:
            due.append((mentorship, month))
    return due


def check_ins_send(*, today: date | None = None, wet_run: bool = True) -> int:
    """Ask the due check-ins (what beat runs every morning): one for the youth, one for the mentor, each e-mailed
    once (unless they turned reminders off: the check-in still waits on the tracking page and in Mon espace).
    Returns how many mentorships were (or, with ``wet_run=False``, would be) asked. Twice asks nothing twice."""
    due = check_ins_due(today=today)
    if not wet_run:
        return len(due)
    asked = sum(check_in_ask(mentorship_id=mentorship.pk, month=month) for mentorship, month in due)
    logger.info("check_ins.sent count=%s", asked)
    return asked


@transaction.atomic
def check_in_ask(*, mentorship_id: int, month: int, now: datetime | None = None) -> bool:
    """Create the youth's and the mentor's check-ins of ``month`` and e-mail them. False if already asked."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("request", "mentor__user")
        .filter(pk=mentorship_id, state=MentorshipState.ACTIVE)
        .first()
    )
    if mentorship is None or mentorship.check_ins.filter(month=month).exists():  # gone, or asked meanwhile
        return False
    now = now or timezone.now()
    youth = CheckIn.objects.create(mentorship=mentorship, respondent=CheckInRespondent.YOUTH, month=month, asked_at=now)
    CheckIn.objects.create(mentorship=mentorship, respondent=CheckInRespondent.MENTOR, month=month, asked_at=now)
    request, mentor = mentorship.request, mentorship.mentor
    notifications.CheckInYouth.send(
        to=notifications.youth_recipient(request),
        context={"request": request, "month": month, "check_in_url": links.check_in_url(youth)},
        event_key=f"mentorship:{mentorship.pk}:check_in:{month}:youth",
    )
    notifications.CheckInMentor.send(
        to=Recipient.for_user(mentor.user),
        context={"mentor": mentor, "request": request, "month": month, "dashboard_url": links.dashboard_url()},
        event_key=f"mentorship:{mentorship.pk}:check_in:{month}:mentor",
    )
    logger.info("check_in.asked mentorship=%s month=%s", mentorship.pk, month)
    return True


@transaction.atomic
def check_in_answer(
    *,
    check_in: CheckIn,
    satisfaction: int,
    meeting_frequency: str,
    goals_progress: str,
    comment: str = "",
    wants_contact: bool = False,
    by: User | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Record an answer, once: the youth's (``by`` None, through their link) or the mentor's (``by`` the mentor).
    A satisfaction of LOW_SATISFACTION or less, or a wish to be contacted, flags it and raises an alert for the
    association (one per check-in and reason)."""
    # The pair's request and the pair first, in the platform's order (an erasure locks them, then the check-ins).
    pair = mentorship_lock(mentorship=check_in.mentorship)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    check_in.mentorship = pair
    is_mentor = check_in.respondent == CheckInRespondent.MENTOR
    if is_mentor != (by is not None) or (is_mentor and check_in.mentorship.mentor.user_id != by.pk):
        raise check_in_error("not_this_mentor")
    if check_in.answered_at:
        raise check_in_error("already_answered")
    now = now or timezone.now()
    if not check_in_is_open(check_in, now=now):
        raise check_in_error("expired")
    check_in.satisfaction, check_in.meeting_frequency, check_in.goals_progress = (
        satisfaction,
        meeting_frequency,
        goals_progress,
    )
    check_in.comment, check_in.wants_contact, check_in.answered_at = comment.strip(), wants_contact, now
    check_in.flagged = satisfaction <= LOW_SATISFACTION or wants_contact
    check_in.save()
    if satisfaction <= LOW_SATISFACTION:
        _check_in_alert(check_in, kind=AlertKind.LOW_CHECKIN, by=by)
    if wants_contact:
        _check_in_alert(check_in, kind=AlertKind.CONTACT_WANTED, by=by)
    logger.info("check_in.answered id=%s flagged=%s", check_in.pk, check_in.flagged)
    return check_in


def _check_in_alert(check_in: CheckIn, *, kind: AlertKind, by: User | None) -> None:
    mentorship = check_in.mentorship
    alert_raise(
        association=mentorship.association,
        kind=kind,
        dedup_key=f"check_in:{check_in.pk}:{kind}",
        request=mentorship.request,
        mentorship=mentorship,
        mentor=mentorship.mentor,
        actor=Actor.MENTOR if by else Actor.YOUTH,
        by=by,
    )

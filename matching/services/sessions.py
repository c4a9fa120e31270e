"""The months of a mentorship: sessions logged by the mentor, the youth's feedback."""

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..enums import GoalStatus, MentorshipState
from ..models import Goal, Mentorship, SessionLog

logger = logging.getLogger("matching.services")


class SessionError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@transaction.atomic
def session_log(
    *,
    mentorship: Mentorship,
    by: User,
    held_on: date,
    duration_hours: Decimal,
    mode: str,
    topics: str,
    private_note: str = "",
) -> SessionLog:
    """The mentor logs a session of a mentorship under way (active or paused), dated between its start and today."""
    mentorship = Mentorship.objects.select_for_update(of=("self",)).select_related("mentor").get(pk=mentorship.pk)
    if mentorship.mentor.user_id != by.pk:
        raise SessionError("not_this_mentor")
    if mentorship.state not in (MentorshipState.ACTIVE, MentorshipState.PAUSED):
        raise SessionError("not_under_way")
    if held_on > timezone.localdate() or (mentorship.started_on and held_on < mentorship.started_on):
        raise SessionError("date_out_of_range")
    session = SessionLog.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        duration_hours=duration_hours,
        mode=mode,
        topics=topics.strip(),
        private_note=private_note.strip(),
    )
    logger.info("session.logged id=%s mentorship=%s", session.pk, mentorship.pk)
    return session


def session_feedback(*, session: SessionLog, text: str) -> SessionLog:
    """The youth's words on a session, from their tracking link."""
    session.youth_feedback = text.strip()
    session.save(update_fields=["youth_feedback"])
    return session


def goal_add(*, mentorship: Mentorship, by: User, text: str) -> Goal:
    """The mentor records a goal agreed with the youth."""
    if mentorship.mentor.user_id != by.pk:
        raise SessionError("not_this_mentor")
    if mentorship.state not in (MentorshipState.ACTIVE, MentorshipState.PAUSED):
        raise SessionError("not_under_way")
    return Goal.objects.create(mentorship=mentorship, text=text.strip())


def goal_update(*, goal: Goal, by: User, status: GoalStatus) -> Goal:
    if goal.mentorship.mentor.user_id != by.pk:
        raise SessionError("not_this_mentor")
    goal.status = status
    goal.save(update_fields=["status"])
    return goal

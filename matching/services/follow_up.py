"""Follow-up of a mentorship under way: sessions logged by the mentor, the youth's feedback, goals, a pause, the
completion or an early end; and a mentor's erasure of their account. The alerts and concerns are in
follow_up_alerts.py, the scheduled jobs in follow_up_jobs.py, the check-ins in follow_up_check_ins.py and the
retention in follow_up_retention.py."""

import logging
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mfa import user_needs_mfa
from accounts.models import User
from accounts.services import email_outbox_forget
from associations.models import Association
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from .. import notifications
from ..dates import local_today
from ..enums import (
    OPEN_MENTORSHIP_STATES,
    OUTCOMES_BY_AXIS,
    Actor,
    CheckInRespondent,
    EndReason,
    GoalStatus,
    MentorRejectReason,
    MentorshipState,
    MentorState,
    RequestState,
)
from ..models import (
    CheckIn,
    Goal,
    MentorProfile,
    Mentorship,
    MentorTransition,
    RoutingDecision,
    SessionLog,
    StaffNote,
    YouthRequest,
)
from .locks import mentor_pairs_lock, mentorship_lock
from .pairing import mentor_place_release
from .pairing_pool import mentor_pool_touch
from .transitions import mentor_move, mentorship_move, request_move
from .vetting import training_seats_release

logger = logging.getLogger("matching.services")


FOLLOW_UP_ERRORS = {
    "not_this_mentor": _("Ce mentorat n'est pas le vôtre."),
    "not_this_association": _("Ce mentorat n'est pas suivi par votre association."),
    "not_under_way": _("Ce mentorat n'est pas en cours."),
    "date_out_of_range": _("La date doit se situer entre le début du mentorat et aujourd'hui."),
    "too_early": _("Un mentorat se termine au plus tôt six mois après son début ; avant, il s'arrête."),
    "outcome_of_another_axis": _("Ce résultat ne correspond pas au besoin du jeune."),
    "no_association": _("Aucune association ne suit encore cette demande : ton message ne peut pas être transmis."),
    "not_a_mentor": _("Seul un mentor suivi par une association peut lui écrire d'ici."),
    "alert_resolved": _("Cette alerte est déjà résolue."),
    "no_valid_check": _(
        "Le mentor n'a pas d'attestation d'honorabilité valide : ce mentorat avec un mineur ne peut pas reprendre."
    ),
    "staff_account": _(
        "Ce compte est celui d'un membre d'une équipe ou d'un administrateur : écrivez à l'administration de la "
        "plateforme pour le supprimer."
    ),
}


def follow_up_error(code: str) -> DomainError:
    return DomainError(code, FOLLOW_UP_ERRORS[code])


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
    association: Association | None = None,
) -> SessionLog:
    """The mentor logs a session of a mentorship under way (active or paused), dated between its start and today.
    With ``association``, its staff log it for the mentor (through the API, ``by`` being the key's creator): the
    mentorship must be that association's."""
    mentorship = Mentorship.objects.select_for_update(of=("self",)).select_related("mentor").get(pk=mentorship.pk)
    if association is not None:
        if mentorship.association_id != association.pk:
            raise follow_up_error("not_this_association")
    elif mentorship.mentor.user_id != by.pk:
        raise follow_up_error("not_this_mentor")
    if not mentorship.is_under_way:
        raise follow_up_error("not_under_way")
    if held_on > local_today() or (mentorship.started_on and held_on < mentorship.started_on):
        raise follow_up_error("date_out_of_range")
    session = SessionLog.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        duration_hours=duration_hours,
        mode=mode,
        topics=topics.strip(),
        private_note=private_note.strip(),
    )
    if mentorship.last_session_on is None or held_on > mentorship.last_session_on:
        mentorship.last_session_on = held_on
        mentorship.save(update_fields=["last_session_on"])
    logger.info("session.logged id=%s mentorship=%s", session.pk, mentorship.pk)
    return session


@transaction.atomic
def session_feedback(*, session: SessionLog, text: str) -> SessionLog:
    """The youth's words on a session, from their tracking link."""
    session = SessionLog.objects.select_for_update().get(pk=session.pk)
    session.youth_feedback = text.strip()
    session.save(update_fields=["youth_feedback"])
    return session


def _mentorship_for_goals(mentorship: Mentorship, by: User) -> Mentorship:
    """The mentorship locked, if ``by`` is its mentor and it is under way (goals change only then)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if mentorship.mentor.user_id != by.pk:
        raise follow_up_error("not_this_mentor")
    if not mentorship.is_under_way:
        raise follow_up_error("not_under_way")
    return mentorship


@transaction.atomic
def goal_add(*, mentorship: Mentorship, by: User, text: str) -> Goal:
    """The mentor records a goal agreed with the youth."""
    mentorship = _mentorship_for_goals(mentorship, by)
    return Goal.objects.create(mentorship=mentorship, text=text.strip())


@transaction.atomic
def goal_update(*, goal: Goal, by: User, status: GoalStatus) -> Goal:
    """The mentor says where a goal stands."""
    _mentorship_for_goals(goal.mentorship, by)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


MINIMUM_DURATION = timedelta(days=183)  # a mentorship lasts at least six months before it can be "completed"


@transaction.atomic
def mentorship_pause(*, mentorship: Mentorship, by: User, note: str) -> Mentorship:
    mentorship = mentorship_lock(mentorship=mentorship)
    mentorship_move(mentorship, to=MentorshipState.PAUSED, actor=Actor.STAFF, by=by, note=note)
    return mentorship


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    """A paused mentorship starts again; with a minor, only if the mentor's background check is valid."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if not mentorship.mentor_may_accompany():
        raise follow_up_error("no_valid_check")
    mentorship_move(mentorship, to=MentorshipState.ACTIVE, actor=Actor.STAFF, by=by, note=note)
    return mentorship


@transaction.atomic
def mentorship_complete(
    *, mentorship: Mentorship, by: User, outcome: str, youth_words: str = "", mentor_words: str = ""
) -> Mentorship:
    """Close a mentorship that lasted six months or more, with its outcome (one of its axis's)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if not mentorship.started_on or local_today() < mentorship.started_on + MINIMUM_DURATION:
        raise follow_up_error("too_early")
    if outcome not in OUTCOMES_BY_AXIS[mentorship.request.axis]:
        raise follow_up_error("outcome_of_another_axis")
    mentorship.outcome, mentorship.ended_at = outcome, timezone.now()
    mentorship.youth_words, mentorship.mentor_words = youth_words.strip(), mentor_words.strip()
    mentorship_move(mentorship, to=MentorshipState.COMPLETED, actor=Actor.STAFF, by=by)
    mentor_place_release(mentorship=mentorship)
    _request_after_mentorship(mentorship, by=by, wants_another=False)
    return mentorship


@transaction.atomic
def mentorship_end_early(
    *, mentorship: Mentorship, by: User, reason: str, note: str = "", youth_wants_another: bool = True
) -> Mentorship:
    """End a mentorship before its term: the mentor's place is freed; the youth is back among the accepted if they
    want another mentor (the default: nobody is dropped by mistake), otherwise their request is closed."""
    mentorship = mentorship_lock(mentorship=mentorship)
    mentorship.end_reason, mentorship.ended_at = reason, timezone.now()
    mentorship_move(mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.STAFF, by=by, reason=reason, note=note)
    mentor_place_release(mentorship=mentorship)
    _request_after_mentorship(mentorship, by=by, wants_another=youth_wants_another, note=note)
    return mentorship


def _request_after_mentorship(mentorship: Mentorship, *, by: User, wants_another: bool, note: str = "") -> None:
    """The youth's request once their mentorship is over: accepted again (another mentor is sought), or closed,
    which frees the association's intake, lets the same person ask again and starts the retention period."""
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
    if request.state != RequestState.MATCHED:
        return
    if wants_another:
        request_move(request, to=RequestState.ACCEPTED, actor=Actor.STAFF, by=by, note=note)
        return
    request.closed_at, request.claimed_by = timezone.now(), None
    request_move(request, to=RequestState.CLOSED, actor=Actor.STAFF, by=by, note=note)


# A mentor's profile fields that say who they are, emptied by their erasure; what stays (kind of mentor, department,
# sectors, axes) feeds the anonymous statistics of the mentorships they had.
MENTOR_IDENTIFYING_FIELDS = {"organisation": "", "skills": [], "postal_code": "", "motivation": "", "trainer": ""}


@transaction.atomic
def mentor_erase(*, user: User) -> None:
    """A mentor deletes their account and data (from Mon espace).

    A mentorship under way ends first (the youth's request is accepted again, so another mentor is sought) and a
    proposal not started is cancelled; each association concerned is told by e-mail. A mentor who never had a
    mentorship is deleted outright. Otherwise their mentorships stay for the statistics, anonymised: the account
    keeps no address, name, password or second factor, the profile no identifying field, and the mentor's own
    words go (their words on the mentorship, their notes for the association, their check-in comments); their
    application's history, the association's notes about them, routing decisions and every e-mail to their address
    are deleted. The concerns they raised stay with the association, no longer naming them: they are about the
    youth's safety, and the association answers for them."""
    if user_needs_mfa(user):
        raise follow_up_error("staff_account")
    # The platform's order: the requests and every pair of the mentor (the erasure updates them all), the profile,
    # then the account, which the mentor's own actions name (their answers, concerns, registrations).
    mentor_id = MentorProfile.objects.filter(user=user).values_list("pk", flat=True).first()
    if mentor_id is not None:
        mentor_pairs_lock(mentor_id=mentor_id, open_only=False)
    mentor = MentorProfile.objects.select_for_update().filter(user=user).first()
    user = User.objects.select_for_update().get(pk=user.pk)
    address = user.email
    if mentor is not None:
        for mentorship in (
            Mentorship.objects.select_for_update(of=("self",))
            .filter(mentor=mentor, state__in=OPEN_MENTORSHIP_STATES)
            .order_by("pk")
        ):
            _mentorship_close_for_mentor(mentorship)
        training_seats_release(mentor_id=mentor.pk, note=str(_("Le mentor a supprimé son compte.")))
    email_outbox_forget(addresses=[address])
    if mentor is None or not Mentorship.objects.filter(mentor=mentor).exists():
        if mentor is not None and mentor.state == MentorState.ACTIVE:
            mentor_pool_touch(association_ids=[mentor.association_id])
        user.delete()  # the profile, its history, notes and routing decisions with it
        logger.info("mentor.erased user=%s deleted", user.pk)
        return
    mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)  # with its places given back above
    if mentor.state != MentorState.REJECTED:  # out of every queue and suggestion
        if mentor.state == MentorState.ACTIVE:
            mentor_move(mentor, to=MentorState.PAUSED, actor=Actor.MENTOR)
        mentor_move(mentor, to=MentorState.REJECTED, actor=Actor.MENTOR, reason=MentorRejectReason.WITHDREW)
        mentor.reject_reason = MentorRejectReason.WITHDREW
    for name, empty in MENTOR_IDENTIFYING_FIELDS.items():
        setattr(mentor, name, empty)
    mentor.save()
    MentorTransition.objects.filter(mentor=mentor).delete()
    StaffNote.objects.filter(mentor=mentor).delete()
    RoutingDecision.objects.filter(mentor=mentor).delete()
    Mentorship.objects.filter(mentor=mentor).update(mentor_words="")
    SessionLog.objects.filter(mentorship__mentor=mentor).update(private_note="")
    CheckIn.objects.filter(mentorship__mentor=mentor, respondent=CheckInRespondent.MENTOR).update(comment="")
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"mentor-supprime-{user.pk}@invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session of the account (Django's session hash)
    user.save()
    logger.info("mentor.erased user=%s anonymised", user.pk)


def _mentorship_close_for_mentor(mentorship: Mentorship) -> None:
    """The mentor leaves: a proposal is cancelled, a mentorship under way ends early and the youth's request is
    accepted again; the association hears of it either way."""
    if mentorship.state in (MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED):
        mentorship_move(mentorship, to=MentorshipState.CANCELLED, actor=Actor.MENTOR)
    else:
        mentorship.end_reason, mentorship.ended_at = EndReason.MENTOR_UNAVAILABLE, timezone.now()
        mentorship_move(
            mentorship, to=MentorshipState.ENDED_EARLY, actor=Actor.MENTOR, reason=EndReason.MENTOR_UNAVAILABLE
        )
        request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=mentorship.request_id)
        if request.state == RequestState.MATCHED:
            request_move(request, to=RequestState.ACCEPTED, actor=Actor.MENTOR)
    mentor_place_release(mentorship=mentorship)
    association, request = mentorship.association, mentorship.request
    notifications.MentorLeft.send(
        to=notifications.association_recipient(association),
        event_key=f"mentorship:{mentorship.pk}:mentor_erased",
        context={
            "request": request,
            "request_url": absolute_url(
                reverse("matching:request_detail", kwargs={"association": association.slug, "pk": request.pk})
            ),
        },
    )

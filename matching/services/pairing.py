"""Pairing: staff propose a mentor (one by one, or a batch planned for the whole association), the mentor answers,
the youth (or staff on their behalf) confirms.

A mentor's places are counted in ``MentorProfile.open_mentorships``, changed only here, under the mentor's row lock,
and bounded by a database constraint: simultaneous proposals cannot exceed a mentor's capacity.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from operator import attrgetter

import numpy as np
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.notifications import Recipient
from associations.models import Association, StaffMembership
from mentoring import links
from mentoring.errors import DomainError

from .. import batch, notifications, scoring
from ..dates import local_today
from ..enums import (
    OPEN_MENTORSHIP_STATES,
    Actor,
    EndReason,
    MentorshipState,
    MentorState,
    RequestState,
)
from ..models import MentorProfile, Mentorship, MentorshipTransition, YouthRequest
from ..selectors.pairing import active_mentor_arrays
from .locks import mentorship_lock
from .pairing_pool import mentor_pool_touch
from .transitions import mentorship_move, request_move

logger = logging.getLogger("matching.services")

DEFAULT_DURATION = timedelta(days=365)  # a year by default; at least six months in any case


PAIRING_ERRORS = {
    "request_not_accepted": _("La demande doit être acceptée avant de proposer un mentor."),
    "inactive": _("Ce mentor n'est pas actif."),
    "already_paired": _("Un mentor est déjà proposé à ce jeune."),
    "other_association": _("Ce mentor ne fait pas partie de votre association."),
    "not_this_mentor": _("Cette proposition ne vous est pas adressée."),
    "mentor_unavailable": _(
        "Ce mentorat ne peut pas commencer : le mentor n'est pas disponible en ce moment (en pause, ou son "
        "attestation d'honorabilité est à renouveler pour accompagner un mineur)."
    ),
}


def pairing_error(code: str) -> DomainError:
    """The refusal of a proposal: one of the codes above, or an exclusion code of the scorer."""
    if code in scoring.EXCLUSIONS:
        why = scoring.exclusion_reason(scoring.EXCLUSIONS.index(code))
        return DomainError(code, format_lazy(_("Ce mentor ne peut pas être proposé : {why}."), why=why))
    return DomainError(code, PAIRING_ERRORS.get(code, code))


def mentor_place_release(*, mentorship: Mentorship) -> None:
    """Give the mentor back the place this mentorship held (the caller has closed it, under its row lock)."""
    MentorProfile.objects.filter(pk=mentorship.mentor_id).update(open_mentorships=F("open_mentorships") - 1)
    mentor_pool_touch(association_ids=[mentorship.association_id])


def mentorships_close_for_youth(*, request: YouthRequest, actor: Actor = Actor.YOUTH, by: User | None = None) -> None:
    """The youth (or their parent) withdraws or erases their request: a pairing not started is cancelled, one under
    way ends early, and the mentor gets their place back. Runs inside the caller's transaction."""
    for mentorship in (
        Mentorship.objects.select_for_update(of=("self",))
        .filter(request=request, state__in=OPEN_MENTORSHIP_STATES)
        .order_by("pk")
    ):
        if mentorship.state in (MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED):
            mentorship_move(mentorship, to=MentorshipState.CANCELLED, actor=actor, by=by)
        else:
            mentorship.end_reason, mentorship.ended_at = EndReason.NEEDS_CHANGED, timezone.now()
            mentorship_move(
                mentorship, to=MentorshipState.ENDED_EARLY, actor=actor, by=by, reason=EndReason.NEEDS_CHANGED
            )
        mentor_place_release(mentorship=mentorship)


# Why the platform paused or cancelled a pairing with a minor (the transition's reason).
NO_VALID_CHECK = "no_valid_check"


def mentorships_hold_for_minors(*, mentor: MentorProfile, note: str = "") -> list[Mentorship]:
    """The mentor may no longer accompany minors (their background check was found missing or not compliant): each
    pairing with a minor not started yet is cancelled (the place freed), each active one paused, and whoever follows
    them (the referent, else the association's staff) alerted. Runs inside the caller's transaction, the mentor's row
    locked. Returns the pairings with minors that were open (those already paused stay paused, and are in the alert).
    """
    today = local_today()
    held = [
        mentorship
        for mentorship in Mentorship.objects.select_for_update(of=("self",))
        .select_related("request", "referent", "association")
        .filter(mentor=mentor, state__in=OPEN_MENTORSHIP_STATES)
        .order_by("pk")
        if mentorship.request.is_minor(today)
    ]
    for mentorship in held:
        if mentorship.state == MentorshipState.ACTIVE:
            mentorship_move(mentorship, to=MentorshipState.PAUSED, actor=Actor.SYSTEM, reason=NO_VALID_CHECK, note=note)
        elif mentorship.state != MentorshipState.PAUSED:
            mentorship_move(
                mentorship, to=MentorshipState.CANCELLED, actor=Actor.SYSTEM, reason=NO_VALID_CHECK, note=note
            )
            mentor_place_release(mentorship=mentorship)
        logger.info("mentorship.held_for_minor id=%s state=%s", mentorship.pk, mentorship.state)
    _alert_for_minors(mentor=mentor, held=held)
    return held


def _alert_for_minors(*, mentor: MentorProfile, held: list[Mentorship]) -> None:
    """One e-mail per pairing held and per person who follows it: its referent, else the association's staff. Each
    is keyed by the mentorship, so that erasing the youth's request erases it too."""
    for mentorship in held:
        if mentorship.referent:
            people = [mentorship.referent]
        else:
            staff = StaffMembership.objects.filter(association=mentorship.association_id).select_related("user")
            people = [membership.user for membership in staff]
        url = links.absolute_url(
            reverse(
                "matching:request_detail",
                kwargs={"association": mentorship.association.slug, "pk": mentorship.request_id},
            )
        )
        for person in people:
            notifications.MinorsHeld.send(
                to=Recipient.for_user(person),
                context={"user": person, "mentor": mentor, "items": [{"mentorship": mentorship, "url": url}]},
                event_key=f"mentorship:{mentorship.pk}:minors_held:{mentor.background_check_on}:{person.pk}",
            )


@transaction.atomic
def mentorship_propose(*, request: YouthRequest, mentor: MentorProfile, by: User) -> Mentorship:
    """Propose this mentor to this accepted youth. The mentor's row is locked while their places are counted; the
    pair's score and reasons are kept with the proposal, as the suggestions showed them."""
    request = YouthRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    mentor = MentorProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=mentor.pk)
    if request.state != RequestState.ACCEPTED:
        raise pairing_error("request_not_accepted")
    if mentor.state != MentorState.ACTIVE:
        raise pairing_error("inactive")
    if mentor.association_id != request.association_id:
        raise pairing_error("other_association")
    if request.mentorships.filter(state__in=OPEN_MENTORSHIP_STATES).exists():
        raise pairing_error("already_paired")
    youth, arrays = scoring.YouthVector.from_request(request), scoring.mentor_arrays([mentor])
    code = int(scoring.exclusions(youth, arrays)[0])
    if code >= 0:
        raise pairing_error(scoring.EXCLUSIONS[code])
    weights = scoring.Weights.for_association(Association.objects.get(pk=request.association_id))
    suggestion = scoring.suggest(youth, arrays, weights, k=1)[0]
    MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=F("open_mentorships") + 1)
    mentor_pool_touch(association_ids=[mentor.association_id])
    mentorship = Mentorship.objects.create(
        request=request,
        mentor=mentor,
        association_id=request.association_id,
        state=MentorshipState.PROPOSED,
        score=suggestion.score,
        reasons=suggestion.reasons,
        proposed_by=by,
        referent=by,
        # The first meeting mode both accept (the scorer has checked there is one); the pair may change it later.
        meeting_mode=next(mode for mode in request.meeting_modes if mode in mentor.meeting_modes),
    )
    MentorshipTransition.objects.create(
        mentorship=mentorship, from_state="", to_state=MentorshipState.PROPOSED, actor=Actor.STAFF, by=by
    )
    notifications.MentorshipProposed.send(
        to=Recipient.for_user(mentor.user),
        context={"mentor": mentor, "request": request, "dashboard_url": links.dashboard_url()},
        event_key=f"mentorship:{mentorship.pk}:proposed",
    )
    logger.info("mentorship.proposed id=%s request=%s mentor=%s", mentorship.pk, request.pk, mentor.pk)
    return mentorship


def mentor_can_start(*, mentorship: Mentorship) -> None:
    """Between a proposal and its start, the mentor may have been paused or their background check may have lapsed:
    the pairing waits (staff see it on the request and may cancel it) rather than start with a mentor who may not
    accompany this youth now."""
    if mentorship.mentor.state != MentorState.ACTIVE or not mentorship.mentor_may_accompany():
        raise pairing_error("mentor_unavailable")


@transaction.atomic
def mentorship_mentor_answer(*, mentorship: Mentorship, by: User, accept: bool, reason: str = "") -> Mentorship:
    """The mentor accepts (the youth is asked to confirm) or declines (their place is freed)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    if mentorship.mentor.user_id != by.pk:
        raise pairing_error("not_this_mentor")
    if accept:
        mentor_can_start(mentorship=mentorship)
        mentorship_move(mentorship, to=MentorshipState.MENTOR_ACCEPTED, actor=Actor.MENTOR, by=by)
        request = mentorship.request
        notifications.MentorshipToConfirm.send(
            to=notifications.youth_recipient(request),
            context={"request": request, "mentor": mentorship.mentor, "tracking_url": links.tracking_url(request)},
            event_key=f"mentorship:{mentorship.pk}:to_confirm",
        )
    else:
        mentorship.decline_reason = reason
        mentorship_move(mentorship, to=MentorshipState.DECLINED, actor=Actor.MENTOR, by=by, reason=reason)
        mentor_place_release(mentorship=mentorship)
    return mentorship


@transaction.atomic
def mentorship_confirm(*, mentorship: Mentorship, by: User | None = None, note: str = "") -> Mentorship:
    """The youth confirms by their tracking link (``by`` None), or staff confirm after a call (``by`` set, logged):
    the mentorship starts today, for a year by default, if the mentor still may (``mentor_can_start``)."""
    mentorship = mentorship_lock(mentorship=mentorship)
    request = mentorship.request
    mentor_can_start(mentorship=mentorship)
    today = local_today()
    mentorship.started_on = today
    mentorship.planned_end_on = today + DEFAULT_DURATION
    actor = Actor.STAFF if by else Actor.YOUTH
    mentorship_move(mentorship, to=MentorshipState.ACTIVE, actor=actor, by=by, note=note)
    request_move(request, to=RequestState.MATCHED, actor=actor, by=by)
    return mentorship


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    """Staff withdraw a proposal that has not started; the mentor's place is freed."""
    mentorship = mentorship_lock(mentorship=mentorship)
    mentorship_move(mentorship, to=MentorshipState.CANCELLED, actor=Actor.STAFF, by=by, note=note)
    mentor_place_release(mentorship=mentorship)
    return mentorship


@dataclass
class PlannedPair:
    request: YouthRequest
    mentor: MentorProfile
    score: float | None = None  # as planned; the proposal scores the pair again when it is made


@dataclass
class BatchPlan:
    pairs: list[PlannedPair]
    total: float
    greedy_total: float
    unmatched: list[tuple[YouthRequest, str]] = field(default_factory=list)

    @property
    def gain_over_greedy(self) -> float:
        return self.total / self.greedy_total - 1 if self.greedy_total else 0.0


# Candidates kept for each youth, the best first, before the assignment is optimised over them: the optimum over
# every pair differs only where more than this many of a youth's best mentors are all taken by others.
CANDIDATES_PER_YOUTH = 20
YOUTHS_PER_CHUNK = 256  # youths scored together against every mentor (a chunk's matrices stay a few MB)
BATCH_SHOWN_FIELDS = ("id", "first_name", "last_name")  # what the plan shows of a request (and proposes by)
# What the plan shows of a planned mentor (their name); a proposal reads the mentor again, under its row lock.
PLANNED_MENTOR_FIELDS = ("user__first_name", "user__last_name", "user__email")


# Up to this many pairs, every youth is scored against every mentor; beyond, against the mentors of their region
# (all of them for a youth whose region has fewer than a few times CANDIDATES_PER_YOUTH open mentors).
FULL_SCORING_PAIRS = 50_000_000


def _batch_blocks(youths, arrays, open_mentors):
    """(youth rows, mentor indexes) to score against each other: everyone against every open mentor, or region by
    region when that would be more than FULL_SCORING_PAIRS pairs."""
    everyone = np.arange(len(youths.region))
    if len(everyone) * len(open_mentors) <= FULL_SCORING_PAIRS:
        return [(everyone, open_mentors)]
    regions = np.asarray(youths.region)
    blocks = []
    for region in np.unique(regions):
        local = open_mentors[arrays.region[open_mentors] == region]
        enough = region >= 0 and len(local) >= 4 * CANDIDATES_PER_YOUTH
        blocks.append((np.flatnonzero(regions == region), local if enough else open_mentors))
    return blocks


def batch_plan(*, association: Association, progress=None) -> BatchPlan:
    """The assignment that maximises the total score of the association's accepted, unpaired youths and its active
    mentors with places left (mentor capacities respected), over each youth's best candidates, with greedy's total
    for comparison and why each youth left out is left out. ``progress(done, total)`` is called while the pairs are
    scored. Mentors are read as arrays (``active_mentor_arrays``); only those planned are loaded as profiles."""
    # Values, not models: a national batch reads hundreds of thousands of requests. Each is built as a model with
    # the fields the plan shows (its id and name); the scorer reads the others.
    waiting = (
        YouthRequest.objects.filter(association=association, state=RequestState.ACCEPTED)
        .exclude(mentorships__state__in=OPEN_MENTORSHIP_STATES)
        .order_by("routed_at", "pk")
        .values_list(*BATCH_SHOWN_FIELDS, *scoring.REQUEST_FIELDS)
    )
    requests, choices, shown = [], [], len(BATCH_SHOWN_FIELDS)
    for row in waiting:
        requests.append(YouthRequest.from_db(waiting.db, BATCH_SHOWN_FIELDS, row[:shown]))
        choices.append(row[shown:])
    arrays = active_mentor_arrays(association=association)
    if not requests or not len(arrays):
        reason = "no active mentor" if not len(arrays) else ""
        return BatchPlan(pairs=[], total=0.0, greedy_total=0.0, unmatched=[(r, reason) for r in requests])
    today = local_today()
    vectors = [
        scoring.YouthVector.from_choices(**dict(zip(scoring.REQUEST_FIELDS, values, strict=True)), on=today)
        for values in choices
    ]
    columns = zip(*map(attrgetter(*scoring.YOUTH_FIELDS), vectors), strict=True)
    youths = scoring.YouthVector(
        **{name: np.array(column) for name, column in zip(scoring.YOUTH_FIELDS, columns, strict=True)}
    )
    weights = scoring.Weights.for_association(association)
    open_mentors = np.flatnonzero(arrays.active & (arrays.capacity_left > 0))
    youth_index, mentor_index, done = [], [], 0
    for rows, mentors in _batch_blocks(youths, arrays, open_mentors):
        candidates = scoring.MentorArrays(**{name: getattr(arrays, name)[mentors] for name in scoring.MENTOR_FIELDS})
        scorer = scoring.PairScorer(candidates, weights, dtype=np.float32)  # ranks; the kept pairs are scored again
        for start in range(0, len(rows), YOUTHS_PER_CHUNK):
            chunk_rows = rows[start : start + YOUTHS_PER_CHUNK]
            chunk = scoring.YouthVector(**{name: getattr(youths, name)[chunk_rows] for name in scoring.YOUTH_FIELDS})
            best_rows, best_columns = scoring.best_candidates(
                scorer.matrix(chunk),
                CANDIDATES_PER_YOUTH,
                row_groups=chunk.department,
                column_groups=candidates.department,
            )
            youth_index.append(chunk_rows[best_rows])
            mentor_index.append(mentors[best_columns])
            done += len(chunk_rows)
            if progress:
                progress(done, len(requests))
    youth_index, mentor_index = np.concatenate(youth_index), np.concatenate(mentor_index)
    score = scoring.pair_scores(youths, arrays, youth_index, mentor_index, weights)  # as the suggestions score
    keep = score > 0
    arguments = {
        "youth": youth_index[keep],
        "mentor": mentor_index[keep],
        "score": score[keep],
        "capacity": arrays.capacity_left,
        "n_youths": len(requests),
    }
    best, quick = batch.optimal(**arguments), batch.greedy(**arguments)
    mentors = (
        MentorProfile.objects.select_related("user")
        .only(*PLANNED_MENTOR_FIELDS)
        .in_bulk(arrays.ids[np.unique(best.mentor)].tolist())
    )
    pairs = [
        PlannedPair(request=requests[y], mentor=mentors[m], score=s)
        for y, m, s in zip(best.youth.tolist(), arrays.ids[best.mentor].tolist(), best.score.tolist(), strict=True)
    ]
    return BatchPlan(
        pairs=pairs,
        total=best.total,
        greedy_total=quick.total,
        unmatched=_batch_unmatched(requests, youths, arrays, matched=best.youth, with_candidates=arguments["youth"]),
    )


def _batch_unmatched(requests, youths, arrays, *, matched, with_candidates) -> list[tuple[YouthRequest, str]]:
    """Why each youth the plan leaves out is left out: the places of their candidates went to better pairs, or the
    hard constraint most of the association's active mentors fail for them (on a tie, the first one met in the
    mentors' order). That constraint depends on the youth's meeting modes, languages and age only: it is found once
    for each combination of those."""
    left_out = np.ones(len(requests), dtype=bool)
    left_out[matched] = False
    no_candidate = left_out.copy()
    no_candidate[with_candidates] = False
    keys = list(zip(youths.meeting.tolist(), youths.languages.tolist(), youths.minor.tolist(), strict=True))
    reasons = {}
    for y in np.flatnonzero(no_candidate).tolist():
        if keys[y] not in reasons:
            youth = scoring.YouthVector(**{name: getattr(youths, name)[y] for name in scoring.YOUTH_FIELDS})
            reasons[keys[y]] = _most_common_exclusion(scoring.exclusions(youth, arrays))
    return [
        (requests[y], reasons[keys[y]] if no_candidate[y] else "places taken by better pairs")
        for y in np.flatnonzero(left_out).tolist()
    ]


def _most_common_exclusion(codes: np.ndarray) -> str:
    """The exclusion most mentors fail (on a tie, the one met first in ``codes``), or "no candidate"."""
    failing = codes[codes >= 0]
    if not len(failing):
        return "no candidate"
    counts = np.bincount(failing, minlength=len(scoring.EXCLUSIONS))
    tied = np.flatnonzero(counts == counts.max())
    first_seen = [int(np.argmax(codes == code)) for code in tied]
    return scoring.EXCLUSIONS[int(tied[int(np.argmin(first_seen))])]


def batch_apply(*, pairs: list[PlannedPair], by: User | None) -> tuple[int, list[tuple[PlannedPair, str]]]:
    """Propose each planned pair (each in its own transaction, the capacity checked again). Returns how many were
    proposed, and the pairs refused with why (something changed since the plan)."""
    proposed, refused = 0, []
    for pair in pairs:
        try:
            mentorship_propose(request=pair.request, mentor=pair.mentor, by=by)
            proposed += 1
        except DomainError as error:
            refused.append((pair, error.code))
    logger.info("batch.applied proposed=%s refused=%s", proposed, len(refused))
    return proposed, refused

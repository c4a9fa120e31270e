"""Batch matching of an association: the optimal plan over its accepted youths and active mentors, then proposals."""

import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from accounts.models import User
from associations.models import Association

from .. import batch, scoring
from ..enums import OPEN_MENTORSHIP_STATES, MentorState, RequestState
from ..models import MentorProfile, YouthRequest
from .pairing import PairingError, mentorship_propose

logger = logging.getLogger("matching.services")


@dataclass
class PlannedPair:
    request: YouthRequest
    mentor: MentorProfile
    score: float


@dataclass
class BatchPlan:
    pairs: list[PlannedPair]
    total: float
    greedy_total: float
    unmatched: list[tuple[YouthRequest, str]] = field(default_factory=list)

    @property
    def gain_over_greedy(self) -> float:
        return self.total / self.greedy_total - 1 if self.greedy_total else 0.0


def batch_plan(*, association: Association, progress=None) -> BatchPlan:
    """The assignment that maximises the total score of the association's accepted, unpaired youths and its active
    mentors with places left (mentor capacities respected), with greedy's total for comparison and why each
    youth left out is left out. ``progress(done, total)`` is called while the pairs are scored."""
    requests = list(
        YouthRequest.objects.filter(association=association, state=RequestState.ACCEPTED)
        .exclude(mentorships__state__in=OPEN_MENTORSHIP_STATES)
        .order_by("routed_at", "pk")
    )
    mentors = list(
        MentorProfile.objects.filter(association=association, state=MentorState.ACTIVE).select_related("user")
    )
    if not requests or not mentors:
        reason = "no active mentor" if not mentors else ""
        return BatchPlan(pairs=[], total=0.0, greedy_total=0.0, unmatched=[(r, reason) for r in requests])
    arrays = scoring.MentorArrays.from_profiles(mentors, current_load={m.pk: m.open_mentorships for m in mentors})
    vectors = [scoring.YouthVector.from_request(r) for r in requests]
    youths = scoring.YouthVector(
        **{name: np.array([getattr(v, name) for v in vectors]) for name in scoring.YOUTH_FIELDS}
    )
    weights = scoring.Weights.for_association(association)
    youth_index, mentor_index, score = [], [], []
    chunk = max(1, 200_000 // len(mentors))  # youths per chunk: about 200,000 pairs at a time
    for start in range(0, len(requests), chunk):
        stop = min(start + chunk, len(requests))
        y = np.repeat(np.arange(start, stop), len(mentors))
        m = np.tile(np.arange(len(mentors)), stop - start)
        s = scoring.pair_scores(youths, arrays, y, m, weights)
        keep = s > 0
        youth_index.append(y[keep])
        mentor_index.append(m[keep])
        score.append(s[keep])
        if progress:
            progress(stop, len(requests))
    arguments = {
        "youth": np.concatenate(youth_index),
        "mentor": np.concatenate(mentor_index),
        "score": np.concatenate(score),
        "capacity": arrays.capacity_left,
        "n_youths": len(requests),
    }
    best, quick = batch.optimal(**arguments), batch.greedy(**arguments)
    pairs = [
        PlannedPair(request=requests[y], mentor=mentors[m], score=float(s))
        for y, m, s in zip(best.youth, best.mentor, best.score, strict=True)
    ]
    matched = {pair.request.pk for pair in pairs}
    with_candidates = set(arguments["youth"].tolist())
    unmatched = []
    for index, request in enumerate(requests):
        if request.pk in matched:
            continue
        if index in with_candidates:
            unmatched.append((request, "places taken by better pairs"))
        else:
            codes = scoring.exclusions(vectors[index], arrays)
            common = Counter(int(code) for code in codes if code >= 0).most_common(1)
            unmatched.append((request, scoring.EXCLUSIONS[common[0][0]] if common else "no candidate"))
    return BatchPlan(pairs=pairs, total=best.total, greedy_total=quick.total, unmatched=unmatched)


def batch_apply(*, pairs: list[PlannedPair], by: User | None) -> tuple[int, list[tuple[PlannedPair, str]]]:
    """Propose each planned pair (each in its own transaction, the capacity checked again). Returns how many were
    proposed, and the pairs refused with why (something changed since the plan)."""
    proposed, refused = 0, []
    for pair in pairs:
        try:
            mentorship_propose(request=pair.request, mentor=pair.mentor, by=by, score=pair.score)
            proposed += 1
        except PairingError as error:
            refused.append((pair, error.code))
    logger.info("batch.applied proposed=%s refused=%s", proposed, len(refused))
    return proposed, refused

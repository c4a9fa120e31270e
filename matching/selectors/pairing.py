"""Reads for pairing: an association's active mentors as the scorer's arrays, ranked, explained mentor suggestions
for a request, and a request's open pairing."""

import time
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from associations.models import Association

from .. import scoring
from ..dates import local_today
from ..enums import OPEN_MENTORSHIP_STATES, MentorState, MentorType
from ..models import MentorPoolVersion, MentorProfile, Mentorship, YouthRequest
from .review import requests_for_association
from .vetting import mentors_for_association

# The active mentors' arrays of each association, kept by this process: association id -> (key, when read, arrays).
# The key is the pool's version (a new one each time a service changes an active mentor, see
# services.pairing_pool) and the day (a background check expires with the days); a key that differs reads the
# mentors again. POOL_SECONDS bounds how long arrays are kept even so, should a change ever bypass the services.
POOL_SECONDS = 600
_pools: dict[int, tuple[tuple, float, scoring.MentorArrays]] = {}


def active_mentor_arrays(*, association: Association) -> scoring.MentorArrays:
    """The association's active mentors as the scorer's arrays (read-only, in the order of their ids): read from the
    database (one ``values_list`` of the stored masks) once per version of its pool and per process, then from
    memory (one query for the version)."""
    token = MentorPoolVersion.objects.filter(association=association).values_list("token", flat=True).first()
    key, now = (token, local_today()), time.monotonic()
    kept = _pools.get(association.pk)
    if token is not None and kept is not None and kept[0] == key and now - kept[1] < POOL_SECONDS:
        return kept[2]
    # Read after the version: arrays kept under a version hold its changes (and perhaps later ones), never fewer.
    arrays = scoring.mentor_arrays_for(
        MentorProfile.objects.filter(association=association, state=MentorState.ACTIVE), on=key[1]
    )
    for name in scoring.MENTOR_FIELDS:
        getattr(arrays, name).flags.writeable = False  # shared by every page this process serves
    if token is not None:
        _pools[association.pk] = (key, now, arrays)
    return arrays


@dataclass(frozen=True)
class ShownMentor:
    """What the suggestions page shows of a mentor, read as values: the page names some forty of them on each view."""

    pk: int
    first_name: str
    full_name: str
    kind: str
    organisation: str
    department: str


@dataclass(frozen=True)
class Excluded:
    mentor: ShownMentor
    reason: str


@dataclass
class ExcludedMentors:
    """The mentors a hard constraint rules out: how many, how many for each reason, and the first ones by name."""

    shown: list[Excluded] = field(default_factory=list)
    total: int = 0
    by_reason: list[tuple[str, int]] = field(default_factory=list)

    def __iter__(self):
        return iter(self.shown)

    def __len__(self) -> int:
        return self.total


EXCLUDED_SHOWN = 30  # mentors named in the list of those ruled out; the others are counted by reason
# What the suggestions page shows of a mentor (their name, kind, organisation, department): nothing else is read.
SHOWN_FIELDS = ("pk", "user__first_name", "user__last_name", "user__email", "mentor_type", "organisation", "department")


def mentor_suggestions(*, association: Association, request: YouthRequest, k: int = 10):
    """The association's active mentors ranked for this request (best first, with reasons), and those a hard
    constraint rules out (``ExcludedMentors``: each reason's count, the first ones named with the constraint they
    fail). The mentors are read as arrays (``active_mentor_arrays``); only what the page shows of those it names is
    read (``ShownMentor``, one query)."""
    arrays = active_mentor_arrays(association=association)
    if not len(arrays):
        return [], ExcludedMentors()
    youth = scoring.YouthVector.from_request(request)
    codes = scoring.exclusions(youth, arrays)
    suggestions = scoring.suggest(youth, arrays, scoring.Weights.for_association(association), k=k, excluded=codes)
    ruled_out = np.flatnonzero(codes >= 0)
    shown = ruled_out[:EXCLUDED_SHOWN]
    wanted = [suggestion.mentor_id for suggestion in suggestions] + arrays.ids[shown].tolist()
    # Scoped to the association's active mentors: one the arrays still hold but that has gone meanwhile is left out.
    shown_mentors = mentors_for_association(association=association).filter(state=MentorState.ACTIVE)
    kinds = dict(MentorType.choices)
    by_id = {
        pk: ShownMentor(pk, first, User.full_name_of(first, last, email), kinds.get(kind, kind), organisation, dept)
        for pk, first, last, email, kind, organisation, dept in shown_mentors.filter(pk__in=wanted).values_list(
            *SHOWN_FIELDS
        )
    }
    ranked = [(by_id[s.mentor_id], s) for s in suggestions if s.mentor_id in by_id]
    counts = np.bincount(codes[ruled_out], minlength=len(scoring.EXCLUSIONS))
    excluded = ExcludedMentors(
        shown=[
            Excluded(mentor=by_id[mentor_id], reason=scoring.exclusion_reason(int(codes[i])))
            for i, mentor_id in zip(shown, arrays.ids[shown].tolist(), strict=True)
            if mentor_id in by_id
        ],
        total=len(ruled_out),
        by_reason=[(scoring.exclusion_reason(code), int(count)) for code, count in enumerate(counts) if count],
    )
    return ranked, excluded


def requests_to_pair(*, association: Association) -> QuerySet[YouthRequest]:
    """The association's requests, each with ``has_open_pairing``: whether a mentor is proposed or paired already
    (read in the same query)."""
    open_pairing = Mentorship.objects.filter(request=OuterRef("pk"), state__in=OPEN_MENTORSHIP_STATES)
    return requests_for_association(association=association).annotate(has_open_pairing=Exists(open_pairing))


def open_mentorship(*, request: YouthRequest) -> Mentorship | None:
    """The pairing under way for this request (proposed, accepted, active or paused), if any."""
    return (
        Mentorship.objects.filter(request=request, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("mentor__user", "association")
        .first()
    )

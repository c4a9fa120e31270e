"""Reads for pairing: ranked, explained mentor suggestions for a request, and a request's open pairing."""

from dataclasses import dataclass, field

import numpy as np

from associations.models import Association

from .. import scoring
from ..enums import OPEN_MENTORSHIP_STATES, MentorState
from ..models import MentorProfile, Mentorship, YouthRequest
from .vetting import mentors_for_association


@dataclass(frozen=True)
class Excluded:
    mentor: MentorProfile
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


def mentor_suggestions(*, association: Association, request: YouthRequest, k: int = 10):
    """The association's active mentors ranked for this request (best first, with reasons), and those a hard
    constraint rules out (``ExcludedMentors``: each reason's count, the first ones named with the constraint they
    fail). The mentors are read as arrays; only those shown are loaded as profiles (one query)."""
    arrays = scoring.mentor_arrays_for(
        mentors_for_association(association=association).filter(state=MentorState.ACTIVE)
    )
    if not len(arrays):
        return [], ExcludedMentors()
    youth = scoring.YouthVector.from_request(request)
    suggestions = scoring.suggest(youth, arrays, scoring.Weights.for_association(association), k=k)
    codes = scoring.exclusions(youth, arrays)
    ruled_out = np.flatnonzero(codes >= 0)
    shown = ruled_out[:EXCLUDED_SHOWN]
    wanted = [suggestion.mentor_id for suggestion in suggestions] + arrays.ids[shown].tolist()
    by_id = MentorProfile.objects.select_related("user").in_bulk(wanted)
    ranked = [(by_id[suggestion.mentor_id], suggestion) for suggestion in suggestions]
    counts = np.bincount(codes[ruled_out], minlength=len(scoring.EXCLUSIONS))
    excluded = ExcludedMentors(
        shown=[
            Excluded(mentor=by_id[int(arrays.ids[i])], reason=scoring.exclusion_reason(int(codes[i]))) for i in shown
        ],
        total=len(ruled_out),
        by_reason=[(scoring.exclusion_reason(code), int(count)) for code, count in enumerate(counts) if count],
    )
    return ranked, excluded


def open_mentorship(*, request: YouthRequest) -> Mentorship | None:
    """The pairing under way for this request (proposed, accepted, active or paused), if any."""
    return (
        Mentorship.objects.filter(request=request, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("mentor__user", "association")
        .first()
    )

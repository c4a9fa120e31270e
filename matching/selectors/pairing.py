"""Reads for pairing: ranked, explained mentor suggestions for a request, and a request's open pairing."""

from dataclasses import dataclass

from associations.models import Association

from .. import scoring
from ..enums import OPEN_MENTORSHIP_STATES, MentorState
from ..models import MentorProfile, Mentorship, YouthRequest
from .vetting import mentors_for_association


@dataclass(frozen=True)
class Excluded:
    mentor: MentorProfile
    reason: str


def mentor_suggestions(*, association: Association, request: YouthRequest, k: int = 10):
    """The association's active mentors ranked for this request (best first, with reasons), and those a hard
    constraint rules out, each with the first constraint it fails."""
    mentors = list(mentors_for_association(association=association).filter(state=MentorState.ACTIVE))
    if not mentors:
        return [], []
    arrays = scoring.mentor_arrays(mentors)
    youth = scoring.YouthVector.from_request(request)
    by_id = {mentor.pk: mentor for mentor in mentors}
    ranked = [
        (by_id[suggestion.mentor_id], suggestion)
        for suggestion in scoring.suggest(youth, arrays, scoring.Weights.for_association(association), k=k)
    ]
    codes = scoring.exclusions(youth, arrays)
    excluded = [
        Excluded(mentor=mentor, reason=scoring.exclusion_reason(int(code)))
        for mentor, code in zip(mentors, codes, strict=True)
        if code >= 0
    ]
    return ranked, excluded


def open_mentorship(*, request: YouthRequest) -> Mentorship | None:
    """The pairing under way for this request (proposed, accepted, active or paused), if any."""
    return (
        Mentorship.objects.filter(request=request, state__in=OPEN_MENTORSHIP_STATES)
        .select_related("mentor__user", "association")
        .first()
    )

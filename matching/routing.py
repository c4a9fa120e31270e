"""Which association a youth request or a mentor application goes to, and why.

Pure functions over plain values: every active association is a candidate, each check is recorded with its
outcome, and among the eligible the least loaded (open items / capacity) wins, ties broken by fewest open items
then slug, so the same inputs always give the same answer. The explanation is stored as codes and values, and
put into words (in the reader's language) only when shown.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from associations.models import Association

from .dates import ADULT_AGE
from .enums import MeetingMode


@dataclass(frozen=True)
class Subject:
    """What routing needs to know about a request or an application."""

    department: str
    axes: tuple[str, ...]
    accepts_remote: bool
    age: int | None = None  # None for mentors (adults)


@dataclass
class Check:
    code: str  # territory | remote | axis | age | minors | capacity
    ok: bool
    value: str = ""


@dataclass
class Candidate:
    association_id: int
    name: str
    slug: str
    open_items: int
    capacity: int
    checks: list[Check] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def load(self) -> float:
        return self.open_items / self.capacity if self.capacity else float("inf")

    def as_json(self) -> dict:
        data = asdict(self)
        data["eligible"] = self.eligible
        return data


def _territory(subject: Subject, association: Association) -> Check:
    if subject.department in association.departments:
        return Check("territory", True, subject.department)
    if association.remote_national and subject.accepts_remote:
        return Check("remote", True, subject.department)
    return Check("territory", False, subject.department)


def evaluate(
    *, subject: Subject, associations: list[Association], open_items: dict[int, int], capacity_field: str
) -> tuple[Candidate | None, list[Candidate]]:
    """Every association with the outcome of each check, and the chosen one (None when none is eligible)."""
    candidates = []
    for association in associations:
        capacity = getattr(association, capacity_field)
        candidate = Candidate(
            association_id=association.pk,
            name=association.name,
            slug=association.slug,
            open_items=open_items.get(association.pk, 0),
            capacity=capacity,
        )
        candidate.checks.append(_territory(subject, association))
        served = [axis for axis in subject.axes if axis in association.axes]
        candidate.checks.append(Check("axis", bool(served), ",".join(served or subject.axes)))
        if subject.age is not None:
            in_range = association.min_age <= subject.age <= association.max_age
            candidate.checks.append(Check("age", in_range, str(subject.age)))
            if subject.age < ADULT_AGE:
                candidate.checks.append(Check("minors", association.takes_minors, str(subject.age)))
        room = candidate.open_items < capacity
        candidate.checks.append(Check("capacity", room, f"{candidate.open_items}/{capacity}"))
        candidates.append(candidate)
    eligible = [c for c in candidates if c.eligible]
    chosen = min(eligible, key=lambda c: (c.load, c.open_items, c.slug)) if eligible else None
    return chosen, candidates


def request_subject(request) -> Subject:
    return Subject(
        department=request.department,
        axes=(request.axis,),
        accepts_remote=MeetingMode.REMOTE in request.meeting_modes,
        age=request.age(),
    )


def mentor_subject(mentor) -> Subject:
    return Subject(
        department=mentor.department,
        axes=tuple(mentor.axes),
        accepts_remote=MeetingMode.REMOTE in mentor.meeting_modes,
    )


def summary(chosen: Candidate | None, candidates: list[Candidate]) -> str:
    """One line for the log and the admin lists (in the platform's language at the time of the decision)."""
    if chosen:
        return f"{chosen.name} ({chosen.open_items}/{chosen.capacity})"
    if not candidates:
        return "no active association"
    failed = sorted({check.code for c in candidates for check in c.checks if not check.ok})
    return "no eligible association: " + ", ".join(failed)


def explain(decision) -> list[dict]:
    """A stored decision's candidates, each with its checks in plain words (for the staff and admin pages)."""
    if decision is None:
        return []
    return [
        {**candidate, "sentences": [check_sentence(check) for check in candidate["checks"]]}
        for candidate in decision.candidates
    ]


def check_sentence(check: dict) -> str:
    """A stored check in plain words, in the current language."""
    code, ok, value = check["code"], check["ok"], check.get("value", "")
    sentences = {
        ("territory", True): _("couvre le département %(value)s"),
        ("territory", False): _("ne couvre pas le département %(value)s"),
        ("remote", True): _("accompagne à distance partout en France"),
        ("axis", True): _("accompagne ce besoin (%(value)s)"),
        ("axis", False): _("n'accompagne pas ce besoin (%(value)s)"),
        ("age", True): _("accompagne les jeunes de %(value)s ans"),
        ("age", False): _("n'accompagne pas les jeunes de %(value)s ans"),
        ("minors", True): _("accompagne des mineurs"),
        ("minors", False): _("n'accompagne pas de mineurs"),
        ("capacity", True): _("a de la place (%(value)s)"),
        ("capacity", False): _("est complète (%(value)s)"),
    }
    sentence = sentences.get((code, ok), code)
    return sentence % {"value": value}

"""How well each mentor suits a young person: one scorer, vectorised with numpy over the candidate set.

Mentors are encoded once into arrays (``MentorArrays``); a youth into a ``YouthVector``. Multi-choice fields are
bit masks, so a criterion is a few array operations over every candidate at once, never a Python loop per pair.
The same arrays and scorer serve the ranked suggestions of one youth and the batch matcher of an association.

Hard constraints exclude a mentor (each exclusion has a code, shown on demand); soft criteria give a score in
[0, 1], the weighted mean of six criteria, each in [0, 1]:

- axis: the mentor helps with the youth's axis (education, employment);
- sectors: share of the youth's sectors of interest the mentor knows (neutral 0.5 when the youth named none);
- geography: same department 1, same region 0.6, otherwise remote only 0.3;
- availability: share of the youth's availability slots the mentor shares;
- mentor type: a student mentor for school pupils, a professional (or retiree) for employment needs;
- capacity: room left, so that the load spreads (1 with every place free, falling as places fill).
"""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations.geography import DEPARTMENT_REGION, DEPARTMENTS

from .dates import ADULT_AGE, age_on, local_today
from .enums import Availability, Axis, Language, MeetingMode, MentorState, MentorType, Sector, Situation
from .models.common import BACKGROUND_CHECK_VALIDITY

DEPARTMENT_INDEX = {code: index for index, code in enumerate(DEPARTMENTS)}
REGION_INDEX = {region: index for index, region in enumerate(sorted(set(DEPARTMENT_REGION.values())))}
BITS = {
    "sectors": {value: 1 << i for i, value in enumerate(Sector.values)},
    "meeting": {value: 1 << i for i, value in enumerate(MeetingMode.values)},
    "availability": {value: 1 << i for i, value in enumerate(Availability.values)},
    "languages": {value: 1 << i for i, value in enumerate(Language.values)},
    "axes": {value: 1 << i for i, value in enumerate(Axis.values)},
}
REMOTE_BIT = BITS["meeting"][MeetingMode.REMOTE]
TYPE_INDEX = {value: i for i, value in enumerate(MentorType.values)}
CRITERIA = ("axis", "sectors", "geography", "availability", "mentor_type", "capacity")


@dataclass(frozen=True)
class Weights:
    """The weight of each criterion (any non-negative numbers; they are normalised). Defaults are the README's."""

    axis: float = 3.0
    sectors: float = 2.0
    geography: float = 2.0
    availability: float = 1.5
    mentor_type: float = 1.0
    capacity: float = 1.0

    @classmethod
    def for_association(cls, association) -> "Weights":
        """The association's tuned weights, the defaults for criteria it left alone."""
        tuned = association.matching_weights or {}
        return cls(**{name: float(tuned[name]) for name in CRITERIA if name in tuned})

    def vector(self) -> np.ndarray:
        values = np.array([getattr(self, name) for name in CRITERIA], dtype=np.float64)
        total = values.sum()
        return values / total if total > 0 else np.full(len(CRITERIA), 1 / len(CRITERIA))


def mask(kind: str, values) -> int:
    bits = BITS[kind]
    result = 0
    for value in values:
        result |= bits.get(value, 0)
    return result


# Each multiple-choice field of a mentor profile, with the column that stores its mask and the kind of bits it uses.
STORED_BITS = {
    "sectors": ("sectors_bits", "sectors"),
    "meeting_modes": ("meeting_bits", "meeting"),
    "availability": ("availability_bits", "availability"),
    "languages": ("languages_bits", "languages"),
    "axes": ("axes_bits", "axes"),
}


def mentor_bits(**choices) -> dict[str, int]:
    """The stored masks of a mentor's multiple-choice fields (``sectors=[...]``, ...), column name -> mask: what the
    services write with the fields, so that ``mentor_arrays_for`` reads integers instead of decoding profiles."""
    return {STORED_BITS[name][0]: mask(STORED_BITS[name][1], values) for name, values in choices.items()}


def profile_bits(profile) -> dict[str, int]:
    """The stored masks a mentor profile's choices call for (column name -> mask)."""
    return mentor_bits(**{name: getattr(profile, name) for name in STORED_BITS})


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values.astype(np.uint64)).astype(np.float64)


@dataclass
class MentorArrays:
    """A set of mentors as parallel arrays, in the order of ``ids``."""

    ids: np.ndarray
    active: np.ndarray
    capacity: np.ndarray
    capacity_left: np.ndarray
    minors_ok: np.ndarray
    meeting: np.ndarray
    availability: np.ndarray
    languages: np.ndarray
    sectors: np.ndarray
    axes: np.ndarray
    department: np.ndarray
    region: np.ndarray
    mentor_type: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_profiles(cls, mentors, *, current_load: dict[int, int] | None = None, on=None) -> "MentorArrays":
        """Encode mentor profiles; ``current_load`` maps a mentor id to the mentees they already have."""
        current_load = current_load or {}
        mentors = list(mentors)

        def array(values, dtype):
            return np.array(list(values), dtype=dtype)

        capacity = array((m.capacity for m in mentors), np.int16)
        load = array((current_load.get(m.pk, 0) for m in mentors), np.int16)
        return cls(
            ids=array((m.pk for m in mentors), np.int64),
            active=array((m.state == MentorState.ACTIVE for m in mentors), bool),
            capacity=capacity,
            capacity_left=np.maximum(capacity - load, 0),
            minors_ok=array((m.accepts_minors and m.has_valid_background_check(on) for m in mentors), bool),
            meeting=array((mask("meeting", m.meeting_modes) for m in mentors), np.uint32),
            availability=array((mask("availability", m.availability) for m in mentors), np.uint32),
            languages=array((mask("languages", m.languages) for m in mentors), np.uint32),
            sectors=array((mask("sectors", m.sectors) for m in mentors), np.uint32),
            axes=array((mask("axes", m.axes) for m in mentors), np.uint32),
            department=array((DEPARTMENT_INDEX.get(m.department, -1) for m in mentors), np.int16),
            region=array((REGION_INDEX.get(DEPARTMENT_REGION.get(m.department), -1) for m in mentors), np.int16),
            mentor_type=array((TYPE_INDEX[m.mentor_type] for m in mentors), np.int8),
        )


def mentor_arrays(mentors, *, on=None) -> MentorArrays:
    """Mentor profiles encoded with the places they already hold (``open_mentorships``): the one way the
    suggestions, the batch plan and a proposal see a mentor's load, so that all three agree on who is full."""
    mentors = list(mentors)
    return MentorArrays.from_profiles(mentors, current_load={m.pk: m.open_mentorships for m in mentors}, on=on)


def _indexes(values: np.ndarray, index: dict) -> np.ndarray:
    """Codes (departments, types) to their indexes, -1 for unknown ones: one dictionary look-up per distinct code."""
    if not len(values):
        return np.zeros(0, dtype=np.int16)
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([index.get(str(code), -1) for code in distinct], dtype=np.int16)[inverse.reshape(-1)]


ROW_FIELDS = ("pk", "state", "capacity", "open_mentorships", "minors_ok", "meeting_bits", "availability_bits",
              "languages_bits", "sectors_bits", "axes_bits", "department", "mentor_type")  # fmt: skip


def mentor_arrays_for(mentors, *, on=None) -> MentorArrays:
    """The arrays of a queryset of mentor profiles, read as one ``values_list`` of the stored masks and counters
    (no profile is built): the same arrays as ``mentor_arrays`` gives for the same profiles."""
    checked_since = (on or local_today()) - BACKGROUND_CHECK_VALIDITY
    minors_ok = ExpressionWrapper(
        Q(accepts_minors=True, background_check_ok=True, background_check_on__gte=checked_since),
        output_field=BooleanField(),
    )
    rows = list(mentors.annotate(minors_ok=minors_ok).order_by("pk").values_list(*ROW_FIELDS))
    columns = dict(zip(ROW_FIELDS, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(ROW_FIELDS, ())

    def column(name, dtype):
        return np.array(columns[name], dtype=dtype)

    capacity = column("capacity", np.int16)
    department = _indexes(np.array(columns["department"], dtype=object).astype(str), DEPARTMENT_INDEX)
    regions = np.array([REGION_INDEX.get(DEPARTMENT_REGION.get(code), -1) for code in DEPARTMENTS] + [-1], np.int16)
    return MentorArrays(
        ids=column("pk", np.int64),
        active=column("state", object) == MentorState.ACTIVE,
        capacity=capacity,
        capacity_left=np.maximum(capacity - column("open_mentorships", np.int16), 0),
        minors_ok=column("minors_ok", bool),
        meeting=column("meeting_bits", np.uint32),
        availability=column("availability_bits", np.uint32),
        languages=column("languages_bits", np.uint32),
        sectors=column("sectors_bits", np.uint32),
        axes=column("axes_bits", np.uint32),
        department=department,
        region=regions[department],  # -1 (unknown department) reads the last entry: -1
        mentor_type=_indexes(np.array(columns["mentor_type"], dtype=object).astype(str), TYPE_INDEX).astype(np.int8),
    )


@dataclass(frozen=True)
class YouthVector:
    minor: bool
    meeting: int
    availability: int
    languages: int
    sectors: int
    axis: int
    department: int
    region: int
    pupil: bool
    employment: bool

    @classmethod
    def from_request(cls, request, *, on=None) -> "YouthVector":
        return cls.from_choices(**{name: getattr(request, name) for name in REQUEST_FIELDS}, on=on)

    @classmethod
    def from_choices(
        cls, *, birth_date, situation, axis, department, sectors, meeting_modes, availability, languages, on=None
    ) -> "YouthVector":
        """A youth from the fields of their request (``REQUEST_FIELDS``), read as values or from the request."""
        return cls(
            minor=age_on(birth_date, on) < ADULT_AGE,
            meeting=mask("meeting", meeting_modes),
            availability=mask("availability", availability),
            languages=mask("languages", languages),
            sectors=mask("sectors", sectors),
            axis=mask("axes", [axis]),
            department=DEPARTMENT_INDEX.get(department, -1),
            region=REGION_INDEX.get(DEPARTMENT_REGION.get(department), -1),
            pupil=situation == Situation.PUPIL,
            employment=axis == Axis.EMPLOYMENT,
        )


# The fields of a youth's request the scorer reads (``YouthVector.from_choices``).
REQUEST_FIELDS = ("birth_date", "situation", "axis", "department", "sectors", "meeting_modes", "availability",
                  "languages")  # fmt: skip


YOUTH_FIELDS = ("minor", "meeting", "availability", "languages", "sectors", "axis", "department", "region", "pupil",
                "employment")  # fmt: skip
MENTOR_FIELDS = ("ids", "active", "capacity", "capacity_left", "minors_ok", "meeting", "availability", "languages",
                 "sectors", "axes", "department", "region", "mentor_type")  # fmt: skip

# Why a mentor is excluded, in order of precedence (the first that applies is shown).
EXCLUSIONS = ("inactive", "full", "minor_check", "meeting", "language")


def exclusions(youth: YouthVector, mentors: MentorArrays) -> np.ndarray:
    """For each mentor, the index in EXCLUSIONS of the first hard constraint it fails, or -1 when it passes all."""
    common_meeting = (mentors.meeting & youth.meeting) != 0  # remote is common when both accept it: same bit
    failures = np.stack(
        [
            ~mentors.active,
            mentors.capacity_left <= 0,
            np.broadcast_to(youth.minor, (len(mentors),)) & ~mentors.minors_ok,
            ~common_meeting,
            (mentors.languages & youth.languages) == 0,
        ]
    )
    first = np.argmax(failures, axis=0)
    return np.where(failures.any(axis=0), first, -1)


def components(youth: YouthVector, mentors: MentorArrays) -> np.ndarray:
    """The six criteria, each in [0, 1], as an (n mentors x 6) array in the order of CRITERIA.

    ``youth`` holds scalars (one youth against every mentor) or arrays aligned with ``mentors`` (pairs: the batch).
    """
    n = len(mentors)
    axis = ((mentors.axes & youth.axis) != 0).astype(np.float64)
    youth_sectors = _popcount(np.asarray(youth.sectors))
    shared_sectors = _popcount(mentors.sectors & youth.sectors) / np.maximum(youth_sectors, 1)
    sectors = np.where(youth_sectors > 0, shared_sectors, 0.5)  # neutral when the youth named none
    same_department = mentors.department == youth.department
    same_region = (mentors.region == youth.region) & (np.asarray(youth.region) >= 0)
    geography = np.where(same_department, 1.0, np.where(same_region, 0.6, 0.3))
    youth_slots = _popcount(np.asarray(youth.availability))
    shared_slots = _popcount(mentors.availability & youth.availability) / np.maximum(youth_slots, 1)
    availability = np.where(youth_slots > 0, shared_slots, 1.0)
    student = mentors.mentor_type == TYPE_INDEX[MentorType.STUDENT]
    experienced = np.isin(mentors.mentor_type, (TYPE_INDEX[MentorType.PROFESSIONAL], TYPE_INDEX[MentorType.RETIREE]))
    mentor_type = np.where(
        youth.pupil, np.where(student, 1.0, 0.6), np.where(youth.employment, np.where(experienced, 1.0, 0.5), 0.8)
    )
    capacity = mentors.capacity_left / np.maximum(mentors.capacity, 1).astype(np.float64)
    columns = [axis, sectors, geography, availability, mentor_type, capacity]
    return np.column_stack([np.broadcast_to(column, (n,)) for column in columns])


def pair_scores(
    youths: YouthVector, mentors: MentorArrays, youth_index: np.ndarray, mentor_index: np.ndarray, weights: Weights
) -> np.ndarray:
    """Scores of many (youth, mentor) pairs at once, with the same criteria; -1 where a hard constraint fails.

    ``youths`` holds one array per field (one entry per youth); the pairs index into both sides.
    """
    youth = YouthVector(**{name: np.asarray(getattr(youths, name))[youth_index] for name in YOUTH_FIELDS})
    paired = MentorArrays(**{name: getattr(mentors, name)[mentor_index] for name in MENTOR_FIELDS})
    total = components(youth, paired) @ weights.vector()
    return np.where(exclusions(youth, paired) < 0, total, -1.0)


def _bit_columns(values, width: int) -> np.ndarray:
    """An (n x width) 0/1 matrix of the bits of each mask."""
    values = np.asarray(values, dtype=np.uint64).reshape(-1, 1)
    return ((values >> np.arange(width, dtype=np.uint64)) & np.uint64(1)).astype(np.float64)


def _one_hot(indexes, width: int) -> np.ndarray:
    """An (n x width) matrix with a 1 at each index; -1 (unknown) gives a row of zeros."""
    indexes = np.asarray(indexes, dtype=np.int64)
    matrix = np.zeros((len(indexes), width))
    known = indexes >= 0
    matrix[np.flatnonzero(known), indexes[known]] = 1.0
    return matrix


N_DEPARTMENTS, N_REGIONS, N_TYPES = len(DEPARTMENT_INDEX), len(REGION_INDEX), len(TYPE_INDEX)
WIDTH = {kind: len(bits) for kind, bits in BITS.items()}


def _type_table() -> np.ndarray:
    """The mentor-type criterion for each youth class (pupil, employment, other) and mentor type, as components()."""
    student, experienced = TYPE_INDEX[MentorType.STUDENT], (TYPE_INDEX[MentorType.PROFESSIONAL],
                                                            TYPE_INDEX[MentorType.RETIREE])  # fmt: skip
    table = np.zeros((3, N_TYPES))
    for t in range(N_TYPES):
        table[0, t] = 1.0 if t == student else 0.6
        table[1, t] = 1.0 if t in experienced else 0.5
        table[2, t] = 0.8
    return table


def mentor_features(mentors: MentorArrays, weights: Weights) -> np.ndarray:
    """Each mentor as a row of features such that ``youth_features @ mentor_features.T`` is the weighted score."""
    w = dict(zip(CRITERIA, weights.vector(), strict=True))
    n = len(mentors)
    unknown = (mentors.department < 0).astype(np.float64).reshape(-1, 1)
    capacity = w["capacity"] * mentors.capacity_left / np.maximum(mentors.capacity, 1).astype(np.float64)
    return np.hstack([
        _bit_columns(mentors.axes, WIDTH["axes"]),
        _bit_columns(mentors.sectors, WIDTH["sectors"]),
        _one_hot(mentors.department, N_DEPARTMENTS), unknown,
        _one_hot(mentors.region, N_REGIONS),
        _bit_columns(mentors.availability, WIDTH["availability"]),
        _one_hot(mentors.mentor_type, N_TYPES),
        capacity.reshape(-1, 1),
        np.ones((n, 1)),
    ])  # fmt: skip


def youth_features(youths: YouthVector, weights: Weights) -> np.ndarray:
    """Each youth (``youths`` holds one array per field) as the row that pairs with ``mentor_features``: the same
    six criteria as ``components``, weighted."""
    w = dict(zip(CRITERIA, weights.vector(), strict=True))
    sectors = _bit_columns(youths.sectors, WIDTH["sectors"])
    n = len(sectors)
    named = sectors.sum(axis=1, keepdims=True)
    slots = _bit_columns(youths.availability, WIDTH["availability"])
    slot_count = slots.sum(axis=1, keepdims=True)
    department, region = np.asarray(youths.department).reshape(-1), np.asarray(youths.region).reshape(-1)
    unknown = (department < 0).astype(np.float64).reshape(-1, 1)
    pupil, employment = np.asarray(youths.pupil).reshape(-1), np.asarray(youths.employment).reshape(-1)
    youth_class = np.where(pupil, 0, np.where(employment, 1, 2))
    constant = (
        w["sectors"] * 0.5 * (named[:, 0] == 0)  # neutral when the youth named no sector
        + w["geography"] * 0.3  # otherwise remote only
        + w["availability"] * (slot_count[:, 0] == 0)  # every slot suits a youth who named none
    )
    return np.hstack([
        w["axis"] * _bit_columns(youths.axis, WIDTH["axes"]),
        w["sectors"] * sectors / np.maximum(named, 1),
        # same department: 1 = 0.3 + 0.3 (same region) + 0.4; an unknown department matches an unknown one (1 = 0.3
        # + 0.7, its region being unknown too)
        w["geography"] * 0.4 * _one_hot(department, N_DEPARTMENTS), w["geography"] * 0.7 * unknown,
        w["geography"] * 0.3 * _one_hot(region, N_REGIONS),
        w["availability"] * slots / np.maximum(slot_count, 1),
        w["mentor_type"] * _type_table()[youth_class],
        np.ones((n, 1)),
        constant.reshape(-1, 1),
    ])  # fmt: skip


class PairScorer:
    """Scores batches of youths against one set of mentors, as (youths x mentors) matrices: the mentors' features
    are laid out once, each batch is a matrix product, and the hard constraints are looked up per distinct
    (meeting modes, languages, minor) of the youths. ``dtype`` float32 halves the work of ranking candidates."""

    def __init__(self, mentors: MentorArrays, weights: Weights, dtype=np.float64):
        self.mentors, self.weights, self.dtype = mentors, weights, dtype
        features = mentor_features(mentors, weights)
        # A feature no mentor has (a department, a region, a sector none of them names) adds nothing to any score:
        # the products leave it out (most of the departments' and regions' columns, for an association's mentors).
        self.columns = np.flatnonzero(features.any(axis=0))
        self.features = np.ascontiguousarray(features[:, self.columns].T, dtype=dtype)
        self.open = mentors.active & (mentors.capacity_left > 0)
        self._passes: dict[tuple[int, int, bool], np.ndarray] = {}

    def passes(self, meeting: int, languages: int, minor: bool) -> np.ndarray:
        """Which mentors a youth with these meeting modes, languages and age may be paired with."""
        key = (meeting, languages, minor)
        if key not in self._passes:
            mentors = self.mentors
            allowed = self.open & ((mentors.meeting & meeting) != 0) & ((mentors.languages & languages) != 0)
            self._passes[key] = allowed & mentors.minors_ok if minor else allowed
        return self._passes[key]

    def matrix(self, youths: YouthVector) -> np.ndarray:
        """The scores of every (youth, mentor) pair, -1 where a hard constraint fails."""
        scores = youth_features(youths, self.weights)[:, self.columns].astype(self.dtype) @ self.features
        keys = np.stack([
            np.asarray(youths.meeting, dtype=np.int64).reshape(-1),
            np.asarray(youths.languages, dtype=np.int64).reshape(-1),
            np.asarray(youths.minor, dtype=np.int64).reshape(-1),
        ], axis=1)  # fmt: skip
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
        allowed = np.stack([self.passes(int(m), int(lang), bool(minor)) for m, lang, minor in distinct])
        np.putmask(scores, ~allowed[inverse.reshape(-1)], -1.0)
        return scores


def best_candidates(
    scores: np.ndarray, k: int, *, row_groups: np.ndarray, column_groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The row and column of the k best positive scores of each row (every positive one where there are fewer),
    rows in order and each row's best first, ties to the lower column: what sorting each row by (-score, column) and
    keeping its first k positive scores gives, without sorting or partitioning whole rows.

    The k-th best score of a row among the columns of its own group (``row_groups``, ``column_groups``: a youth's
    and the mentors' departments, where geography gives the most) is at most the row's k-th best: only the scores
    from that bound up are sorted. A row whose group gives no bound (fewer than k columns, an unknown department)
    or too loose a one (more than CANDIDATES_SORTED scores above it) takes its k-th best from its whole row."""
    n_rows, n_columns = scores.shape
    if not n_columns or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    positive = np.nextafter(scores.dtype.type(0), scores.dtype.type(1))  # the smallest score kept
    bound = np.full(n_rows, positive, dtype=scores.dtype)
    if n_columns > k:
        row_groups, column_groups = np.asarray(row_groups), np.asarray(column_groups)
        for group in np.unique(row_groups[row_groups >= 0]):
            columns = np.flatnonzero(column_groups == group)
            if len(columns) >= k:
                rows = np.flatnonzero(row_groups == group)
                kth = np.partition(scores[np.ix_(rows, columns)], len(columns) - k, axis=1)[:, -k]
                bound[rows] = np.maximum(kth, positive)
        loose = np.flatnonzero(np.count_nonzero(scores >= bound[:, None], axis=1) > CANDIDATES_SORTED)
        if len(loose):
            bound[loose] = np.maximum(np.partition(scores[loose], n_columns - k, axis=1)[:, -k], positive)
    rows, columns = np.divmod(np.flatnonzero(scores >= bound[:, None]), n_columns)
    order = np.lexsort((columns, -scores[rows, columns], rows))
    rows, columns = rows[order], columns[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)  # the place of each score in its row, from 0
    return rows[rank < k], columns[rank < k]


CANDIDATES_SORTED = 256  # scores a row may have above its bound before its exact k-th best is looked for


def score_matrix(youths: YouthVector, mentors: MentorArrays, weights: Weights) -> np.ndarray:
    """The (youths x mentors) scores of every pair, as ``pair_scores`` gives them, -1 where a hard constraint fails:
    a few matrix products instead of one pass per pair."""
    return PairScorer(mentors, weights).matrix(youths)


@dataclass
class Suggestion:
    mentor_id: int
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.score)


def suggest(
    youth: YouthVector,
    mentors: MentorArrays,
    weights: Weights = Weights(),
    k: int = 10,
    excluded: np.ndarray | None = None,
) -> list[Suggestion]:
    """The k best mentors for this youth, best first, each with its reasons in plain words. ``excluded`` is
    ``exclusions(youth, mentors)`` when the caller has it already."""
    parts = components(youth, mentors)
    excluded = exclusions(youth, mentors) if excluded is None else excluded
    total = np.where(excluded < 0, parts @ weights.vector(), -1.0)
    eligible = np.flatnonzero(total >= 0)
    if not len(eligible):
        return []
    k = min(k, len(eligible))
    top = eligible[np.argpartition(-total[eligible], k - 1)[:k]]
    top = top[np.lexsort((mentors.ids[top], -total[top]))]  # best first, ties by id: always the same order
    return [
        Suggestion(mentor_id=int(mentors.ids[i]), score=float(total[i]), reasons=reasons(youth, mentors, i, parts[i]))
        for i in top
    ]


def reasons(youth: YouthVector, mentors: MentorArrays, i: int, parts: np.ndarray) -> list[str]:
    """What speaks for (or against) mentor ``i``, in the current language."""
    said = []
    axis, _sectors, geography, _availability, mentor_type, _capacity = parts
    if axis:
        said.append(_("accompagne ce besoin"))
    shared = [s.label for s in Sector if BITS["sectors"][s.value] & int(mentors.sectors[i]) & youth.sectors]
    if shared:
        said.append(_("secteur : %(sectors)s") % {"sectors": ", ".join(str(label) for label in shared)})
    if geography == 1.0:
        said.append(_("même département"))
    elif geography == 0.6:
        said.append(_("même région"))
    else:
        said.append(_("à distance"))
    slots = [
        a.label
        for a in Availability
        if BITS["availability"][a.value] & int(mentors.availability[i]) & youth.availability
    ]
    if slots:
        said.append(_("disponible : %(slots)s") % {"slots": ", ".join(str(label).lower() for label in slots)})
    if mentor_type == 1.0:
        kind = MentorType(MentorType.values[int(mentors.mentor_type[i])]).label
        said.append(_("profil adapté : %(kind)s") % {"kind": str(kind).lower()})
    taken = int(mentors.capacity[i] - mentors.capacity_left[i])
    said.append(
        _("déjà %(taken)d mentoré(s) sur %(capacity)d") % {"taken": taken, "capacity": int(mentors.capacity[i])}
    )
    return said


# Why a mentor is excluded, in words (in the order of EXCLUSIONS).
EXCLUSION_REASONS = (
    gettext_lazy("n'est pas mentor actif"),
    gettext_lazy("n'a plus de place"),
    gettext_lazy("pas d'attestation valide pour accompagner un mineur"),
    gettext_lazy("aucun mode de rencontre en commun"),
    gettext_lazy("aucune langue en commun"),
)


def exclusion_reason(code: int) -> str:
    return str(EXCLUSION_REASONS[code])

"""The scorer: each hard constraint, each criterion, the ranking and its reasons."""

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from matching import scoring
from matching.enums import MentorState
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


def active_mentor(**kwargs):
    """An active mentor whose profile meets the youth below (Paris, education, digital), but for ``kwargs``."""
    return MentorProfileFactory(active=True, **{"department": "75", "axes": ["education"]} | kwargs)


def youth(**kwargs):
    defaults = {"department": "75", "birth_date": birth_date_for_age(20), "sectors": ["digital"]}
    return scoring.YouthVector.from_request(YouthRequestFactory(**{**defaults, **kwargs}))


def arrays(*mentors, load=None):
    return scoring.MentorArrays.from_profiles(mentors, current_load=load)


@pytest.mark.parametrize(
    ("mentor_kwargs", "youth_kwargs", "load", "expected"),
    [
        ({"state": MentorState.TRAINED}, {}, 0, "inactive"),
        ({"capacity": 1}, {}, 1, "full"),
        ({"accepts_minors": False}, {"birth_date": birth_date_for_age(15)}, 0, "minor_check"),
        ({"background_check_on": timezone.localdate() - timedelta(days=200)}, {"birth_date": birth_date_for_age(15)}, 0,
         "minor_check"),
        ({"meeting_modes": ["workplace"]}, {"meeting_modes": ["remote"]}, 0, "meeting"),
        ({"languages": ["en"]}, {"languages": ["fr"]}, 0, "language"),
    ],
)  # fmt: skip
def test_hard_constraints(mentor_kwargs, youth_kwargs, load, expected):
    mentor = active_mentor(**mentor_kwargs)
    code = scoring.exclusions(youth(**youth_kwargs), arrays(mentor, load={mentor.pk: load}))[0]
    assert scoring.EXCLUSIONS[code] == expected


def test_an_expired_check_still_allows_an_adult():
    mentor = active_mentor(background_check_on=timezone.localdate() - timedelta(days=200))
    assert scoring.exclusions(youth(), arrays(mentor))[0] == -1


def test_remote_counts_as_common_when_both_accept_it():
    mentor = active_mentor(meeting_modes=["remote", "workplace"])
    assert scoring.exclusions(youth(meeting_modes=["remote", "home"]), arrays(mentor))[0] == -1


def criterion(name, mentor, **youth_kwargs):
    return scoring.components(youth(**youth_kwargs), arrays(mentor))[0][scoring.CRITERIA.index(name)]


def test_axis_criterion():
    assert criterion("axis", active_mentor(axes=["education"]), need="orientation", axis="education") == 1
    assert criterion("axis", active_mentor(axes=["employment"]), need="orientation", axis="education") == 0


def test_sectors_criterion_is_the_share_of_the_youths_sectors():
    mentor = active_mentor(sectors=["digital", "health"])
    assert criterion("sectors", mentor, sectors=["digital", "industry"]) == 0.5
    assert criterion("sectors", mentor, sectors=[]) == 0.5  # neutral when the youth named none


def test_geography_criterion():
    assert criterion("geography", active_mentor(department="75")) == 1.0
    assert criterion("geography", active_mentor(department="93")) == 0.6  # same region
    assert criterion("geography", active_mentor(department="69")) == 0.3


def test_availability_criterion():
    mentor = active_mentor(availability=["evenings", "weekends"])
    assert criterion("availability", mentor, availability=["evenings", "weekdays"]) == 0.5


def test_mentor_type_criterion():
    assert criterion("mentor_type", active_mentor(mentor_type="student"), situation="pupil") == 1.0
    assert criterion("mentor_type", active_mentor(mentor_type="retiree"), situation="pupil") == 0.6
    professional = active_mentor(mentor_type="professional")
    assert criterion("mentor_type", professional, axis="employment", need="first_job", situation="job_seeker") == 1.0


def test_capacity_criterion_spreads_the_load():
    mentor = active_mentor(capacity=2)
    parts = scoring.components(youth(), arrays(mentor, load={mentor.pk: 1}))[0]
    assert parts[scoring.CRITERIA.index("capacity")] == 0.5


def test_weights_change_the_ranking():
    near = active_mentor(department="75", sectors=["health"])
    expert = active_mentor(department="69", sectors=["digital"])
    mentors = arrays(near, expert)
    geography_first = scoring.suggest(youth(), mentors, scoring.Weights(geography=10, sectors=0.1))
    sectors_first = scoring.suggest(youth(), mentors, scoring.Weights(geography=0.1, sectors=10))
    assert [s.mentor_id for s in geography_first] == [near.pk, expert.pk]
    assert [s.mentor_id for s in sectors_first] == [expert.pk, near.pk]


def test_suggestions_are_ranked_explained_and_exclude_the_ineligible():
    best = active_mentor(department="75", sectors=["digital"], availability=["evenings"])
    other = active_mentor(department="69", sectors=["health"], availability=["weekends"])
    active_mentor(state=MentorState.PAUSED)

    found = scoring.suggest(youth(availability=["evenings"]), arrays(*MentorProfileFactory._meta.model.objects.all()))

    assert [s.mentor_id for s in found] == [best.pk, other.pk]
    assert 0 < found[1].percent < found[0].percent <= 100
    assert "même département" in found[0].reasons
    assert any(reason.startswith("secteur : Numérique") for reason in found[0].reasons)
    assert "déjà 0 mentoré(s) sur 2" in found[0].reasons


def test_scoring_is_vectorised_over_the_candidate_set():
    rng = np.random.default_rng(1)
    n = 5000
    mentors = scoring.MentorArrays(
        ids=np.arange(n), active=np.ones(n, bool), capacity=np.full(n, 2, np.int16),
        capacity_left=rng.integers(0, 3, n).astype(np.int16), minors_ok=rng.random(n) < 0.8,
        meeting=rng.integers(1, 32, n).astype(np.uint32), availability=rng.integers(1, 8, n).astype(np.uint32),
        languages=np.ones(n, np.uint32), sectors=rng.integers(0, 1 << 14, n).astype(np.uint32),
        axes=rng.integers(1, 4, n).astype(np.uint32), department=rng.integers(0, 101, n).astype(np.int16),
        region=rng.integers(0, 18, n).astype(np.int16), mentor_type=rng.integers(0, 4, n).astype(np.int8),
    )  # fmt: skip
    ranked = scoring.suggest(youth(), mentors, k=n)
    eligible = scoring.exclusions(youth(), mentors) < 0
    assert len(ranked) == eligible.sum()
    assert all(0 <= suggestion.score <= 1 for suggestion in ranked)


def test_pair_scores_agree_with_the_single_youth_scorer():
    mentors = [active_mentor(department=d, sectors=s) for d, s in [("75", ["digital"]), ("69", ["health"])]]
    requests = [YouthRequestFactory(department="75", birth_date=birth_date_for_age(20)) for _ in range(2)]
    vectors = [scoring.YouthVector.from_request(r) for r in requests]
    youths = scoring.YouthVector(
        **{name: np.array([getattr(v, name) for v in vectors]) for name in scoring.YOUTH_FIELDS}
    )
    mentor_arrays = arrays(*mentors)
    youth_index, mentor_index = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])

    paired = scoring.pair_scores(youths, mentor_arrays, youth_index, mentor_index, scoring.Weights())

    single = []
    for vector in vectors:
        by_id = {s.mentor_id: s.score for s in scoring.suggest(vector, mentor_arrays, k=len(mentors))}
        single += [by_id.get(int(mentor_id), -1.0) for mentor_id in mentor_arrays.ids]
    assert np.allclose(paired, single)


def random_youths(rng, n):
    department = rng.integers(-1, 101, n).astype(np.int16)
    return scoring.YouthVector(
        minor=rng.random(n) < 0.4, meeting=rng.integers(1, 32, n).astype(np.uint32),
        availability=rng.integers(0, 8, n).astype(np.uint32), languages=rng.integers(1, 4, n).astype(np.uint32),
        sectors=rng.integers(0, 1 << 14, n).astype(np.uint32) & rng.integers(0, 1 << 14, n).astype(np.uint32),
        axis=rng.integers(1, 3, n).astype(np.uint32), department=department,
        region=np.where(department < 0, -1, department % 18).astype(np.int16), pupil=rng.random(n) < 0.3,
        employment=rng.random(n) < 0.5,
    )  # fmt: skip


def random_mentors(rng, n):
    department = rng.integers(-1, 101, n).astype(np.int16)
    capacity = rng.integers(1, 4, n).astype(np.int16)
    return scoring.MentorArrays(
        ids=np.arange(n), active=rng.random(n) < 0.9, capacity=capacity,
        capacity_left=(capacity - rng.integers(0, 3, n)).clip(0).astype(np.int16), minors_ok=rng.random(n) < 0.7,
        meeting=rng.integers(1, 32, n).astype(np.uint32), availability=rng.integers(1, 8, n).astype(np.uint32),
        languages=rng.integers(1, 4, n).astype(np.uint32), sectors=rng.integers(0, 1 << 14, n).astype(np.uint32),
        axes=rng.integers(1, 4, n).astype(np.uint32), department=department,
        region=np.where(department < 0, -1, department % 18).astype(np.int16),
        mentor_type=rng.integers(0, 4, n).astype(np.int8),
    )  # fmt: skip


def test_the_score_matrix_of_the_batch_gives_each_pair_its_score():
    rng = np.random.default_rng(7)
    youths, mentors = random_youths(rng, 40), random_mentors(rng, 300)
    weights = scoring.Weights(axis=1, sectors=3, geography=2.5, availability=0.5, mentor_type=2, capacity=1)
    youth_index, mentor_index = np.repeat(np.arange(40), 300), np.tile(np.arange(300), 40)

    matrix = scoring.score_matrix(youths, mentors, weights)

    expected = scoring.pair_scores(youths, mentors, youth_index, mentor_index, weights)
    assert np.allclose(matrix.reshape(-1), expected)


def test_mentors_read_from_their_stored_masks_score_as_the_profiles_do():
    today = timezone.localdate()
    mentors = [
        active_mentor(sectors=["digital", "health"], availability=["weekends"], capacity=3, open_mentorships=1),
        active_mentor(department="69", languages=["fr", "en"], meeting_modes=["remote", "home"], axes=["employment"]),
        active_mentor(accepts_minors=False, mentor_type="student", department="2A"),
        active_mentor(background_check_on=today - timedelta(days=200)),
        MentorProfileFactory(trained=True, department="971"),
    ]
    queryset = MentorProfileFactory._meta.model.objects.filter(pk__in=[m.pk for m in mentors])

    stored = scoring.mentor_arrays_for(queryset)

    built = scoring.mentor_arrays(sorted(mentors, key=lambda m: m.pk))
    for name in scoring.MENTOR_FIELDS:
        assert np.array_equal(getattr(stored, name), getattr(built, name)), name

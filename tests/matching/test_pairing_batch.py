"""Batch matching is optimal (checked against brute force on small instances) and never below greedy."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import batch


@st.composite
def instances(draw):
    n_youths = draw(st.integers(1, 5))
    n_mentors = draw(st.integers(1, 4))
    capacity = np.array(draw(st.lists(st.integers(1, 3), min_size=n_mentors, max_size=n_mentors)))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n_youths - 1), st.integers(0, n_mentors - 1), st.integers(1, 1000)),
            min_size=1,
            max_size=12,
            unique_by=lambda pair: (pair[0], pair[1]),
        )
    )
    youth, mentor, score = (np.array(column) for column in zip(*pairs, strict=True))
    return {"youth": youth, "mentor": mentor, "score": score / 1000, "capacity": capacity, "n_youths": n_youths}


def brute_force(instance) -> float:
    """The best total over every subset of pairs that respects the constraints."""
    pairs = list(zip(instance["youth"], instance["mentor"], instance["score"], strict=True))
    best = 0.0
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            youths = [y for y, _, _ in chosen]
            if len(youths) != len(set(youths)):
                continue
            load = np.bincount([m for _, m, _ in chosen], minlength=len(instance["capacity"]))
            if (load <= instance["capacity"]).all():
                best = max(best, sum(s for _, _, s in chosen))
    return best


def valid(assignment, instance) -> bool:
    youths = list(assignment.youth)
    load = np.bincount(assignment.mentor, minlength=len(instance["capacity"]))
    return len(youths) == len(set(youths)) and (load <= instance["capacity"]).all()


@settings(max_examples=150, deadline=None)
@given(instances())
def test_batch_is_optimal(instance):
    result = batch.optimal(**instance)
    assert valid(result, instance)
    assert abs(result.total - brute_force(instance)) < 1e-9


@settings(max_examples=150, deadline=None)
@given(instances())
def test_batch_never_scores_below_greedy(instance):
    best, quick = batch.optimal(**instance), batch.greedy(**instance)
    assert valid(quick, instance)
    assert best.total >= quick.total - 1e-9


def test_batch_beats_greedy_where_greedy_is_short_sighted():
    # Greedy takes the single best pair (youth 0 with mentor 0) and leaves youth 1 without anyone.
    instance = {
        "youth": np.array([0, 0, 1]),
        "mentor": np.array([0, 1, 0]),
        "score": np.array([0.9, 0.8, 0.7]),
        "capacity": np.array([1, 1]),
        "n_youths": 2,
    }
    assert batch.greedy(**instance).total == 0.9
    assert abs(batch.optimal(**instance).total - 1.5) < 1e-9

"""Batch matching is optimal (checked against brute force on small instances) and never below greedy."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import batch, scoring


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


@st.composite
def score_matrices(draw):
    n_rows, n_columns = draw(st.integers(1, 6)), draw(st.integers(0, 40))
    # Few distinct values, many ties; -1 where a hard constraint fails.
    values = st.sampled_from([-1.0, 0.25, 0.5, 0.5, 0.75, 0.8, 1.0])
    scores = np.array(
        draw(st.lists(values, min_size=n_rows * n_columns, max_size=n_rows * n_columns)), dtype=np.float32
    ).reshape(n_rows, n_columns)
    groups = st.integers(-1, 3)
    row_groups = np.array(draw(st.lists(groups, min_size=n_rows, max_size=n_rows)))
    column_groups = np.array(draw(st.lists(groups, min_size=n_columns, max_size=n_columns)))
    return scores, draw(st.integers(1, 8)), row_groups, column_groups


@settings(max_examples=300, deadline=None)
@given(score_matrices())
def test_best_candidates_are_each_rows_k_best_positive_scores_ties_to_the_lower_column(instance):
    scores, k, row_groups, column_groups = instance
    expected = [
        (row, column)
        for row in range(scores.shape[0])
        for column in sorted(range(scores.shape[1]), key=lambda c: (-scores[row, c], c))[:k]
        if scores[row, column] > 0
    ]

    rows, columns = scoring.best_candidates(scores, k, row_groups=row_groups, column_groups=column_groups)

    assert list(zip(rows.tolist(), columns.tolist(), strict=True)) == expected


def test_best_candidates_look_past_a_loose_bound(monkeypatch):
    # Row 0's own group (columns 0-1) bounds it at 0.1, below every other score: its 2 best come from the whole row.
    monkeypatch.setattr(scoring, "CANDIDATES_SORTED", 3)
    scores = np.array([[0.1, 0.1, 0.5, 0.9, 0.7, 0.2]], dtype=np.float32)
    groups = np.array([0, 0, 1, 1, 1, 1])

    _rows, columns = scoring.best_candidates(scores, 2, row_groups=np.array([0]), column_groups=groups)

    assert columns.tolist() == [3, 4]

"""Batch matching: the assignment of youths to mentors that maximises the total score under mentor capacities.

A min-cost flow (OR-Tools): source → each youth (capacity 1) → each candidate mentor (cost = -score) → sink
(capacity = the mentor's places left), plus a free source → sink arc so that a youth may stay unmatched rather than
take a pairing that lowers the total. Scores are integers (per mille) for the solver. Greedy (best pairs first) is
computed alongside for comparison only.
"""

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

SCALE = 1000  # scores in [0, 1] become integer costs in [0, 1000]


@dataclass
class Assignment:
    youth: np.ndarray  # index of the youth of each chosen pair
    mentor: np.ndarray  # index of the mentor of each chosen pair
    score: np.ndarray  # score of each chosen pair

    @property
    def total(self) -> float:
        return float(self.score.sum())

    def __len__(self) -> int:
        return len(self.youth)


def optimal(
    *, youth: np.ndarray, mentor: np.ndarray, score: np.ndarray, capacity: np.ndarray, n_youths: int
) -> Assignment:
    """The best assignment over the candidate pairs (youth[i], mentor[i], score[i]); ``capacity`` per mentor.

    Youths and mentors no candidate pair links (the regions of a national batch, most often) are independent: each
    such group is solved on its own, which is the same optimum, found faster. The pairs come in youth order."""
    keep = score > 0
    youth, mentor, score = youth[keep], mentor[keep], score[keep]
    group = connected_groups(youth, mentor, n_youths, len(capacity))[youth]
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.diff(group[order], prepend=-1))
    chosen = []
    for pairs in np.split(order, starts[1:]) if len(order) else []:
        youths, local_youth = np.unique(youth[pairs], return_inverse=True)
        mentors, local_mentor = np.unique(mentor[pairs], return_inverse=True)
        picked = _min_cost_flow(local_youth, local_mentor, score[pairs], capacity[mentors], len(youths))
        chosen.append(pairs[picked])
    chosen = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    chosen = chosen[np.argsort(youth[chosen], kind="stable")]
    return Assignment(youth=youth[chosen], mentor=mentor[chosen], score=score[chosen])


def connected_groups(youth: np.ndarray, mentor: np.ndarray, n_youths: int, n_mentors: int) -> np.ndarray:
    """For each node (the youths, then the mentors), the smallest node of its connected group in the graph of the
    pairs: labels are hooked to the smaller one across each pair, then each path is shortened to its root, until
    every pair joins two nodes of one label."""
    left, right = youth.astype(np.int64), n_youths + mentor.astype(np.int64)
    parent = np.arange(n_youths + n_mentors)
    while True:
        a, b = parent[left], parent[right]
        differ = a != b
        if not differ.any():
            return parent
        np.minimum.at(parent, np.maximum(a, b)[differ], np.minimum(a, b)[differ])
        while True:
            root = parent[parent]
            if np.array_equal(root, parent):
                break
            parent = root


def _min_cost_flow(youth, mentor, score, capacity, n_youths) -> np.ndarray:
    """Which of the pairs the optimal assignment of one group chooses (OR-Tools' min-cost flow, as the module says)."""
    n_mentors = len(capacity)
    source, sink = n_youths + n_mentors, n_youths + n_mentors + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    youth_nodes = np.arange(n_youths)
    mentor_nodes = n_youths + np.arange(n_mentors)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_youths, source), youth_nodes, np.ones(n_youths, dtype=np.int64), np.zeros(n_youths, dtype=np.int64)
    )
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        youth.astype(np.int64),
        (n_youths + mentor).astype(np.int64),
        np.ones(len(youth), dtype=np.int64),
        -np.rint(score * SCALE).astype(np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes, np.full(n_mentors, sink), capacity.astype(np.int64), np.zeros(n_mentors, dtype=np.int64)
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, n_youths, 0)  # staying unmatched costs nothing
    supplies = np.zeros(n_youths + n_mentors + 2, dtype=np.int64)
    supplies[source], supplies[sink] = n_youths, -n_youths
    flow.set_nodes_supplies(np.arange(len(supplies)), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.flatnonzero(flow.flows(pair_arcs) > 0)


def greedy(
    *, youth: np.ndarray, mentor: np.ndarray, score: np.ndarray, capacity: np.ndarray, n_youths: int
) -> Assignment:
    """Best pairs first, each youth once, each mentor up to capacity: the baseline the optimum must beat."""
    order = np.lexsort((mentor, youth, -score))
    order = order[score[order] > 0]
    left = np.maximum(capacity.astype(np.int64), 0).tolist()
    places, taken, chosen = sum(left), [False] * n_youths, []
    # Plain lists: one pass of Python over the pairs, millions of them for a national batch.
    for i, y, m in zip(order.tolist(), youth[order].tolist(), mentor[order].tolist(), strict=True):
        if not taken[y] and left[m] > 0:
            taken[y] = True
            left[m] -= 1
            chosen.append(i)
            places -= 1
            if not places:  # every place is taken: no later pair can be chosen
                break
    chosen = np.array(chosen, dtype=np.int64)
    return Assignment(youth=youth[chosen], mentor=mentor[chosen], score=score[chosen])

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
    """The best assignment over the candidate pairs (youth[i], mentor[i], score[i]); ``capacity`` per mentor."""
    n_mentors = len(capacity)
    source, sink = n_youths + n_mentors, n_youths + n_mentors + 1
    keep = score > 0
    youth, mentor, score = youth[keep], mentor[keep], score[keep]
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
    chosen = flow.flows(pair_arcs) > 0
    return Assignment(youth=youth[chosen], mentor=mentor[chosen], score=score[chosen])


def greedy(
    *, youth: np.ndarray, mentor: np.ndarray, score: np.ndarray, capacity: np.ndarray, n_youths: int
) -> Assignment:
    """Best pairs first, each youth once, each mentor up to capacity: the baseline the optimum must beat."""
    order = np.lexsort((mentor, youth, -score))
    left = capacity.astype(np.int64).copy()
    taken = np.zeros(n_youths, dtype=bool)
    chosen = []
    for i in order:
        if score[i] <= 0:
            break
        y, m = youth[i], mentor[i]
        if not taken[y] and left[m] > 0:
            taken[y] = True
            left[m] -= 1
            chosen.append(i)
    chosen = np.array(chosen, dtype=np.int64)
    return Assignment(youth=youth[chosen], mentor=mentor[chosen], score=score[chosen])

"""Random instances for tests, demos and benchmarks.

Places have skewed popularity (Zipf-like weights, as a few well-known
companies draw most applications) and capacities summing to about 0.8 x the
number of students, larger for popular places.  Each student ranks
``list_length`` distinct places drawn by popularity.  Two kinds of place
rankings:

``random``
    each place orders its applicants at random and leaves out about one in
    ten (each applicant independently with probability 0.1); strict.
``common-grade``
    every student has one grade (an integer 0-100) and every place orders
    its applicants by it, best first; equal grades are ties.
"""

from __future__ import annotations

import random
from itertools import accumulate
from typing import Any

__all__ = ["KINDS", "generate_instance"]

KINDS = ("random", "common-grade")
GROUPS = ("must-kosen", "must", "nagaoka-kosen", "nut")


def _capacities(weights: list[float], total: int) -> list[int]:
    """Capacities proportional to ``weights``, each at least 1, summing to ~total."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    caps = [max(1, int(x)) for x in raw]
    short = total - sum(caps)
    if short > 0:  # largest remainders get the leftover seats
        for p in sorted(range(len(raw)), key=lambda p: raw[p] - int(raw[p]), reverse=True)[:short]:
            caps[p] += 1
    return caps


def generate_instance(
    students: int,
    places: int,
    list_length: int = 10,
    seed: int = 0,
    kind: str = "random",
    groups: tuple[str, ...] = GROUPS,
) -> dict[str, Any]:
    """A random instance in the JSON format (a dict ready for ``json.dumps``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if students < 0 or places < 0 or list_length < 0:
        raise ValueError("sizes must not be negative")
    rng = random.Random(seed)
    k = min(list_length, places)
    order = list(range(places))
    rng.shuffle(order)  # popularity rank of each place, in random id order
    weight = [0.0] * places
    for rank, p in enumerate(order):
        weight[p] = 1.0 / (rank + 1) ** 0.8
    cum = list(accumulate(weight))
    caps = _capacities([w**0.5 for w in weight], round(0.8 * students)) if places else []
    pid = [f"p{p + 1}" for p in range(places)]
    sid = [f"s{s + 1}" for s in range(students)]
    applicants: list[list[int]] = [[] for _ in range(places)]
    out_students: list[dict[str, Any]] = []
    choices = rng.choices
    population = range(places)
    for s in range(students):
        picked: dict[int, None] = {}
        while len(picked) < k:
            for p in choices(population, cum_weights=cum, k=3 * k):
                picked[p] = None
                if len(picked) == k:
                    break
        chosen = list(picked)
        for p in chosen:
            applicants[p].append(s)
        out_students.append(
            {
                "id": sid[s],
                "group": groups[s % len(groups)] if groups else None,
                "ranking": [pid[p] for p in chosen],
            }
        )
    if not groups:
        for st in out_students:
            del st["group"]
    grade = [rng.randint(0, 100) for _ in range(students)] if kind == "common-grade" else []
    out_places: list[dict[str, Any]] = []
    for p in range(places):
        apps = applicants[p]
        ranking: list[Any]
        if kind == "random":
            rng.shuffle(apps)
            ranking = [sid[s] for s in apps if rng.random() >= 0.1]
        else:
            by_grade: dict[int, list[str]] = {}
            for s in apps:
                by_grade.setdefault(grade[s], []).append(sid[s])
            ranking = []
            for gr in sorted(by_grade, reverse=True):
                tie = by_grade[gr]
                ranking.append(tie[0] if len(tie) == 1 else tie)
        out_places.append({"id": pid[p], "capacity": caps[p], "ranking": ranking})
    return {"students": out_students, "places": out_places}

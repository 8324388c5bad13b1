"""Brute-force oracles for small instances, written independently of the engine."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kakehashi.matching import Instance


def fuzz(examples: int) -> settings:
    """Hypothesis settings for these tests: no deadline, tolerant of a busy CI machine."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def options(inst: Instance, s: int) -> list[int]:
    """-1 (unmatched) and every mutually acceptable place of student s."""
    return [-1] + [p for p in inst.student_rankings[s] if s in inst.place_levels[p]]


def feasible(inst: Instance, assign: tuple[int, ...] | list[int]) -> bool:
    for p in range(inst.n_places):
        members = [s for s, q in enumerate(assign) if q == p]
        if len(members) > inst.capacities[p]:
            return False
        for g, k in inst.group_caps[p].items():
            if sum(1 for s in members if inst.student_groups[s] == g) > k:
                return False
    return True


def all_assignments(inst: Instance) -> Iterator[tuple[int, ...]]:
    """Every assignment respecting acceptability, capacities and group caps."""
    for assign in product(*(options(inst, s) for s in range(inst.n_students))):
        if feasible(inst, assign):
            yield assign


def blocks(inst: Instance, assign: tuple[int, ...] | list[int], u: int, p: int) -> bool:
    """Weak-priority blocking by definition: p can take u by dropping at most
    one student it ranks strictly below u, staying within capacity and caps."""
    ranking = inst.student_rankings[u]
    if p not in ranking or u not in inst.place_levels[p]:
        return False
    cur = assign[u]
    if cur >= 0 and ranking.index(cur) <= ranking.index(p):
        return False
    lv = inst.place_levels[p]
    members = [s for s, q in enumerate(assign) if q == p]
    candidates: list[list[int]] = [members] + [
        [t for t in members if t != x] for x in members if lv.get(x, 1 << 30) > lv[u]
    ]
    for rest in candidates:
        trial = [*rest, u]
        if len(trial) > inst.capacities[p]:
            continue
        if all(
            sum(1 for s in trial if inst.student_groups[s] == g) <= k for g, k in inst.group_caps[p].items()
        ):
            return True
    return False


def is_stable(inst: Instance, assign: tuple[int, ...] | list[int]) -> bool:
    return not any(
        blocks(inst, assign, u, p) for u in range(inst.n_students) for p in inst.student_rankings[u]
    )


def stable_assignments(inst: Instance) -> list[tuple[int, ...]]:
    return [a for a in all_assignments(inst) if is_stable(inst, a)]


def student_rank(inst: Instance, s: int, p: int) -> int:
    """Rank of place p for student s: unmatched is worse than any ranked
    place, and an unranked place (unacceptable) worse still."""
    ranking = inst.student_rankings[s]
    if p < 0:
        return len(ranking) + 1
    return ranking.index(p) if p in ranking else len(ranking) + 2


@st.composite
def instances(
    draw: Any,
    max_students: int = 5,
    max_places: int = 3,
    ties: bool = True,
    group_caps: bool = True,
) -> dict[str, Any]:
    """Small random instances in the JSON format."""
    n = draw(st.integers(1, max_students))
    m = draw(st.integers(1, max_places))
    sids = [f"s{i}" for i in range(n)]
    pids = [f"p{j}" for j in range(m)]
    students = []
    for sid in sids:
        prefs = draw(
            st.permutations(pids).flatmap(lambda perm: st.integers(0, len(perm)).map(lambda k: perm[:k]))
        )
        entry: dict[str, Any] = {"id": sid, "ranking": list(prefs)}
        group = draw(st.sampled_from([None, "a", "b"]))
        if group is not None:
            entry["group"] = group
        students.append(entry)
    places = []
    for pid in pids:
        order = draw(st.permutations(sids))
        keep = draw(st.integers(0, n))
        ranked = list(order[:keep])
        ranking: list[Any] = []
        i = 0
        while i < len(ranked):
            size = draw(st.integers(1, 3)) if ties else 1
            tie = ranked[i : i + size]
            ranking.append(tie[0] if len(tie) == 1 else tie)
            i += size
        entry = {"id": pid, "capacity": draw(st.integers(0, 2)), "ranking": ranking}
        if group_caps and draw(st.booleans()):
            entry["group_caps"] = {"a": draw(st.integers(0, 2))}
        places.append(entry)
    return {"students": students, "places": places}

"""rank-maximal and min-rank-sum against brute force."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from kakehashi.matching import Instance, solve
from kakehashi.matching.tests.brute import all_assignments, fuzz, instances

pytest.importorskip("scipy")


def _signature(inst: Instance, assign: Any) -> list[int]:
    width = max((len(r) for r in inst.student_rankings), default=0)
    sig = [0] * width
    for s, p in enumerate(assign):
        if p >= 0:
            sig[inst.student_rankings[s].index(p)] += 1
    return sig


def _plain(data: dict[str, Any]) -> Instance:
    # Welfare algorithms ignore group caps: compare on instances without them.
    for place in data["places"]:
        place.pop("group_caps", None)
    return Instance.from_dict(data)


def _valid(inst: Instance, assign: list[int]) -> None:
    for s, p in enumerate(assign):
        if p >= 0:
            assert p in inst.student_rankings[s]
            assert s in inst.place_levels[p]
    for p in range(inst.n_places):
        assert assign.count(p) <= inst.capacities[p]


@fuzz(150)
@given(instances(max_students=5, max_places=3, group_caps=False))
def test_rank_maximal_matches_brute_force(data: dict[str, Any]) -> None:
    inst = _plain(data)
    got = solve(inst, "rank-maximal").assignment
    _valid(inst, got)
    best = max(_signature(inst, a) for a in all_assignments(inst))
    assert _signature(inst, got) == best


@fuzz(150)
@given(instances(max_students=5, max_places=3, group_caps=False))
def test_min_rank_sum_matches_brute_force(data: dict[str, Any]) -> None:
    inst = _plain(data)
    got = solve(inst, "min-rank-sum").assignment
    _valid(inst, got)

    def score(a: Any) -> tuple[int, int]:
        ranks = [inst.student_rankings[s].index(p) + 1 for s, p in enumerate(a) if p >= 0]
        return (-len(ranks), sum(ranks))

    assert score(got) == min(score(a) for a in all_assignments(inst))


def test_rank_maximal_prefers_first_choices_over_cardinality() -> None:
    # Two first choices (a-x or c-x, and b-y) beat one first and two second
    # choices, even though that leaves a student unmatched; min-rank-sum
    # matches everybody first.
    inst = Instance.from_dict(
        {
            "students": [
                {"id": "a", "ranking": ["x", "y"]},
                {"id": "b", "ranking": ["y", "z"]},
                {"id": "c", "ranking": ["x"]},
            ],
            "places": [
                {"id": "x", "capacity": 1, "ranking": ["a", "c"]},
                {"id": "y", "capacity": 1, "ranking": ["a", "b"]},
                {"id": "z", "capacity": 1, "ranking": ["b"]},
            ],
        }
    )
    rm = solve(inst, "rank-maximal").summary()
    assert rm["by_rank"] == {"1": 2}
    assert rm["matched"] == 2
    assert solve(inst, "min-rank-sum").assignment_ids == {"a": "y", "b": "z", "c": "x"}


def test_welfare_result_reports_blocking_pairs() -> None:
    # p1 prefers s1, but giving p1 to s2 (whose only choice it is) matches
    # both: min-rank-sum is then not stable and says so.
    inst = Instance.from_dict(
        {
            "students": [{"id": "s1", "ranking": ["p1", "p2"]}, {"id": "s2", "ranking": ["p1"]}],
            "places": [
                {"id": "p1", "capacity": 1, "ranking": ["s1", "s2"]},
                {"id": "p2", "capacity": 1, "ranking": ["s1"]},
            ],
        }
    )
    out = solve(inst, "min-rank-sum").to_dict()
    assert out["stable"] is False
    assert out["blocking_pairs"] == [{"student": "s1", "place": "p1"}]

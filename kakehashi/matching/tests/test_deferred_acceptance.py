"""Deferred acceptance: stability, optimality, rural hospitals, incentives, textbook cases."""

from __future__ import annotations

from itertools import permutations
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kakehashi.matching import Instance, solve
from kakehashi.matching.tests.brute import fuzz, instances, is_stable, stable_assignments, student_rank


def _matched(assign: Any) -> set[int]:
    return {s for s, p in enumerate(assign) if p >= 0}


@fuzz(150)
@given(instances(), st.sampled_from(["students", "places"]), st.integers(0, 3))
def test_da_is_stable_valid_and_acceptable(data: dict[str, Any], side: str, seed: int) -> None:
    inst = Instance.from_dict(data)
    result = solve(inst, "da", proposing=side, seed=seed)
    assert result.stable, result.report.lines(inst)
    assert is_stable(inst, result.assignment)  # independent oracle
    for s, p in enumerate(result.assignment):
        if p >= 0:
            assert p in inst.student_rankings[s]
            assert s in inst.place_levels[p]
    for p in range(inst.n_places):
        members = [s for s, q in enumerate(result.assignment) if q == p]
        assert len(members) <= inst.capacities[p]
        for g, k in inst.group_caps[p].items():
            assert sum(inst.student_groups[s] == g for s in members) <= k
    assert set(result.to_dict()["assignment"]) == set(inst.student_ids)


@fuzz(80)
@given(instances(), st.integers(0, 3))
def test_student_and_place_optimality_against_all_stable_matchings(data: dict[str, Any], seed: int) -> None:
    # Ties broken by the lottery give a strict instance; DA must be optimal there.
    inst = Instance.from_dict(data).tie_broken(seed)
    stable = stable_assignments(inst)
    best = solve(inst, "da", "students", seed).assignment
    worst = solve(inst, "da", "places", seed).assignment
    assert tuple(best) in stable
    assert tuple(worst) in stable
    for other in stable:
        for s in range(inst.n_students):
            assert student_rank(inst, s, best[s]) <= student_rank(inst, s, other[s])
            assert student_rank(inst, s, worst[s]) >= student_rank(inst, s, other[s])


@fuzz(80)
@given(instances())
def test_rural_hospitals_same_students_matched_in_every_stable_matching(data: dict[str, Any]) -> None:
    inst = Instance.from_dict(data).tie_broken(0)
    stable = stable_assignments(inst)
    assert stable  # a stable matching always exists
    first = stable[0]
    for other in stable[1:]:
        assert _matched(other) == _matched(first)
        for p in range(inst.n_places):
            assert list(other).count(p) == list(first).count(p)


def _misreports(places: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for k in range(len(places) + 1):
        out.extend(list(r) for r in permutations(places, k))
    return out


@fuzz(60)
@given(instances(max_students=4, max_places=3), st.integers(0, 2))
def test_no_student_gains_by_misreporting(data: dict[str, Any], seed: int) -> None:
    inst = Instance.from_dict(data)
    truth = solve(inst, "da", "students", seed).assignment
    for s in range(inst.n_students):
        honest = student_rank(inst, s, truth[s])
        for lie in _misreports(list(range(inst.n_places))):
            fake = Instance.from_dict(data)
            fake.student_rankings[s] = lie
            got = solve(fake, "da", "students", seed).assignment[s]
            assert student_rank(inst, s, got) >= honest, (s, lie)


@fuzz(150)
@given(instances(), st.integers(0, 1000), st.sampled_from(["da", "da-sic"]))
def test_same_seed_same_result(data: dict[str, Any], seed: int, algorithm: str) -> None:
    a = solve(Instance.from_dict(data), algorithm, seed=seed).to_dict()
    b = solve(Instance.from_dict(data), algorithm, seed=seed).to_dict()
    assert a == b


def _marriage(men: dict[str, list[str]], women: dict[str, list[str]]) -> Instance:
    return Instance.from_dict(
        {
            "students": [{"id": m, "ranking": r} for m, r in men.items()],
            "places": [{"id": w, "capacity": 1, "ranking": r} for w, r in women.items()],
        }
    )


def test_gale_shapley_1962_three_by_three() -> None:
    # Gale and Shapley (1962), the 3 x 3 example with a cyclic ranking
    # matrix: men-proposing gives every man his first choice, women-proposing
    # every woman hers, and there is a third stable matching in between.
    inst = _marriage(
        {"alpha": ["A", "B", "C"], "beta": ["B", "C", "A"], "gamma": ["C", "A", "B"]},
        {"A": ["beta", "gamma", "alpha"], "B": ["gamma", "alpha", "beta"], "C": ["alpha", "beta", "gamma"]},
    )
    men = solve(inst, "da", "students").assignment_ids
    women = solve(inst, "da", "places").assignment_ids
    assert men == {"alpha": "A", "beta": "B", "gamma": "C"}
    assert women == {"alpha": "C", "beta": "A", "gamma": "B"}
    assert len(stable_assignments(inst)) == 3


def test_gale_shapley_1962_four_by_four_unique() -> None:
    # Gale and Shapley (1962), the 4 x 4 ranking matrix whose only stable
    # set is alpha-C, beta-D, gamma-A, delta-B.
    inst = _marriage(
        {
            "alpha": ["A", "B", "C", "D"],
            "beta": ["A", "D", "C", "B"],
            "gamma": ["B", "A", "C", "D"],
            "delta": ["D", "B", "C", "A"],
        },
        {
            "A": ["delta", "gamma", "alpha", "beta"],
            "B": ["beta", "delta", "alpha", "gamma"],
            "C": ["delta", "alpha", "beta", "gamma"],
            "D": ["gamma", "beta", "alpha", "delta"],
        },
    )
    expected = {"alpha": "C", "beta": "D", "gamma": "A", "delta": "B"}
    assert solve(inst, "da", "students").assignment_ids == expected
    assert solve(inst, "da", "places").assignment_ids == expected
    assert len(stable_assignments(inst)) == 1


def test_college_admissions_capacity_example() -> None:
    # Roth and Sotomayor (1990) style college admissions: one college with
    # two seats; DA with capacities is stable and student-optimal.
    inst = Instance.from_dict(
        {
            "students": [
                {"id": "s1", "ranking": ["c1", "c2"]},
                {"id": "s2", "ranking": ["c1", "c2"]},
                {"id": "s3", "ranking": ["c1", "c2"]},
            ],
            "places": [
                {"id": "c1", "capacity": 2, "ranking": ["s3", "s1", "s2"]},
                {"id": "c2", "capacity": 1, "ranking": ["s1", "s2", "s3"]},
            ],
        }
    )
    assert solve(inst).assignment_ids == {"s1": "c1", "s2": "c2", "s3": "c1"}


def test_unacceptable_pairs_never_matched() -> None:
    inst = Instance.from_dict(
        {
            "students": [{"id": "s1", "ranking": ["p1"]}, {"id": "s2", "ranking": []}],
            "places": [{"id": "p1", "capacity": 5, "ranking": ["s2"]}],
        }
    )
    for side in ("students", "places"):
        assert solve(inst, "da", side).assignment_ids == {"s1": None, "s2": None}


def test_group_cap_limits_one_college() -> None:
    inst = Instance.from_dict(
        {
            "students": [
                {"id": "k1", "group": "must-kosen", "ranking": ["p1", "p2"]},
                {"id": "k2", "group": "must-kosen", "ranking": ["p1", "p2"]},
                {"id": "u1", "group": "nut", "ranking": ["p1", "p2"]},
            ],
            "places": [
                {"id": "p1", "capacity": 2, "ranking": ["k1", "k2", "u1"], "group_caps": {"must-kosen": 1}},
                {"id": "p2", "capacity": 2, "ranking": ["k1", "k2", "u1"]},
            ],
        }
    )
    for side in ("students", "places"):
        result = solve(inst, "da", side)
        assert result.assignment_ids == {"k1": "p1", "k2": "p2", "u1": "p1"}
        assert result.stable

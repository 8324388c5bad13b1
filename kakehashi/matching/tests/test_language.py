"""A place's minimum Japanese level: warned about or excluded before a run, never seen by the algorithms."""

from typing import Any

import pytest

from kakehashi.matching import Instance, solve
from kakehashi.matching.language import apply_japanese_rule, assigned_below, below_minimum, meets

DATA: dict[str, Any] = {
    "students": [
        {"id": "a1", "japanese": "N4", "ranking": ["p1", "p2"]},
        {"id": "a2", "japanese": None, "ranking": ["p1", "p2"], "ranks": [1, 3]},
        {"id": "a3", "japanese": "N2", "ranking": ["p2", "p1"]},
    ],
    "places": [
        {"id": "p1", "capacity": 2, "min_japanese": "N3", "ranking": [["a1", "a2"], "a3"]},
        {"id": "p2", "capacity": 2, "ranking": ["a2", "a1", "a3"]},
    ],
}


def assignment_of(data: dict[str, Any]) -> dict[str, str | None]:
    result = solve(Instance.from_dict(data), algorithm="da", proposing="students", seed=0)
    inst = result.instance
    return {
        inst.student_ids[s]: (inst.place_ids[p] if p >= 0 else None) for s, p in enumerate(result.assignment)
    }


def test_levels_compare_with_n1_the_best() -> None:
    assert meets("N2", "N3")
    assert meets("N3", "N3")
    assert not meets("N4", "N3")
    assert not meets(None, "N5")
    assert meets(None, "none")
    assert meets(None, None)


def test_it_finds_the_ranked_pairs_below_a_minimum() -> None:
    assert below_minimum(DATA) == [("a1", "p1"), ("a2", "p1")]


def test_ignore_changes_nothing_and_reports_nothing() -> None:
    assert apply_japanese_rule(DATA, "ignore") == (DATA, [])


def test_warn_solves_the_same_instance_and_flags_the_assigned_pairs_below() -> None:
    data, pairs = apply_japanese_rule(DATA, "warn")
    assert data is DATA
    assignment = assignment_of(data)
    assert assignment["a1"] == "p1"  # p1 takes a1 and a2 (its first tie) although below N3
    assert assigned_below(pairs, assignment) == [("a1", "p1"), ("a2", "p1")]


def test_exclude_removes_the_pairs_from_both_rankings_and_keeps_the_shown_ranks() -> None:
    data, pairs = apply_japanese_rule(DATA, "exclude")
    assert pairs == [("a1", "p1"), ("a2", "p1")]
    students = {st["id"]: st for st in data["students"]}
    assert students["a1"]["ranking"] == ["p2"]
    assert students["a2"]["ranking"] == ["p2"]
    assert students["a2"]["ranks"] == [3]  # still the student's own choice number
    p1 = data["places"][0]
    assert p1["ranking"] == ["a3"]
    assert p1["ranks"] == [2]  # a3 stays the company's second rank
    assignment = assignment_of(data)
    assert assigned_below(pairs, assignment) == []
    assert assignment == {"a1": "p2", "a2": "p2", "a3": "p1"}
    assert DATA["students"][0]["ranking"] == ["p1", "p2"]  # the input is not changed


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Japanese rule"):
        apply_japanese_rule(DATA, "strict")

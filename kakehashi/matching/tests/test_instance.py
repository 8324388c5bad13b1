"""Parsing, validation and round trips of the instance format."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from kakehashi.matching import Instance, InstanceError, generate_instance
from kakehashi.matching.tests.brute import fuzz, instances


def _inst(students: list[Any], places: list[Any]) -> dict[str, Any]:
    return {"students": students, "places": places}


@fuzz(100)
@given(instances())
def test_round_trip(data: dict[str, Any]) -> None:
    inst = Instance.from_dict(data)
    again = Instance.from_dict(inst.to_dict())
    assert again.to_dict() == inst.to_dict()
    assert again.place_levels == inst.place_levels
    assert again.student_rankings == inst.student_rankings


def test_levels_and_ties() -> None:
    inst = Instance.from_dict(
        _inst(
            [{"id": "s1", "ranking": ["p1"]}, {"id": "s2", "ranking": []}, {"id": "s3", "ranking": ["p1"]}],
            [{"id": "p1", "capacity": 2, "ranking": ["s3", ["s1", "s2"]]}],
        )
    )
    assert inst.place_levels == [{2: 0, 0: 1, 1: 1}]
    assert inst.has_ties(0)
    assert inst.any_ties
    assert inst.acceptable(0, 0)
    assert not inst.acceptable(1, 0)
    strict = inst.tie_broken(5)
    assert sorted(strict.place_levels[0].values()) == [0, 1, 2]
    assert not strict.any_ties


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "instance must be a JSON object"),
        ({"places": []}, "needs a 'students' list"),
        (_inst([{"id": "s1"}, {"id": "s1"}], []), "duplicate student id 's1'"),
        (_inst([], [{"id": "p1", "capacity": 1}, {"id": "p1", "capacity": 1}]), "duplicate place id 'p1'"),
        (_inst([], [{"id": "p1", "capacity": -1}]), "capacity is negative"),
        (_inst([], [{"id": "p1"}]), "capacity must be an integer"),
        (_inst([{"id": "s1", "ranking": ["p9"]}], []), "ranks unknown place 'p9'"),
        (
            _inst([{"id": "s1", "ranking": ["p1", "p1"]}], [{"id": "p1", "capacity": 1}]),
            "ranks place 'p1' twice",
        ),
        (
            _inst([{"id": "s1"}], [{"id": "p1", "capacity": 1, "ranking": ["s1", "s1"]}]),
            "ranks student 's1' twice",
        ),
        (
            _inst([{"id": "s1"}], [{"id": "p1", "capacity": 1, "ranking": ["s1", ["s1"]]}]),
            "ranks student 's1' twice",
        ),
        (_inst([], [{"id": "p1", "capacity": 1, "ranking": ["s7"]}]), "ranks unknown student 's7'"),
        (_inst([{"id": "s1", "ranking": [["p1"]]}], [{"id": "p1", "capacity": 1}]), "only place rankings"),
        (_inst([{"id": 3}], []), "non-empty string 'id'"),
        (_inst([{"id": "s1", "ranking": "p1"}], [{"id": "p1", "capacity": 1}]), "ranking must be a list"),
        (_inst([], [{"id": "p1", "capacity": 1, "ranking": [[]]}]), "empty tie group"),
        (_inst([], [{"id": "p1", "capacity": 1, "group_caps": {"g": -2}}]), "group cap 'g' is negative"),
        (
            _inst([{"id": "s1", "ranking": ["p1"], "ranks": [1, 2]}], [{"id": "p1", "capacity": 1}]),
            "2 ranks for 1 ranking entries",
        ),
        (
            _inst(
                [{"id": "s1", "ranking": ["p1", "p2"], "ranks": [3, 2]}],
                [{"id": "p1", "capacity": 1}, {"id": "p2", "capacity": 1}],
            ),
            "increasing positive integers",
        ),
        (_inst([{"id": "s1"}], [{"id": "p1", "capacity": 1, "ranking": ["s1"], "ranks": [0]}]), "increasing"),
        (
            _inst([{"id": "s1"}], [{"id": "p1", "capacity": 1, "ranking": ["s1"], "ranks": "1"}]),
            "must be a list",
        ),
    ],
)
def test_bad_input_names_the_problem(data: Any, message: str) -> None:
    with pytest.raises(InstanceError, match=message):
        Instance.from_dict(data)


def test_validate_catches_inconsistent_fields() -> None:
    inst = Instance.from_dict(generate_instance(20, 4, 3, seed=1))
    inst.validate()
    inst.capacities[0] = -1
    with pytest.raises(InstanceError, match="negative capacity"):
        inst.validate()


@pytest.mark.parametrize("kind", ["random", "common-grade"])
def test_generate(kind: str) -> None:
    data = generate_instance(1000, 100, 10, seed=3, kind=kind)
    inst = Instance.from_dict(data)
    assert inst.n_students == 1000
    assert inst.n_places == 100
    assert all(len(r) == 10 for r in inst.student_rankings)
    assert abs(sum(inst.capacities) - 800) <= 20
    applicants = [0] * 100
    for r in inst.student_rankings:
        for p in r:
            applicants[p] += 1
    assert max(applicants) > 3 * sorted(applicants)[50]  # skewed popularity
    ranked = sum(len(lv) for lv in inst.place_levels)
    if kind == "random":
        assert 0.85 * 10000 < ranked < 0.95 * 10000
        assert not inst.any_ties
    else:
        assert ranked == 10000
        assert inst.any_ties
    assert generate_instance(1000, 100, 10, seed=3, kind=kind) == data


def test_shown_ranks_survive_a_round_trip_and_default_to_positions() -> None:
    data = _inst(
        [{"id": "s1", "ranking": ["p2", "p1"], "ranks": [2, 5]}, {"id": "s2", "ranking": ["p1"]}],
        [
            {"id": "p1", "capacity": 1, "ranking": ["s2", "s1"], "ranks": [1, 4]},
            {"id": "p2", "capacity": 1, "ranking": ["s1"]},
        ],
    )
    inst = Instance.from_dict(data)
    assert inst.student_ranks == [[2, 5], [1]]
    assert inst.place_ranks == [[1, 4], [1]]
    inst.validate()
    again = inst.to_dict()
    assert again["students"][0]["ranks"] == [2, 5]
    assert "ranks" not in again["students"][1]
    assert again["places"][0]["ranks"] == [1, 4]
    assert "ranks" not in again["places"][1]

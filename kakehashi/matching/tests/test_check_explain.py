"""check() lists every problem; explain() gives the documented reasons."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kakehashi.matching import Instance, check, explain, solve
from kakehashi.matching.tests.brute import all_assignments, blocks, feasible, fuzz, instances, options

DATA: dict[str, Any] = {
    "students": [
        {"id": "s1", "group": "must-kosen", "ranking": ["p2", "p1"]},
        {"id": "s2", "group": "must-kosen", "ranking": ["p1", "p2"]},
        {"id": "s3", "ranking": ["p1"]},
        {"id": "s4", "ranking": ["p3", "p1"]},
    ],
    "places": [
        {
            "id": "p1",
            "capacity": 2,
            "ranking": ["s3", ["s1", "s2"]],
            "min": 0,
            "group_caps": {"must-kosen": 1},
        },
        {"id": "p2", "capacity": 1, "ranking": ["s2", "s1"], "min": 2},
        {"id": "p3", "capacity": 0, "ranking": ["s4"]},
    ],
}


@fuzz(150)
@given(instances(), st.data())
def test_check_lists_exactly_the_blocking_pairs(data: dict[str, Any], draw: st.DataObject) -> None:
    inst = Instance.from_dict(data)
    # Blocking pairs are defined for feasible assignments (acceptability,
    # capacities, group caps); any one of them, stable or not.
    assign = list(draw.draw(st.sampled_from(list(all_assignments(inst)))))
    report = check(inst, assign)
    expected = {
        (u, p) for u in range(inst.n_students) for p in inst.student_rankings[u] if blocks(inst, assign, u, p)
    }
    assert set(report.blocking_pairs) == expected
    assert report.violations == []


@fuzz(150)
@given(instances(), st.data())
def test_check_flags_every_infeasible_assignment(data: dict[str, Any], draw: st.DataObject) -> None:
    inst = Instance.from_dict(data)
    assign = [draw.draw(st.sampled_from(options(inst, s))) for s in range(inst.n_students)]
    assert (check(inst, assign).violations == []) == feasible(inst, assign)


def test_check_reports_each_kind_of_violation() -> None:
    inst = Instance.from_dict(DATA)
    report = check(inst, {"s1": "p1", "s2": "p1", "s3": "p2", "s4": None})
    text = "\n".join(report.lines(inst))
    assert "place p1 holds 2 students of group must-kosen, cap 1" in text
    assert "student s3 is assigned to p2, which they did not rank" in text
    assert "place p2 is assigned student s3, whom it did not rank" in text
    assert "student s3 prefers p1" in text  # p1 ranks s3 first: a blocking pair
    assert "below its soft minimum 2" in text
    assert not report.ok

    report = check(inst, {"s1": "p2", "s2": "p2"})
    text = "\n".join(report.lines(inst))
    assert "place p2 holds 2 students, capacity 1" in text
    assert "student s3 is missing from the assignment" in text


def test_solved_result_passes_check_and_notes_soft_minimum() -> None:
    inst = Instance.from_dict(DATA)
    result = solve(inst, "da-sic", seed=3)
    assert result.stable
    report = check(inst, result.assignment_ids)
    assert report.ok
    assert report.notes == ["place p2 holds 1 students, below its soft minimum 2"]
    assert result.summary()["below_minimum"] == [{"place": "p2", "min": 2, "assigned": 1}]
    assert result.summary()["by_group"]["must-kosen"] == {"students": 2, "matched": 2}


def test_explanations_name_the_reason_and_last_admitted_rank() -> None:
    inst = Instance.from_dict(DATA)
    # s1 at p1 (its 2nd choice): p2 took s2, ranked 1, above s1 (rank 2).
    ex = explain(inst, {"s1": "p1", "s2": "p2", "s3": "p1", "s4": None})
    s1 = ex["students"]["s1"]
    assert s1["assigned"] == "p1"
    assert s1["rank"] == 2
    assert s1["higher"] == [
        {
            "place": "p2",
            "your_rank": 2,
            "last_admitted_rank": 1,
            "reason": "ranked_below_admitted",
            "text": "p2 is full; it ranked you 2 and the last student it took is ranked 1.",
        }
    ]
    # s2 got its 2nd choice; p1 has its must-kosen seat taken by s1, tied with s2.
    assert ex["students"]["s2"]["higher"][0]["reason"] == "tie_lottery"
    # s4: p3 has no seats; p1 did not rank s4.
    reasons = [h["reason"] for h in ex["students"]["s4"]["higher"]]
    assert reasons == ["no_seats", "not_ranked"]
    assert ex["students"]["s4"]["assigned"] is None
    p1 = ex["places"]["p1"]
    assert p1["admitted"] == ["s3", "s1"]
    assert p1["last_admitted_rank"] == 2
    assert {e["student"]: e["reason"] for e in p1["not_taken"]} == {"s2": "tie_lottery", "s4": "not_ranked"}
    p2 = ex["places"]["p2"]
    assert {e["student"]: e["reason"] for e in p2["not_taken"]} == {"s1": "ranked_below_admitted"}


def test_explanations_group_cap_and_not_stable() -> None:
    inst = Instance.from_dict(
        {
            "students": [
                {"id": "k1", "group": "g", "ranking": ["p"]},
                {"id": "k2", "group": "g", "ranking": ["p", "q"]},
                {"id": "u", "ranking": ["p"]},
            ],
            "places": [
                {"id": "p", "capacity": 3, "ranking": ["k1", "k2", "u"], "group_caps": {"g": 1}},
                {"id": "q", "capacity": 1, "ranking": ["k2"]},
            ],
        }
    )
    ex = explain(inst, {"k1": "p", "k2": "q", "u": "p"})
    why = ex["students"]["k2"]["higher"][0]
    assert why["reason"] == "group_cap"
    assert why["last_admitted_rank"] == 1
    ex = explain(inst, {"k1": None, "k2": "q", "u": "p"})
    assert ex["students"]["k1"]["higher"][0]["reason"] == "not_stable"
    assert ex["places"]["q"]["not_taken"] == []
    assert ex["places"]["p"]["not_taken"][0] == {"student": "k1", "reason": "not_stable", "assigned": None}


def test_explain_in_result_and_got_higher_choice() -> None:
    inst = Instance.from_dict(DATA)
    out = solve(inst, "da", seed=0, explain=True).to_dict()
    assert set(out["explanations"]["students"]) == set(inst.student_ids)
    entries = list(out["explanations"]["places"]["p2"]["not_taken"])
    for e in entries:
        assert e["reason"] in {"got_higher_choice", "ranked_below_admitted", "tie_lottery"}


def test_explanations_and_summary_show_the_original_ranks_of_a_trimmed_ranking() -> None:
    """A second run drops full places: s1's first choice is gone, so p2 is the first entry left, but the
    student ranked it 2nd and the company ranked them 3rd of its own list; that is what is shown."""
    data: dict[str, Any] = {
        "students": [
            {"id": "s1", "ranking": ["p1", "p2"], "ranks": [2, 3]},
            {"id": "s2", "ranking": ["p1"], "ranks": [4]},
        ],
        "places": [
            {"id": "p1", "capacity": 1, "ranking": ["s2", "s1"], "ranks": [2, 3]},
            {"id": "p2", "capacity": 1, "ranking": ["s1"], "ranks": [5]},
        ],
    }
    result = solve(Instance.from_dict(data), explain=True)
    assert result.assignment_ids == {"s1": "p2", "s2": "p1"}
    explanations = result.to_dict()["explanations"]
    s1 = explanations["students"]["s1"]
    assert s1["rank"] == 3
    assert s1["higher"][0]["your_rank"] == 3
    assert s1["higher"][0]["last_admitted_rank"] == 2
    assert "ranked you 3" in s1["higher"][0]["text"]
    assert explanations["students"]["s2"]["rank"] == 4
    assert explanations["places"]["p1"]["last_admitted_rank"] == 2
    summary = result.summary()
    assert summary["by_rank"] == {"3": 1, "4": 1}
    assert summary["rank_sum"] == 7

"""Entry points: :func:`solve`, :func:`check`, :func:`explain` and :class:`Result`.

Typical use from the platform::

    from kakehashi.matching import Instance, solve

    inst = Instance.from_dict(data)            # InstanceError on bad input
    result = solve(inst, algorithm="da-sic", seed=42, explain=True)
    result.to_dict()                           # JSON-ready, see docs/matching.md
    result.assignment_ids                      # {"s1": "p1", "s2": None, ...}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .check import CheckReport, assignment_from_ids, check_assignment
from .deferred_acceptance import place_proposing, student_proposing
from .explain import explain_assignment
from .instance import Instance, paused_gc

__all__ = ["ALGORITHMS", "PROPOSING", "Result", "check", "explain", "solve"]

ALGORITHMS = ("da", "da-sic", "rank-maximal", "min-rank-sum")
PROPOSING = ("students", "places")


@dataclass
class Result:
    """An assignment with its check report and, on request, explanations."""

    instance: Instance
    assignment: list[int]  # place index per student, -1 when unmatched
    algorithm: str
    proposing: str | None
    seed: int | None
    report: CheckReport
    explanations: dict[str, Any] | None = None

    @property
    def stable(self) -> bool:
        """No blocking pair and no capacity, group-cap or acceptability violation."""
        return self.report.ok

    @property
    def assignment_ids(self) -> dict[str, str | None]:
        pids = self.instance.place_ids
        return {
            sid: (pids[p] if p >= 0 else None)
            for sid, p in zip(self.instance.student_ids, self.assignment, strict=True)
        }

    def summary(self) -> dict[str, Any]:
        inst = self.instance
        by_rank: dict[int, int] = {}
        by_group: dict[str, dict[str, int]] = {}
        rank_sum = 0
        matched = 0
        for s, p in enumerate(self.assignment):
            g = inst.student_groups[s]
            row = by_group.setdefault("(none)" if g is None else g, {"students": 0, "matched": 0})
            row["students"] += 1
            if p < 0:
                continue
            matched += 1
            row["matched"] += 1
            ranking = inst.student_rankings[s]
            if p in ranking:
                r = inst.student_rank(s, ranking.index(p))
                by_rank[r] = by_rank.get(r, 0) + 1
                rank_sum += r
        load = [0] * inst.n_places
        for p in self.assignment:
            if p >= 0:
                load[p] += 1
        below = [
            {"place": inst.place_ids[p], "min": inst.minimums[p], "assigned": load[p]}
            for p in range(inst.n_places)
            if load[p] < inst.minimums[p]
        ]
        return {
            "algorithm": self.algorithm,
            "proposing": self.proposing,
            "seed": self.seed,
            "students": inst.n_students,
            "matched": matched,
            "unmatched": inst.n_students - matched,
            "by_rank": {str(r): by_rank[r] for r in sorted(by_rank)},
            "rank_sum": rank_sum,
            "by_group": dict(sorted(by_group.items())),
            "below_minimum": below,
        }

    def to_dict(self, *, assignment: bool = True) -> dict[str, Any]:
        """JSON-ready; without the assignment (and explanations) when ``assignment`` is false, for a
        caller that stores them apart (the platform keeps one row per student)."""
        sids, pids = self.instance.student_ids, self.instance.place_ids
        out: dict[str, Any] = {
            "stable": self.stable,
            "blocking_pairs": [{"student": sids[s], "place": pids[p]} for s, p in self.report.blocking_pairs],
            "violations": list(self.report.violations),
            "summary": self.summary(),
        }
        if not assignment:
            return out
        out = {"assignment": self.assignment_ids, **out}
        if self.explanations is not None:
            out["explanations"] = self.explanations
        return out


def solve(
    instance: Instance,
    algorithm: str = "da",
    proposing: str = "students",
    seed: int = 0,
    explain: bool = False,
) -> Result:
    """Compute an assignment.

    ``algorithm``: ``"da"`` (deferred acceptance, ties broken by the seeded
    lottery), ``"da-sic"`` (then stable improvement cycles),
    ``"rank-maximal"`` or ``"min-rank-sum"`` (welfare comparisons; need
    scipy; ignore group caps).  ``proposing`` (``"students"`` or
    ``"places"``) and ``seed`` only matter for the DA algorithms.
    """
    with paused_gc():
        return _solve(instance, algorithm, proposing, seed, explain)


def _solve(instance: Instance, algorithm: str, proposing: str, seed: int, explain: bool) -> Result:
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
    if proposing not in PROPOSING:
        raise ValueError(f"unknown proposing side {proposing!r}; choose students or places")
    if algorithm in ("da", "da-sic"):
        run = student_proposing if proposing == "students" else place_proposing
        assign = run(instance, seed)
        if algorithm == "da-sic":
            from .improvement_cycles import improve

            assign = improve(instance, assign)
        side: str | None = proposing
        used_seed: int | None = seed
    else:
        from . import welfare

        assign = (
            welfare.rank_maximal(instance) if algorithm == "rank-maximal" else welfare.min_rank_sum(instance)
        )
        side = used_seed = None
    report = check_assignment(instance, assign)
    result = Result(instance, assign, algorithm, side, used_seed, report)
    if explain:
        result.explanations = explain_assignment(instance, assign)
    return result


def _as_indices(
    instance: Instance, assignment: Mapping[str, str | None] | list[int]
) -> tuple[list[int], list[str]]:
    if isinstance(assignment, list):
        return list(assignment), []
    return assignment_from_ids(instance, assignment)


def check(instance: Instance, assignment: Mapping[str, str | None] | list[int]) -> CheckReport:
    """Check an assignment given as ``{student_id: place_id or None}`` (or indices).

    Returns a :class:`CheckReport`: ``ok``, ``blocking_pairs`` (index pairs;
    see :meth:`CheckReport.lines` for readable text), ``violations`` and
    ``notes``.  Raises :class:`InstanceError` for unknown ids.
    """
    assign, missing = _as_indices(instance, assignment)
    report = check_assignment(instance, assign)
    report.violations[:0] = missing
    return report


def explain(instance: Instance, assignment: Mapping[str, str | None] | list[int]) -> dict[str, Any]:
    """Explanations for any assignment (see :mod:`kakehashi.matching.explain`)."""
    assign, _ = _as_indices(instance, assignment)
    return explain_assignment(instance, assign)

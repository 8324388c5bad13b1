"""Explanations: why each student got their place and not a better one.

For every student: the place obtained (or none) and, for each place they
ranked higher, one reason, with a code and a sentence:

``not_ranked``
    The place did not rank the student (the pair is unacceptable).
``no_seats``
    The place has capacity 0.
``ranked_below_admitted``
    The place is full and ranked the student below every student it took;
    ``last_admitted_rank`` is the rank of the lowest-ranked one it took.
``group_cap``
    The place took its cap of students of the student's group, all ranked
    above the student (``last_admitted_rank`` is the lowest of those).
``tie_lottery``
    The student is tied with the lowest-ranked student the place took; the
    seeded lottery put the other student first.
``not_stable``
    The place took someone it ranks lower or left a seat free: the pair
    blocks.  Only a welfare algorithm (or a hand-made assignment) does this.

Ranks are 1-based.  A place's rank of a student is the position of the
entry the student appears in, so tied students share a rank.  Ranks are
the ones the instance shows (``Instance.student_ranks`` and
``place_ranks``): the original numbers when a ranking was trimmed.

For every place: its admitted students (best first) and every student who
ranked it and was not taken, with the reason from the student's side, or
``got_higher_choice`` when the student got a place they ranked higher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .check import UNRANKED, PlaceStats, place_stats
from .instance import Instance

__all__ = ["Explainer", "explain_assignment"]


def _reasoner(inst: Instance, stats: PlaceStats, texts: bool = True) -> Callable[[int, int], dict[str, Any]]:
    """``why(u, p)``: why student u did not get place p, which they ranked above their own; with the
    English sentence unless ``texts`` is False.

    A run of 100,000 students asks this 900,000 times: what is the same for every student a place did
    not take (whether it is full, the rank of the last student it took) is worked out once per place,
    and the instance's lists are bound here rather than looked up on each call."""
    place_ids, levels_of, rank = inst.place_ids, inst.place_levels, inst.place_rank
    capacities, student_groups, group_caps = inst.capacities, inst.student_groups, inst.group_caps
    worst_of, group_count, group_worst = stats.worst, stats.group_count, stats.group_worst
    full = [len(stats.members[p]) >= capacities[p] for p in range(inst.n_places)]

    def last_rank(p: int, worst: int) -> int | None:
        return None if worst < 0 or worst >= UNRANKED else rank(p, worst)

    last_of = [last_rank(p, worst_of[p]) for p in range(inst.n_places)]

    def why(u: int, p: int) -> dict[str, Any]:
        pid = place_ids[p]
        lv = levels_of[p].get(u)
        out: dict[str, Any]
        if lv is None:
            out = {"place": pid, "reason": "not_ranked"}
            if texts:
                out["text"] = f"{pid} did not rank you."
            return out
        mine = rank(p, lv)
        if capacities[p] == 0:
            out = {"place": pid, "reason": "no_seats", "your_rank": mine}
            if texts:
                out["text"] = f"{pid} has no seats."
            return out
        g = student_groups[u]
        gc = group_caps[p]
        if gc and g is not None and g in gc and group_count[p][g] >= gc[g]:
            worst = group_worst[p][g]
            last = last_rank(p, worst)
            code = "group_cap"
            what = f"{pid} took its limit of {gc[g]} students of group {g}"
        elif not full[p]:
            worst, last, code, what = UNRANKED + 1, None, "", ""
        else:
            worst, last = worst_of[p], last_of[p]
            code = "ranked_below_admitted"
            what = f"{pid} is full"
        out = {"place": pid, "your_rank": mine, "last_admitted_rank": last}
        if worst < lv:
            out["reason"] = code
            if texts:
                out["text"] = f"{what}; it ranked you {mine} and the last student it took is ranked {last}."
        elif worst == lv:
            out["reason"] = "tie_lottery"
            if texts:
                out["text"] = (
                    f"{what}; you are tied at rank {mine} with the last student it took "
                    "and the seeded lottery put that student first."
                )
        else:
            out["reason"] = "not_stable"
            if texts:
                out["text"] = (
                    f"{pid} ranked you {mine} but left a seat free or took a student it ranks lower: "
                    "this assignment is not stable."
                )
        return out

    return why


class Explainer:
    """The explanations of ``assign`` one student, then one place, at a time: a caller that stores
    them (the platform writes one row each) never holds them all. Students first: going through them
    records, compactly, who each place did not take; then the places.

    ``explain_assignment`` gives the same explanations as one dict."""

    def __init__(self, inst: Instance, assign: list[int], *, texts: bool = True) -> None:
        """``texts=False`` leaves out the English sentences (a caller that words them itself from the
        codes and ranks stores about half as much)."""
        self.inst = inst
        self.texts = texts
        self.assign = assign
        self.stats = place_stats(inst, assign)
        # Per place: (student, reason code) in the students' order; the student's place is in assign.
        self._not_taken: list[list[tuple[int, str]]] = [[] for _ in range(inst.n_places)]
        self._students_done = False

    def students(self) -> Iterator[tuple[str, dict[str, Any]]]:
        inst, assign = self.inst, self.assign
        sids, pids = inst.student_ids, inst.place_ids
        not_taken = self._not_taken
        reason = _reasoner(inst, self.stats, self.texts)
        for u, ranking in enumerate(inst.student_rankings):
            cur = assign[u]
            higher: list[dict[str, Any]] = []
            above = True
            entry: dict[str, Any] | None = None
            for i, p in enumerate(ranking):
                if p == cur:
                    above = False
                    entry = {"assigned": pids[p], "rank": inst.student_rank(u, i), "higher": higher}
                    continue
                if above:
                    why = reason(u, p)
                    higher.append(why)
                    not_taken[p].append((u, why["reason"]))
                else:
                    not_taken[p].append((u, "got_higher_choice"))
            if entry is None:
                entry = {"assigned": None if cur < 0 else pids[cur], "rank": None, "higher": higher}
            yield sids[u], entry
        self._students_done = True

    def places(self) -> Iterator[tuple[str, dict[str, Any]]]:
        if not self._students_done:
            for _ in self.students():
                pass
        inst, assign, stats = self.inst, self.assign, self.stats
        sids, pids = inst.student_ids, inst.place_ids
        for p, pid in enumerate(pids):
            levels = inst.place_levels[p]
            admitted = sorted(stats.members[p], key=lambda s: (levels.get(s, UNRANKED), sids[s]))
            worst = stats.worst[p]
            yield (
                pid,
                {
                    "capacity": inst.capacities[p],
                    "admitted": [sids[s] for s in admitted],
                    "last_admitted_rank": None
                    if worst < 0 or worst >= UNRANKED
                    else inst.place_rank(p, worst),
                    "not_taken": [
                        {
                            "student": sids[u],
                            "reason": reason,
                            "assigned": None if assign[u] < 0 else pids[assign[u]],
                        }
                        for u, reason in self._not_taken[p]
                    ],
                },
            )


def explain_assignment(inst: Instance, assign: list[int]) -> dict[str, Any]:
    """Per-student and per-place explanations of ``assign`` (see module doc)."""
    explainer = Explainer(inst, assign)
    students = dict(explainer.students())
    places = dict(explainer.places())
    return {"students": students, "places": places}

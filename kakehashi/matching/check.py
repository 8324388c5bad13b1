"""Check an assignment: validity (capacity, group caps, acceptability) and stability.

Stability is judged on the place rankings *as given*, ties included (weak
stability): the seeded lottery is only a way to pick one stable assignment,
not a preference anyone stated.

Blocking pair, with capacities and group caps.  Student u and place p block
the assignment when u ranks p above what u got, p ranked u, and p could take
u by dropping *at most one* student it ranks strictly below u, without
exceeding its capacity or any group cap.  Concretely, with g = u's group:

* if g is capped at p and p already holds its cap of g, u blocks only if p
  holds a student of g ranked strictly below u (u would take that seat);
* otherwise u blocks if p has a free seat, or holds anyone ranked strictly
  below u.

For strict rankings this is exactly "p would choose u from its students plus
u" under the greedy choice rule used by deferred acceptance, so deferred
acceptance output always passes.  Soft minimums are never violations; places
below their minimum are reported as notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .instance import Instance, InstanceError

__all__ = ["CheckReport", "PlaceStats", "assignment_from_ids", "check_assignment", "place_stats"]

UNRANKED = 1 << 60  # level given to an admitted student the place did not rank


@dataclass
class PlaceStats:
    """What a place holds: its students, and its worst admitted level overall and per capped group."""

    members: list[list[int]]
    worst: list[int]  # -1 when empty
    group_count: list[dict[str, int]]
    group_worst: list[dict[str, int]]


@dataclass
class CheckReport:
    """Everything wrong with an assignment; ``ok`` when nothing is."""

    blocking_pairs: list[tuple[int, int]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blocking_pairs and not self.violations

    def lines(self, inst: Instance) -> list[str]:
        """One readable line per problem, violations first, then notes."""
        sids, pids = inst.student_ids, inst.place_ids
        out = list(self.violations)
        out += [
            f"blocking pair: student {sids[s]} prefers {pids[p]}, which could take them"
            for s, p in self.blocking_pairs
        ]
        out += [f"note: {n}" for n in self.notes]
        return out


def place_stats(inst: Instance, assign: list[int]) -> PlaceStats:
    m = inst.n_places
    members: list[list[int]] = [[] for _ in range(m)]
    for s, p in enumerate(assign):
        if p >= 0:
            members[p].append(s)
    worst = [-1] * m
    gcount: list[dict[str, int]] = [dict.fromkeys(gc, 0) for gc in inst.group_caps]
    gworst: list[dict[str, int]] = [dict.fromkeys(gc, -1) for gc in inst.group_caps]
    groups = inst.student_groups
    for p in range(m):
        levels = inst.place_levels[p]
        gc = inst.group_caps[p]
        w = -1
        for s in members[p]:
            lv = levels.get(s, UNRANKED)
            if lv > w:
                w = lv
            g = groups[s]
            if gc and g is not None and g in gc:
                gcount[p][g] += 1
                if lv > gworst[p][g]:
                    gworst[p][g] = lv
        worst[p] = w
    return PlaceStats(members, worst, gcount, gworst)


def blocking_pairs(inst: Instance, assign: list[int], stats: PlaceStats) -> list[tuple[int, int]]:
    """Every (student, place) pair that blocks ``assign`` (definition above)."""
    caps = inst.capacities
    gcaps = inst.group_caps
    levels = inst.place_levels
    groups = inst.student_groups
    members = stats.members
    worst = stats.worst
    out: list[tuple[int, int]] = []
    if not any(gcaps):
        # Fast path: u blocks with p iff p ranked u above this threshold.
        big = UNRANKED + 1
        thr = [big if len(members[p]) < caps[p] else worst[p] for p in range(len(caps))]
        add = out.append
        for u, lst in enumerate(inst.student_rankings):
            cur = assign[u]
            for p in lst:
                if p == cur:
                    break
                lv = levels[p].get(u)
                if lv is not None and lv < thr[p]:
                    add((u, p))
        return out
    for u, lst in enumerate(inst.student_rankings):
        cur = assign[u]
        g = groups[u]
        for p in lst:
            if p == cur:
                break
            lv = levels[p].get(u)
            if lv is None:
                continue
            gc = gcaps[p]
            if gc and g is not None and g in gc and stats.group_count[p][g] >= gc[g]:
                if stats.group_worst[p][g] > lv:
                    out.append((u, p))
            elif len(members[p]) < caps[p] or worst[p] > lv:
                out.append((u, p))
    return out


def check_assignment(inst: Instance, assign: list[int]) -> CheckReport:
    """Blocking pairs, violations and soft-minimum notes for ``assign``."""
    sids, pids = inst.student_ids, inst.place_ids
    report = CheckReport()
    stats = place_stats(inst, assign)
    for s, p in enumerate(assign):
        if p < 0:
            continue
        if p not in inst.student_rankings[s]:
            report.violations.append(f"student {sids[s]} is assigned to {pids[p]}, which they did not rank")
        if s not in inst.place_levels[p]:
            report.violations.append(f"place {pids[p]} is assigned student {sids[s]}, whom it did not rank")
    for p in range(inst.n_places):
        held = len(stats.members[p])
        if held > inst.capacities[p]:
            report.violations.append(f"place {pids[p]} holds {held} students, capacity {inst.capacities[p]}")
        for g, k in inst.group_caps[p].items():
            if stats.group_count[p][g] > k:
                report.violations.append(
                    f"place {pids[p]} holds {stats.group_count[p][g]} students of group {g}, cap {k}"
                )
        if held < inst.minimums[p]:
            report.notes.append(
                f"place {pids[p]} holds {held} students, below its soft minimum {inst.minimums[p]}"
            )
    report.blocking_pairs = blocking_pairs(inst, assign, stats)
    return report


def assignment_from_ids(inst: Instance, mapping: object) -> tuple[list[int], list[str]]:
    """Turn ``{"s1": "p1", "s2": null}`` into indices.

    Unknown ids raise :class:`InstanceError` (bad input); students missing
    from the mapping are returned as violations and treated as unmatched.
    """
    if not isinstance(mapping, Mapping):
        raise InstanceError("result needs an 'assignment' object mapping student ids to place ids")
    sidx, pidx = inst.student_index, inst.place_index
    assign = [-1] * inst.n_students
    seen = [False] * inst.n_students
    for sid, pid in mapping.items():
        s = sidx.get(sid)
        if s is None:
            raise InstanceError(f"result assigns unknown student {sid!r}")
        seen[s] = True
        if pid is None:
            continue
        p = pidx.get(pid) if isinstance(pid, str) else None
        if p is None:
            raise InstanceError(f"result assigns student {sid!r} to unknown place {pid!r}")
        assign[s] = p
    missing = [
        f"student {inst.student_ids[s]} is missing from the assignment"
        for s in range(inst.n_students)
        if not seen[s]
    ]
    return assign, missing

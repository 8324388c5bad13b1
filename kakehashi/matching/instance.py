"""The matching instance: who ranks whom, capacities and group constraints.

An :class:`Instance` is built from the JSON-shaped dict described in
``docs/matching.md`` with :meth:`Instance.from_dict` and turned back with
:meth:`Instance.to_dict`.  Internally every student and place is an integer
index, because at 100,000 students almost all the time of a run goes into
this conversion: the parser therefore works on plain lists and dicts and
never builds one object per ranking entry.

Conventions used by every algorithm module:

* ``student_rankings[s]`` lists place indices, best first (strict).
* ``place_levels[p]`` maps a student index to its 0-based *level* in the
  place's ranking: the position of the entry it appears in, so students in
  one tie group share a level.  A student absent from the dict was not
  ranked by the place and is unacceptable to it.
* A pair (s, p) is *acceptable* only when both sides ranked each other.
* ``student_ranks[s][i]`` is the rank *shown* for the i-th entry of s's
  ranking, and ``place_ranks[p][lv]`` the rank shown for level ``lv`` of
  p's ranking.  Both default to the position (1, 2, 3, ...).  A caller that
  passes a trimmed ranking (a second run drops the places already full)
  gives the original numbers here, so explanations and statistics speak of
  the student's own "choice number 3", not "the 2nd of what is left".  They
  only label; every algorithm works on the order, which is the same.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Instance", "InstanceError", "paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Parsing and solving allocate millions of lists, dicts and ints that form
    no reference cycles; collections triggered by those allocations alone
    took about 40% of a 100,000-student run.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class InstanceError(ValueError):
    """The input does not describe a valid instance (one readable line)."""


def _fail(message: str) -> InstanceError:
    return InstanceError(message)


@dataclass
class Instance:
    """A two-sided matching instance with integer indices.

    Build it with :meth:`from_dict`; the fields are public so the Django
    app (or a test) can also build one directly, in which case
    :meth:`validate` checks the invariants the algorithms rely on.
    """

    student_ids: list[str]
    place_ids: list[str]
    student_rankings: list[list[int]]
    place_levels: list[dict[int, int]]
    capacities: list[int]
    student_groups: list[str | None] = field(default_factory=list)
    minimums: list[int] = field(default_factory=list)
    group_caps: list[dict[str, int]] = field(default_factory=list)
    student_ranks: list[list[int]] = field(default_factory=list)
    place_ranks: list[list[int]] = field(default_factory=list)
    # Cached lookups, filled lazily: id -> index.
    _student_index: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _place_index: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _tied: list[bool] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        n, m = len(self.student_ids), len(self.place_ids)
        if not self.student_groups:
            self.student_groups = [None] * n
        if not self.minimums:
            self.minimums = [0] * m
        if not self.group_caps:
            self.group_caps = [{} for _ in range(m)]
        if not self.student_ranks:
            self.student_ranks = [list(range(1, len(r) + 1)) for r in self.student_rankings]
        if not self.place_ranks:
            self.place_ranks = [list(range(1, max(lv.values(), default=-1) + 2)) for lv in self.place_levels]

    # ------------------------------------------------------------------ sizes
    @property
    def n_students(self) -> int:
        return len(self.student_ids)

    @property
    def n_places(self) -> int:
        return len(self.place_ids)

    @property
    def student_index(self) -> dict[str, int]:
        if self._student_index is None:
            self._student_index = {sid: i for i, sid in enumerate(self.student_ids)}
        return self._student_index

    @property
    def place_index(self) -> dict[str, int]:
        if self._place_index is None:
            self._place_index = {pid: i for i, pid in enumerate(self.place_ids)}
        return self._place_index

    def student_rank(self, s: int, i: int) -> int:
        """The rank shown for the i-th (0-based) entry of student s's ranking."""
        return self.student_ranks[s][i]

    def place_rank(self, p: int, level: int) -> int:
        """The rank shown for 0-based level ``level`` of place p's ranking."""
        ranks = self.place_ranks[p]
        return ranks[level] if level < len(ranks) else level + 1

    @property
    def has_group_caps(self) -> bool:
        return any(self.group_caps)

    def has_ties(self, p: int) -> bool:
        """True when some level of place ``p`` holds more than one student."""
        if self._tied is None:
            self._tied = [len(set(lv.values())) != len(lv) for lv in self.place_levels]
        return self._tied[p]

    @property
    def any_ties(self) -> bool:
        return any(self.has_ties(p) for p in range(self.n_places))

    def lottery_and_inverse(self, seed: int) -> tuple[list[int], list[int]]:
        """The lottery draws and, per draw, the student (identity when there are no ties)."""
        if not self.any_ties:
            ident = list(range(self.n_students))
            return ident, ident
        draw = self.lottery(seed)
        inverse = [0] * len(draw)
        for s, d in enumerate(draw):
            inverse[d] = s
        return draw, inverse

    def acceptable(self, s: int, p: int) -> bool:
        return s in self.place_levels[p] and p in self.student_rankings[s]

    def lottery(self, seed: int) -> list[int]:
        """The seeded single lottery: ``lottery[s]`` is s's draw, lower wins.

        One draw per student used by every place ("single tie-breaking"):
        it depends only on the seed and the number of students, so the same
        seed always breaks the same ties the same way.
        """
        draw = list(range(self.n_students))
        # A published seed must reproduce the draw: a seeded PRNG is the point.
        random.Random(seed).shuffle(draw)
        return draw

    def strict_keys(self, seed: int) -> list[dict[int, int]]:
        """Per place, student -> strict priority key (lower is better).

        Places without ties keep their level as key (same dict, no copy);
        tied students are ordered by the seeded lottery.
        """
        n = self.n_students
        lottery: list[int] | None = None
        keys: list[dict[int, int]] = []
        for p, levels in enumerate(self.place_levels):
            if self.has_ties(p):
                if lottery is None:
                    lottery = self.lottery(seed)
                keys.append({s: lv * n + lottery[s] for s, lv in levels.items()})
            else:
                keys.append(levels)
        return keys

    def tie_broken(self, seed: int) -> Instance:
        """A copy whose place rankings are strict, ties broken by the lottery."""
        keys = self.strict_keys(seed)
        levels = []
        for kd in keys:
            order = sorted(kd, key=kd.__getitem__)
            levels.append({s: i for i, s in enumerate(order)})
        return Instance(
            student_ids=list(self.student_ids),
            place_ids=list(self.place_ids),
            student_rankings=[list(r) for r in self.student_rankings],
            place_levels=levels,
            capacities=list(self.capacities),
            student_groups=list(self.student_groups),
            minimums=list(self.minimums),
            group_caps=[dict(g) for g in self.group_caps],
            # Place levels are renumbered here, so the place's shown ranks no longer apply to them.
            student_ranks=[list(r) for r in self.student_ranks],
        )

    def place_ranking(self, p: int) -> list[list[int]]:
        """Place ``p``'s ranking as a list of tie groups (best first)."""
        by_level: dict[int, list[int]] = {}
        for s, lv in self.place_levels[p].items():
            by_level.setdefault(lv, []).append(s)
        return [sorted(by_level[lv]) for lv in sorted(by_level)]

    # ------------------------------------------------------------ validation
    def validate(self) -> None:
        """Raise :class:`InstanceError` if the integer fields are inconsistent."""
        n, m = self.n_students, self.n_places
        if len(set(self.student_ids)) != n:
            raise _fail("duplicate student id")
        if len(set(self.place_ids)) != m:
            raise _fail("duplicate place id")
        for field_name, seq, size in (
            ("student_rankings", self.student_rankings, n),
            ("student_groups", self.student_groups, n),
            ("place_levels", self.place_levels, m),
            ("capacities", self.capacities, m),
            ("minimums", self.minimums, m),
            ("group_caps", self.group_caps, m),
            ("student_ranks", self.student_ranks, n),
            ("place_ranks", self.place_ranks, m),
        ):
            if len(seq) != size:
                raise _fail(f"{field_name} has {len(seq)} entries, expected {size}")
        for s, ranking in enumerate(self.student_rankings):
            if len(set(ranking)) != len(ranking):
                raise _fail(f"student {self.student_ids[s]!r} ranks a place twice")
            if any(not 0 <= p < m for p in ranking):
                raise _fail(f"student {self.student_ids[s]!r} ranks an unknown place")
            _check_ranks(self.student_ranks[s], len(ranking), f"student {self.student_ids[s]!r}")
        for p in range(m):
            if self.capacities[p] < 0:
                raise _fail(f"place {self.place_ids[p]!r} has a negative capacity")
            if any(not 0 <= s < n for s in self.place_levels[p]):
                raise _fail(f"place {self.place_ids[p]!r} ranks an unknown student")
            levels = max(self.place_levels[p].values(), default=-1) + 1
            _check_ranks(self.place_ranks[p], levels, f"place {self.place_ids[p]!r}")

    # ------------------------------------------------------------- from dict
    @classmethod
    def from_dict(cls, data: Any) -> Instance:
        """Parse the JSON instance format; raise :class:`InstanceError` on bad input."""
        with paused_gc():
            return cls._from_dict(data)

    @classmethod
    def _from_dict(cls, data: Any) -> Instance:
        if not isinstance(data, dict):
            raise _fail("instance must be a JSON object with 'students' and 'places'")
        students = data.get("students")
        places = data.get("places")
        if not isinstance(students, list):
            raise _fail("instance needs a 'students' list")
        if not isinstance(places, list):
            raise _fail("instance needs a 'places' list")

        place_ids = [_entity_id(pl, "place", i) for i, pl in enumerate(places)]
        pidx = {pid: i for i, pid in enumerate(place_ids)}
        if len(pidx) != len(place_ids):
            raise _fail(f"duplicate place id {_first_duplicate(place_ids)!r}")
        student_ids = [_entity_id(st, "student", i) for i, st in enumerate(students)]
        sidx = {sid: i for i, sid in enumerate(student_ids)}
        if len(sidx) != len(student_ids):
            raise _fail(f"duplicate student id {_first_duplicate(student_ids)!r}")

        rankings, groups, student_ranks = _student_rankings(students, pidx, place_ids)
        place_ranks: list[list[int]] = []
        levels: list[dict[int, int]] = []
        tied: list[bool] = []
        capacities: list[int] = []
        minimums: list[int] = []
        caps: list[dict[str, int]] = []
        sget = sidx.__getitem__
        for pl in places:
            pid = pl["id"]
            ranking = pl.get("ranking", _EMPTY)
            if type(ranking) is not list:
                raise _fail(f"place {pid!r} ranking must be a list")
            has_tie = False
            try:
                # Strict ranking of known ids: one C-level pass.  A tie group
                # (a list) raises TypeError, an unknown id KeyError.
                lv = dict(zip(map(sget, ranking), range(len(ranking)), strict=False))
                size = len(ranking)
            except (KeyError, TypeError):
                lv, size, has_tie = _tied_levels(pid, ranking, sidx)
            if len(lv) != size:
                _slow_place_levels(pid, ranking, sidx)  # names the duplicate
            levels.append(lv)
            tied.append(has_tie)
            place_ranks.append(_ranks_of(pl, len(ranking), f"place {pid!r}"))
            capacities.append(_non_negative_int(pl.get("capacity"), f"place {pid!r} capacity"))
            minimums.append(_non_negative_int(pl.get("min", 0), f"place {pid!r} min"))
            gc = pl.get("group_caps") or {}
            if not isinstance(gc, dict):
                raise _fail(f"place {pid!r} group_caps must be an object")
            caps.append(
                {str(g): _non_negative_int(k, f"place {pid!r} group cap {g!r}") for g, k in gc.items()}
            )

        inst = cls(
            student_ids=student_ids,
            place_ids=place_ids,
            student_rankings=rankings,
            place_levels=levels,
            capacities=capacities,
            student_groups=groups,
            minimums=minimums,
            group_caps=caps,
            student_ranks=student_ranks,
            place_ranks=place_ranks,
        )
        inst._student_index = sidx
        inst._place_index = pidx
        inst._tied = tied
        return inst

    def to_dict(self) -> dict[str, Any]:
        """The JSON instance format (inverse of :meth:`from_dict`)."""
        sids, pids = self.student_ids, self.place_ids
        students: list[dict[str, Any]] = []
        for s, sid in enumerate(sids):
            entry: dict[str, Any] = {"id": sid}
            if self.student_groups[s] is not None:
                entry["group"] = self.student_groups[s]
            entry["ranking"] = [pids[p] for p in self.student_rankings[s]]
            if self.student_ranks[s] != list(range(1, len(self.student_rankings[s]) + 1)):
                entry["ranks"] = list(self.student_ranks[s])
            students.append(entry)
        places: list[dict[str, Any]] = []
        for p, pid in enumerate(pids):
            ranking: list[Any] = []
            shown: list[int] = []
            for tie in self.place_ranking(p):
                ranking.append(sids[tie[0]] if len(tie) == 1 else [sids[s] for s in tie])
                shown.append(self.place_rank(p, self.place_levels[p][tie[0]]))
            entry = {"id": pid, "capacity": self.capacities[p], "ranking": ranking}
            if shown != list(range(1, len(ranking) + 1)):
                entry["ranks"] = shown
            if self.minimums[p]:
                entry["min"] = self.minimums[p]
            if self.group_caps[p]:
                entry["group_caps"] = dict(self.group_caps[p])
            places.append(entry)
        return {"students": students, "places": places}


# ---------------------------------------------------------------- helpers
_EMPTY: list[Any] = []


def _student_rankings(
    students: list[Any], pidx: dict[str, int], place_ids: list[str]
) -> tuple[list[list[int]], list[str | None], list[list[int]]]:
    """Students' rankings as place indices, their groups and shown ranks (the hot path)."""
    rankings: list[list[int]] = []
    groups: list[str | None] = []
    shown: list[list[int]] = []
    add_ranking, add_group = rankings.append, groups.append
    pget = pidx.__getitem__
    for st in students:
        ranking = st.get("ranking", _EMPTY)
        if type(ranking) is not list:
            raise _fail(f"student {st['id']!r} ranking must be a list")
        try:
            # A tie group (list) raises TypeError (unhashable), an unknown id KeyError.
            ranks = list(map(pget, ranking))
        except (KeyError, TypeError):
            ranks = _slow_student_ranking(st, pidx)
        if len(set(ranks)) != len(ranks):
            raise _fail(f"student {st['id']!r} ranks place {place_ids[_first_duplicate(ranks)]!r} twice")
        add_ranking(ranks)
        group = st.get("group")
        if group is not None and type(group) is not str:
            raise _fail(f"student {st['id']!r} has a non-string group")
        add_group(group)
        shown.append(_ranks_of(st, len(ranks), f"student {st['id']!r}"))
    return rankings, groups, shown


def _ranks_of(entity: Mapping[str, Any], size: int, what: str) -> list[int]:
    """The optional ``ranks`` of a student or place entry (one per ranking entry), else 1..size."""
    ranks = entity.get("ranks")
    if ranks is None:
        return list(range(1, size + 1))
    if type(ranks) is not list:
        raise _fail(f"{what} ranks must be a list")
    _check_ranks(ranks, size, what)
    return list(ranks)


def _check_ranks(ranks: list[Any], size: int, what: str) -> None:
    """Shown ranks: one positive integer per ranking entry, increasing (they label the same order)."""
    if len(ranks) != size:
        raise _fail(f"{what} has {len(ranks)} ranks for {size} ranking entries")
    previous = 0
    for rank in ranks:
        if isinstance(rank, bool) or not isinstance(rank, int) or rank <= previous:
            raise _fail(f"{what} ranks must be increasing positive integers, got {ranks!r}")
        previous = rank


def _tied_levels(pid: str, ranking: list[Any], sidx: dict[str, int]) -> tuple[dict[int, int], int, bool]:
    """Levels of a ranking with tie groups; falls back to the slow path on bad entries.

    Loops over entries, not students: a tie group is copied in one C-level
    extend, which matters when a common grade puts hundreds of students on
    one level.
    """
    ids: list[Any] = []
    lvls: list[int] = []
    has_tie = False
    try:
        for i, x in enumerate(ranking):
            if type(x) is str:
                ids.append(x)
                lvls.append(i)
            elif type(x) is list and x:
                ids.extend(x)
                lvls.extend([i] * len(x))
                has_tie = has_tie or len(x) > 1
            else:
                raise TypeError
        levels = dict(zip(map(sidx.__getitem__, ids), lvls, strict=True))
    except (KeyError, TypeError):
        return _slow_place_levels(pid, ranking, sidx), len(ranking), True
    return levels, len(ids), has_tie


def _entity_id(obj: Any, kind: str, position: int) -> str:
    if not isinstance(obj, dict):
        raise _fail(f"{kind} #{position + 1} must be an object")
    oid = obj.get("id")
    if not isinstance(oid, str) or not oid:
        raise _fail(f"{kind} #{position + 1} needs a non-empty string 'id'")
    return oid


def _first_duplicate(items: Iterable[Any]) -> Any:
    seen: set[Any] = set()
    for x in items:
        key = tuple(x) if isinstance(x, list) else x
        if key in seen:
            return x
        seen.add(key)
    return None


def _non_negative_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"{what} must be an integer, got {value!r}")
    if value < 0:
        raise _fail(f"{what} is negative ({value})")
    return value


def _slow_student_ranking(st: Mapping[str, Any], pidx: Mapping[str, int]) -> list[int]:
    """Re-walk a ranking that failed the fast path, to name the problem."""
    sid = st["id"]
    ranking = st.get("ranking")
    if not isinstance(ranking, list):
        raise _fail(f"student {sid!r} ranking must be a list")
    out: list[int] = []
    for x in ranking:
        if isinstance(x, list):
            raise _fail(f"student {sid!r} ranking has a tie group; only place rankings may contain ties")
        if not isinstance(x, str):
            raise _fail(f"student {sid!r} ranking contains a non-string id {x!r}")
        if x not in pidx:
            raise _fail(f"student {sid!r} ranks unknown place {x!r}")
        out.append(pidx[x])
    return out


def _slow_place_levels(pid: str, ranking: list[Any], sidx: Mapping[str, int]) -> dict[int, int]:
    levels: dict[int, int] = {}
    for level, entry in enumerate(ranking):
        members = entry if isinstance(entry, list) else [entry]
        if isinstance(entry, list) and not entry:
            raise _fail(f"place {pid!r} ranking has an empty tie group")
        for x in members:
            if not isinstance(x, str):
                raise _fail(f"place {pid!r} ranking contains a non-string id {x!r}")
            if x not in sidx:
                raise _fail(f"place {pid!r} ranks unknown student {x!r}")
            s = sidx[x]
            if s in levels:
                raise _fail(f"place {pid!r} ranks student {x!r} twice")
            levels[s] = level
    return levels

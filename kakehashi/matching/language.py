"""A place's minimum Japanese level in a matching instance (no Django).

An instance may say, per student, the Japanese level verified for them (``"japanese": "N3"``, absent or
``null`` when nothing is verified) and, per place, the minimum it asks for (``"min_japanese": "N4"``).
The algorithms ignore both keys. :func:`apply_japanese_rule` reads them before a run:

* ``"ignore"``: nothing happens;
* ``"warn"``: the instance is solved as it is, and the pairs below a minimum are listed so that the
  assignments among them can be flagged (:func:`assigned_below`);
* ``"exclude"``: those pairs are removed from both sides' rankings (with their shown ranks), so no such
  student can be assigned to such a place.
"""

from __future__ import annotations

from typing import Any

__all__ = ["JAPANESE_RULES", "LEVEL_RANK", "apply_japanese_rule", "assigned_below", "below_minimum", "meets"]

# N1 is the best level: a smaller number is better. "none" ranks below N5.
LEVEL_RANK = {"N1": 1, "N2": 2, "N3": 3, "N4": 4, "N5": 5, "none": 6}
JAPANESE_RULES = ("ignore", "warn", "exclude")


def meets(level: str | None, minimum: str | None) -> bool:
    """Whether `level` (None: nothing verified) reaches `minimum` (None or "none": nothing asked)."""
    if minimum is None or minimum == "none":
        return True
    return level is not None and LEVEL_RANK.get(level, 99) <= LEVEL_RANK[minimum]


def below_minimum(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(student id, place id) of each ranked pair whose student's level is below the place's minimum."""
    minimums = {pl["id"]: pl.get("min_japanese") for pl in data.get("places", []) if pl.get("min_japanese")}
    if not minimums:
        return []
    return [
        (st["id"], pid)
        for st in data.get("students", [])
        for pid in st.get("ranking", [])
        if pid in minimums and not meets(st.get("japanese"), minimums[pid])
    ]


def _drop_from_student(st: dict[str, Any], dropped: set[str]) -> dict[str, Any]:
    ranking = st.get("ranking", [])
    keep = [i for i, pid in enumerate(ranking) if pid not in dropped]
    out = {**st, "ranking": [ranking[i] for i in keep]}
    if "ranks" in st:
        out["ranks"] = [st["ranks"][i] for i in keep]
    return out


def _drop_from_place(pl: dict[str, Any], dropped: set[str]) -> dict[str, Any]:
    ranking, ranks = pl.get("ranking", []), pl.get("ranks")
    new_ranking: list[Any] = []
    new_ranks: list[int] = []
    for level, entry in enumerate(ranking):
        group = [s for s in (entry if isinstance(entry, list) else [entry]) if s not in dropped]
        if not group:
            continue
        new_ranking.append(group[0] if len(group) == 1 else group)
        new_ranks.append(ranks[level] if ranks else level + 1)
    out = {**pl, "ranking": new_ranking}
    if ranks is not None or len(new_ranking) != len(ranking):
        out["ranks"] = new_ranks  # keep the company's own rank numbers when a level disappears
    return out


def apply_japanese_rule(data: dict[str, Any], rule: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The instance to solve under `rule`, and the pairs below a minimum it found (none for "ignore")."""
    if rule not in JAPANESE_RULES:
        raise ValueError(f"unknown Japanese rule {rule!r}: one of {', '.join(JAPANESE_RULES)}")
    if rule == "ignore":
        return data, []
    pairs = below_minimum(data)
    if rule == "warn" or not pairs:
        return data, pairs
    by_student: dict[str, set[str]] = {}
    by_place: dict[str, set[str]] = {}
    for sid, pid in pairs:
        by_student.setdefault(sid, set()).add(pid)
        by_place.setdefault(pid, set()).add(sid)
    students = [
        _drop_from_student(st, by_student[st["id"]]) if st["id"] in by_student else st
        for st in data.get("students", [])
    ]
    places = [
        _drop_from_place(pl, by_place[pl["id"]]) if pl["id"] in by_place else pl
        for pl in data.get("places", [])
    ]
    return {**data, "students": students, "places": places}, pairs


def assigned_below(pairs: list[tuple[str, str]], assignment: dict[str, str | None]) -> list[tuple[str, str]]:
    """The pairs below a minimum that the result assigned (student id -> place id or None)."""
    return [(sid, pid) for sid, pid in pairs if assignment.get(sid) == pid]

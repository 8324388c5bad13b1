"""Stable improvement cycles (Erdil and Ergin 2008): undo the waste of tie-breaking.

Breaking ties by lottery can leave students worse off than necessary: two
students may each prefer the other's place while both places rank them
equally.  Starting from a (weakly) stable assignment, a *stable improvement
cycle* is a cycle of students s1 -> s2 -> ... -> s1 where each s_i prefers
the place of s_{i+1} and is among the best-ranked (weakly) of everybody who
wants that place and could take that seat.  Moving everybody along the
cycle makes them all better off and keeps the assignment stable; when no
cycle is left, no student can gain without another losing while staying
stable (Erdil and Ergin 2008, Theorem 1).

Graph.  Nodes are (place, seat class) pairs: without group caps a place has
one class; with group caps each capped group at a place is its own class
and everything else shares a "free" class.  A student only moves into a
seat of their own class, so every place keeps its group composition and the
caps stay satisfied.  With group caps this is a restriction: the result is
stable and never worse for anyone than deferred acceptance, but exchanges
that would change a place's group mix are not searched, so the
no-further-improvement guarantee is only claimed without group caps.

Each round builds the graph, removes every vertex-disjoint cycle it finds
(disjoint cycles only shrink each other's sets of envious students, so they
can be applied together) and repeats until a round finds none.  The sets of
envious students are built once and only updated for the students who
moved, so a round costs about the size of the graph, not of the instance.
"""

from __future__ import annotations

from .check import place_stats
from .instance import Instance

__all__ = ["improve"]

INF = 1 << 62


def improve(inst: Instance, assign: list[int]) -> list[int]:
    """Apply stable improvement cycles to ``assign`` until none is left."""
    assign = list(assign)
    m = inst.n_places
    levels = inst.place_levels
    gcaps = inst.group_caps
    groups = inst.student_groups
    rankings = inst.student_rankings
    # Moves keep every place's group composition, so these never change.
    gcount = place_stats(inst, assign).group_count

    # Node numbering: place p owns nodes base[p] (free class) and
    # base[p] + 1 + j for the j-th capped group at p.
    base = [0] * m
    class_of: list[dict[str, int]] = []
    place_of: list[int] = []
    for p in range(m):
        base[p] = len(place_of)
        class_of.append({g: j + 1 for j, g in enumerate(gcaps[p])})
        place_of.extend([p] * (1 + len(gcaps[p])))

    def node(s: int, p: int) -> int:
        g = groups[s]
        return base[p] if g is None else base[p] + class_of[p].get(g, 0)

    occupied = [0] * len(place_of)
    for s, p in enumerate(assign):
        if p >= 0:
            occupied[node(s, p)] += 1

    # envy[p]: student -> level at p, for every student who ranks p above
    # their place and whom p ranked.  It only shrinks as students move up, so
    # it is built once and updated for the students who moved.
    envy: list[dict[int, int]] = [{} for _ in range(m)]
    for u, lst in enumerate(rankings):
        cur = assign[u]
        for p in lst:
            if p == cur:
                break
            lv = levels[p].get(u)
            if lv is not None:
                envy[p][u] = lv

    # cand[p]: (student, target node) pairs that may point at a seat of p:
    # the student is among the best-ranked envious students who could take
    # a seat of that class.  Any envious student whose group is uncapped at p
    # or has room there could take a free-class seat; a student of a capped
    # group can always take a seat of their own class.
    cand: list[list[tuple[int, int]]] = [[] for _ in range(m)]

    def refresh(p: int) -> None:
        env = envy[p]
        gc = gcaps[p]
        room = INF
        best: dict[int, int] = {}
        for u, lv in env.items():
            g = groups[u]
            if gc and g is not None and g in gc:
                nd = base[p] + class_of[p][g]
                if lv < best.get(nd, INF):
                    best[nd] = lv
                if gcount[p][g] < gc[g] and lv < room:
                    room = lv
            elif lv < room:
                room = lv
        out: list[tuple[int, int]] = []
        for u, lv in env.items():
            target = node(u, p)
            if not occupied[target]:
                continue
            thr = room if target == base[p] else min(room, best.get(target, INF))
            if lv <= thr:
                out.append((u, target))
        cand[p] = out

    for p in range(m):
        if envy[p]:
            refresh(p)

    while True:
        adj: dict[int, dict[int, int]] = {}
        for pairs in cand:
            for u, target in pairs:
                cur = assign[u]
                if cur >= 0:
                    adj.setdefault(node(u, cur), {}).setdefault(target, u)
        cycles = _disjoint_cycles(adj)
        if not cycles:
            return assign
        dirty: set[int] = set()
        for cycle in cycles:
            for target, u in cycle:
                new, old = place_of[target], assign[u]
                lst = rankings[u]
                # u no longer envies the places from its new one down to its old one.
                for r in lst[lst.index(new) : lst.index(old)]:
                    if envy[r].pop(u, None) is not None:
                        dirty.add(r)
                assign[u] = new
        for p in dirty:
            refresh(p)


def _disjoint_cycles(adj: dict[int, dict[int, int]]) -> list[list[tuple[int, int]]]:
    """Vertex-disjoint cycles of a digraph, found by depth-first search.

    Returns each cycle as its edges (target node, edge label).  Nodes proven
    to reach no cycle stay "done"; removing a found cycle cannot create new
    cycles, so that mark stays true and the search is near linear.
    """
    WHITE, ON_STACK, DONE, USED = 0, 1, 2, 3
    state: dict[int, int] = {}
    lists = {n: list(out.items()) for n, out in adj.items()}
    cycles: list[list[tuple[int, int]]] = []
    for start in lists:
        while state.get(start, WHITE) == WHITE:
            state[start] = ON_STACK
            nodes = [start]  # the DFS path
            nexts = [0]  # per path node: next out-edge to try
            taken: list[tuple[int, int]] = []  # edge taken from each path node but the last
            while nodes:
                nd = nodes[-1]
                edges = lists.get(nd, [])
                i = nexts[-1]
                while i < len(edges) and state.get(edges[i][0], WHITE) >= DONE:
                    i += 1
                if i == len(edges):
                    state[nd] = DONE
                    nodes.pop()
                    nexts.pop()
                    if taken:
                        taken.pop()
                    continue
                nexts[-1] = i + 1
                tgt, label = edges[i]
                if state.get(tgt, WHITE) == ON_STACK:
                    at = nodes.index(tgt)
                    cycles.append([*taken[at:], (tgt, label)])
                    for k, path_node in enumerate(nodes):
                        state[path_node] = USED if k >= at else WHITE
                    break
                state[tgt] = ON_STACK
                nodes.append(tgt)
                nexts.append(0)
                taken.append((tgt, label))
    return cycles

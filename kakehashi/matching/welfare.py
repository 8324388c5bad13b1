"""Welfare benchmarks: rank-maximal and minimum rank-sum assignments.

Both respect capacities and acceptability (each side ranked the other) and
nothing else: they ignore stability, group caps and soft minimums, so they
are for comparison only (the result reports what they break).

* ``rank_maximal``: lexicographically maximise (number of students at their
  1st choice, then at their 2nd, ...), by the algorithm of Irving, Kavitha,
  Mehlhorn, Michail and Paluch (2006) applied to places with capacities.
  Phase i grows the previous matching (by max flow on its residual network,
  so everyone matched stays matched) into a maximum matching of the rank
  <= i edges that survive; the Gallai-Edmonds classes (even / odd /
  unreachable) of that matching say which edges can never be in a
  rank-maximal matching and are deleted.  Recomputing a maximum matching
  from scratch instead is *not* correct: it can trade first choices for
  second ones (the brute-force tests catch that).  With
  capacities the classes are computed on the place itself: cloning a place
  into capacity copies gives every copy the same class, so no clones are
  built.  Exact: only integer counts, no weights.
* ``min_rank_sum``: among assignments matching as many students as
  possible, minimise the sum of the students' ranks of their places.  A
  min-cost max-flow by the primal-dual method: each phase finds shortest
  augmenting distances with Dijkstra on reduced costs, then augments a
  maximum flow along all zero reduced-cost arcs.  Costs are small integers;
  Dijkstra runs in floating point on ``cost * B + 1`` (B > number of nodes),
  which is exact and lets zero-cost arcs exist in a sparse graph.

Both use scipy.sparse.csgraph (maximum_flow, dijkstra, breadth_first_order),
imported lazily so the stable-matching path does not pay for it.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING, Any

from .instance import Instance

if TYPE_CHECKING:
    import numpy
    from numpy.typing import NDArray

__all__ = ["min_rank_sum", "rank_maximal"]


class WelfareUnavailable(RuntimeError):
    """scipy is not installed."""


def _imports() -> tuple[Any, Any, Any]:
    try:
        import numpy as np
        import scipy.sparse
        import scipy.sparse.csgraph
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise WelfareUnavailable("rank-maximal and min-rank-sum need numpy and scipy") from exc
    return np, scipy.sparse, scipy.sparse.csgraph


class _Edges:
    """Mutually acceptable (student, place, rank) triples as numpy arrays."""

    def __init__(self, inst: Instance) -> None:
        np, _, _ = _imports()
        n, m = inst.n_students, inst.n_places
        lens = np.fromiter(map(len, inst.student_rankings), np.int64, n)
        total = int(lens.sum())
        es = np.repeat(np.arange(n, dtype=np.int64), lens)
        ep = np.fromiter(chain.from_iterable(inst.student_rankings), np.int64, total)
        starts = np.cumsum(lens) - lens
        er = np.arange(total, dtype=np.int64) - np.repeat(starts, lens) + 1
        plens = np.fromiter(map(len, inst.place_levels), np.int64, m)
        pk = np.fromiter(chain.from_iterable(inst.place_levels), np.int64, int(plens.sum()))
        pp = np.repeat(np.arange(m, dtype=np.int64), plens)
        caps = np.asarray(inst.capacities, dtype=np.int64)
        keep = np.isin(ep * n + es, pp * n + pk) & (caps[ep] > 0) if total else np.zeros(0, bool)
        self.n, self.m = n, m
        self.s: NDArray[numpy.int64] = es[keep]
        self.p: NDArray[numpy.int64] = ep[keep]
        self.r: NDArray[numpy.int64] = er[keep]
        self.caps: NDArray[numpy.int64] = caps
        self.key: NDArray[numpy.int64] = self.s * max(m, 1) + self.p  # sorted: students, then rank order
        self.order = np.argsort(self.key, kind="stable")

    def lookup(self, s: NDArray[numpy.int64], p: NDArray[numpy.int64]) -> NDArray[numpy.int64]:
        np, _, _ = _imports()
        k = s * max(self.m, 1) + p
        sorted_keys = self.key[self.order]
        found: NDArray[numpy.int64] = self.order[np.searchsorted(sorted_keys, k)]
        return found

    def assignment(self, x: NDArray[numpy.bool_]) -> list[int]:
        assign = [-1] * self.n
        for s, p in zip(self.s[x].tolist(), self.p[x].tolist(), strict=True):
            assign[s] = p
        return assign


def _augment(e: _Edges, mask: NDArray[numpy.bool_], x: NDArray[numpy.bool_]) -> NDArray[numpy.bool_]:
    """Grow matching ``x`` to a maximum matching of the edges in ``mask``.

    Max flow on the residual network of ``x``, so every student and place
    matched by ``x`` stays matched (Irving et al. rely on that: odd and
    unreachable nodes must keep a partner of rank <= i).
    """
    np, sparse, csgraph = _imports()
    n, m = e.n, e.m
    src, sink = n + m, n + m + 1
    matched = np.zeros(n, bool)
    matched[e.s[x]] = True
    load = np.bincount(e.p[x], minlength=m)
    fwd = mask & ~x
    free = np.flatnonzero(~matched)
    rows = np.concatenate([np.full(free.size, src), e.s[fwd], n + e.p[x], n + np.arange(m)])
    cols = np.concatenate([free, n + e.p[fwd], e.s[x], np.full(m, sink)])
    data = np.concatenate([np.ones(free.size + int(fwd.sum()) + int(x.sum()), np.int64), e.caps - load])
    g = sparse.csr_array((data.astype(np.int32), (rows, cols)), shape=(n + m + 2, n + m + 2))
    flow = csgraph.maximum_flow(g, src, sink).flow.tocoo()
    fr, fc = flow.row.astype(np.int64), flow.col.astype(np.int64)
    pos = flow.data > 0
    fr, fc = fr[pos], fc[pos]
    add = (fr < n) & (fc >= n) & (fc < n + m)
    drop = (fr >= n) & (fr < n + m) & (fc < n)
    x = x.copy()
    if add.any():
        x[e.lookup(fr[add], fc[add] - n)] = True
    if drop.any():
        x[e.lookup(fc[drop], fr[drop] - n)] = False
    return x


def _reached(n_nodes: int, rows: Any, cols: Any, starts: Any) -> Any:
    """Boolean mask of nodes reachable from ``starts`` along (rows -> cols)."""
    np, sparse, csgraph = _imports()
    root = n_nodes
    r = np.concatenate([rows, np.full(starts.size, root)])
    c = np.concatenate([cols, starts])
    g = sparse.csr_array((np.ones(r.size, np.int8), (r, c)), shape=(n_nodes + 1, n_nodes + 1))
    order = csgraph.breadth_first_order(g, root, directed=True, return_predecessors=False)
    seen = np.zeros(n_nodes + 1, bool)
    seen[order] = True
    return seen[:n_nodes]


def rank_maximal(inst: Instance) -> list[int]:
    """A rank-maximal assignment (capacities and acceptability only)."""
    np, _, _ = _imports()
    e = _Edges(inst)
    n, m = e.n, e.m
    if e.s.size == 0:
        return [-1] * n
    top = int(e.r.max())
    alive = np.ones(e.s.size, bool)
    x = np.zeros(e.s.size, bool)
    for i in range(1, top + 1):
        cur = alive & (e.r <= i)
        x = _augment(e, cur, x)
        if i == top:
            break
        # Gallai-Edmonds classes of the nodes w.r.t. x in G'_i.
        s, p = e.s[cur], e.p[cur]
        ms, mp = e.s[x], e.p[x]
        matched = np.zeros(n, bool)
        matched[ms] = True
        load = np.bincount(mp, minlength=m)
        # From free students: student -> place on any edge, place -> its students.
        r1 = _reached(
            n + m, np.concatenate([s, n + mp]), np.concatenate([n + p, ms]), np.flatnonzero(~matched)
        )
        # From places with a free seat: place -> student on any edge, student -> its place.
        r2 = _reached(
            n + m, np.concatenate([n + p, ms]), np.concatenate([s, n + mp]), n + np.flatnonzero(load < e.caps)
        )
        s_even, s_odd = r1[:n], r2[:n]
        p_even, p_odd = r2[n:], r1[n:]
        s_ou = ~s_even
        p_ou = ~p_even
        s_u = ~s_even & ~s_odd
        # Odd/unreachable nodes are matched in every maximum matching of
        # G'_i and must stay matched at rank <= i: drop their worse edges.
        alive &= ~((e.r > i) & (s_ou[e.s] | p_ou[e.p]))
        # Odd-odd and odd-unreachable edges are in no maximum matching.
        alive &= ~((e.r <= i) & ((s_odd[e.s] & p_ou[e.p]) | (s_u[e.s] & p_odd[e.p])))
    return e.assignment(x)


def min_rank_sum(inst: Instance) -> list[int]:
    """Maximum number matched, then the least total student rank."""
    np, sparse, csgraph = _imports()
    e = _Edges(inst)
    n, m = e.n, e.m
    if e.s.size == 0:
        return [-1] * n
    sink = n + m
    nodes = n + m + 1
    big = float(nodes + 1)
    pi = np.zeros(nodes, np.int64)
    x = np.zeros(e.s.size, bool)
    es, ep, er = e.s, e.p + n, e.r
    while True:
        matched = np.zeros(n, bool)
        matched[e.s[x]] = True
        load = np.bincount(e.p[x], minlength=m)
        free = np.flatnonzero(~matched & np.isin(np.arange(n), es))
        if free.size == 0:
            break
        open_p = np.flatnonzero(load < e.caps)
        fwd, bwd = ~x, x
        rows = np.concatenate([es[fwd], ep[bwd], n + open_p])
        cols = np.concatenate([ep[fwd], es[bwd], np.full(open_p.size, sink)])
        cost = np.concatenate([er[fwd], -er[bwd], np.zeros(open_p.size, np.int64)])
        rc = cost + pi[rows] - pi[cols]
        assert rc.size == 0 or rc.min() >= 0, "negative reduced cost"
        g = sparse.csr_array((rc * big + 1.0, (rows, cols)), shape=(nodes, nodes))
        dist = csgraph.dijkstra(g, directed=True, indices=free, min_only=True)
        if not np.isfinite(dist[sink]):
            break
        if dist[np.isfinite(dist)].max() >= 2.0**52:  # pragma: no cover - far beyond real instances
            raise RuntimeError("min-rank-sum: distances too large for exact floating-point arithmetic")
        d = np.where(np.isfinite(dist), np.floor(dist / big), np.inf)
        target = int(d[sink])
        pi += np.minimum(d, target).astype(np.int64)
        rc = cost + pi[rows] - pi[cols]
        adm = rc == 0
        # Max flow on the admissible arcs from a super source over the free students.
        src = nodes
        caps = np.concatenate(
            [np.ones(int(fwd.sum()) + int(bwd.sum()), np.int64), e.caps[open_p] - load[open_p]]
        )
        ar, ac, acap = rows[adm], cols[adm], caps[adm]
        ar = np.concatenate([ar, np.full(free.size, src)])
        ac = np.concatenate([ac, free])
        acap = np.concatenate([acap, np.ones(free.size, np.int64)])
        fg = sparse.csr_array((acap.astype(np.int32), (ar, ac)), shape=(nodes + 1, nodes + 1))
        flow = csgraph.maximum_flow(fg, src, sink).flow.tocoo()
        fr, fc, fd = flow.row.astype(np.int64), flow.col.astype(np.int64), flow.data
        pos = fd > 0
        fr, fc = fr[pos], fc[pos]
        add = (fr < n) & (fc >= n) & (fc < sink)
        drop = (fr >= n) & (fr < sink) & (fc < n)
        if add.any():
            x[e.lookup(fr[add], fc[add] - n)] = True
        if drop.any():
            x[e.lookup(fc[drop], fr[drop] - n)] = False
    return e.assignment(x)

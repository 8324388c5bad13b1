"""Deferred acceptance (Gale and Shapley 1962) with capacities and group caps.

Both functions break ties in place rankings with the seeded single lottery
(``Instance.lottery``: one draw per student, lower wins) and return the
assignment as a list: ``assignment[s]`` is a place index or -1.

Group caps turn a place's choice into "take applicants best first, skipping
anyone whose group is already at its cap, until the place is full".  That
choice rule is substitutable and size-monotone, so deferred acceptance still
gives the stable matching that is best for the proposing side (Hatfield and
Milgrom 2005); stability is then judged with the same rule (see check.py).
"""

from __future__ import annotations

from heapq import heappop, heappush, heapreplace

from .instance import Instance

__all__ = ["place_proposing", "student_proposing"]


def student_proposing(inst: Instance, seed: int = 0) -> list[int]:
    """Student-proposing DA: the student-optimal stable assignment."""
    if inst.has_group_caps:
        return _student_proposing_capped(inst, inst.strict_keys(seed))
    n = inst.n_students
    rankings = inst.student_rankings
    levels = inst.place_levels
    caps = inst.capacities
    # Priority of s at p is level * n + draw[s] (lower is better): the
    # lottery draw only matters between students on the same level.  Heaps
    # hold -(priority) so the top is the worst held student, and one int per
    # entry avoids allocating a tuple per proposal; draws are distinct, so
    # who = student_of[priority % n].
    draw, student_of = inst.lottery_and_inverse(seed)
    held: list[list[int]] = [[] for _ in caps]
    nxt = [0] * n
    assign = [-1] * n
    stack = list(range(n - 1, -1, -1))
    pop, push = stack.pop, stack.append
    while stack:
        s = pop()
        d = draw[s]
        lst = rankings[s]
        i = nxt[s]
        end = len(lst)
        while i < end:
            p = lst[i]
            i += 1
            lv = levels[p].get(s)
            if lv is None:  # the place did not rank s: unacceptable
                continue
            h = held[p]
            code = -(lv * n + d)
            if len(h) < caps[p]:
                heappush(h, code)
                assign[s] = p
                break
            if h and code > h[0]:
                out = student_of[(-heapreplace(h, code)) % n]
                assign[out] = -1
                push(out)
                assign[s] = p
                break
        nxt[s] = i
    return assign


def _student_proposing_capped(inst: Instance, keys: list[dict[int, int]]) -> list[int]:
    n = inst.n_students
    rankings = inst.student_rankings
    caps = inst.capacities
    gcaps = inst.group_caps
    groups = inst.student_groups
    held: list[list[int]] = [[] for _ in caps]  # lazy heaps: stale if assign[s] != p
    count = [0] * len(caps)
    gheld: list[dict[str, list[int]]] = [{g: [] for g in gc} for gc in gcaps]
    gcount: list[dict[str, int]] = [dict.fromkeys(gc, 0) for gc in gcaps]
    nxt = [0] * n
    assign = [-1] * n
    stack = list(range(n - 1, -1, -1))

    def top(h: list[int], p: int) -> int | None:
        # Drop entries of students who left p; a student never proposes to
        # the same place twice, so a stale entry can never become live again.
        while h and assign[(-h[0]) % n] != p:
            heappop(h)
        return h[0] if h else None

    while stack:
        s = stack.pop()
        lst = rankings[s]
        g = groups[s]
        i = nxt[s]
        while i < len(lst):
            p = lst[i]
            i += 1
            k = keys[p].get(s)
            if k is None:
                continue
            code = -(k * n + s)
            # cg: s's group when it is capped at p, else None.
            cg = g if g is not None and g in gcaps[p] else None
            if cg is not None and gcount[p][cg] >= gcaps[p][cg]:
                # s's group is full here: s can only replace a worse member.
                hg = gheld[p][cg]
                worst = top(hg, p)
                if worst is None or code <= worst:
                    continue
                out = (-worst) % n
                heapreplace(hg, code)
            elif count[p] < caps[p]:
                out = -1
                count[p] += 1
                if cg is not None:
                    heappush(gheld[p][cg], code)
                    gcount[p][cg] += 1
            else:
                worst = top(held[p], p)
                if worst is None or code <= worst:
                    continue
                out = (-worst) % n
                og = groups[out]
                if og is not None and og in gcaps[p]:
                    gcount[p][og] -= 1  # its entry in gheld goes stale
                if cg is not None:
                    heappush(gheld[p][cg], code)
                    gcount[p][cg] += 1
            heappush(held[p], code)
            assign[s] = p
            if out >= 0:
                assign[out] = -1
                stack.append(out)
            break
        nxt[s] = i
    return assign


def _proposal_orders(inst: Instance, keys: list[dict[int, int]]) -> list[list[int]]:
    """Per place, the students who ranked it, best first by strict key."""
    pos = [set(r) for r in inst.student_rankings]
    orders = []
    for p, kd in enumerate(keys):
        order = sorted(kd, key=kd.__getitem__)
        orders.append([s for s in order if p in pos[s]])
    return orders


def place_proposing(inst: Instance, seed: int = 0) -> list[int]:
    """Place-proposing DA: the place-optimal stable assignment."""
    keys = inst.strict_keys(seed)
    n = inst.n_students
    caps = inst.capacities
    gcaps = inst.group_caps
    groups = inst.student_groups
    orders = _proposal_orders(inst, keys)
    spos = [{p: i for i, p in enumerate(r)} for r in inst.student_rankings]
    held_by = [-1] * n
    count = [0] * len(caps)
    gcount: list[dict[str, int]] = [dict.fromkeys(gc, 0) for gc in gcaps]
    # skipped[p][g]: positions in orders[p] passed over because g was full;
    # they are the first to get an offer once g has room again.
    skipped: list[dict[str, list[int]]] = [{g: [] for g in gc} for gc in gcaps]
    shead: list[dict[str, int]] = [dict.fromkeys(gc, 0) for gc in gcaps]
    ptr = [0] * len(caps)
    queue = list(range(len(caps) - 1, -1, -1))
    while queue:
        p = queue.pop()
        order = orders[p]
        gc = gcaps[p]
        while count[p] < caps[p]:
            # Earliest feasible applicant not yet asked: a skipped one whose
            # group has room again, else the next one in the ranking.
            pos = -1
            if gc:
                for sg, lst in skipped[p].items():
                    h = shead[p][sg]
                    if h < len(lst) and gcount[p][sg] < gc[sg] and (pos < 0 or lst[h] < pos):
                        pos = lst[h]
                        best_g = sg
                if pos >= 0:
                    shead[p][best_g] += 1
            if pos < 0:
                while ptr[p] < len(order):
                    cand = order[ptr[p]]
                    g = groups[cand]
                    if g is not None and g in gc and gcount[p][g] >= gc[g]:
                        skipped[p][g].append(ptr[p])
                        ptr[p] += 1
                        continue
                    pos = ptr[p]
                    ptr[p] += 1
                    break
                if pos < 0:
                    break
            s = order[pos]
            cur = held_by[s]
            if cur >= 0 and spos[s][cur] < spos[s][p]:
                continue  # s keeps the offer it prefers
            held_by[s] = p
            count[p] += 1
            g = groups[s]
            if g is not None and g in gc:
                gcount[p][g] += 1
            if cur >= 0:
                count[cur] -= 1
                if g is not None and g in gcaps[cur]:
                    gcount[cur][g] -= 1
                queue.append(cur)
    return held_by

"""Benchmark of the matching engine (kakehashi.matching).

    .venv/bin/python bench/matching.py            # 1k, 10k, 100k students (several minutes)
    .venv/bin/python bench/matching.py --quick    # 1k students only, for CI

For each size (places = students / 10, ranking length 10) and each kind of
place ranking ("random": random order, about one in ten left out;
"common-grade": one common grade with ties) it times every algorithm as a
whole CLI run in a subprocess, from process start to the result printed
(without --explain), and reports the child's peak memory (wait4 rusage).

It also solves the 1k and 10k instances with the PyPI ``matching`` package
(HospitalResident, resident-optimal) and checks that it gives the same
assignment as ``da``.  Apples to apples: the package gets only mutually
acceptable pairs, the same capacities, and (it has no ties) the place
rankings with ties broken by the same seeded lottery that ``da`` uses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is named matching.py: drop its own folder from the path so that
# "import matching" finds the PyPI package, and put the project root first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from kakehashi.matching import Instance, generate_instance  # noqa: E402

ALGORITHMS = ("da", "da-sic", "rank-maximal", "min-rank-sum")
KINDS = ("random", "common-grade")
SEED = 0


def run_cli(path: Path, algorithm: str) -> tuple[float, float, float, dict[str, Any]]:
    """Wall time (s), CPU time (s), peak RSS (MiB) and parsed output of one CLI run."""
    cmd = [sys.executable, "-m", "kakehashi.matching", "solve", str(path), "--algorithm", algorithm]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        # wait4 gives this child's own rusage (getrusage(RUSAGE_CHILDREN)
        # would report the maximum over all children so far).
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{algorithm} on {path.name} failed: {err.read().decode()}")
        out.seek(0)
        result = json.loads(out.read())
    # ru_maxrss is in KiB on Linux.
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, result


def best_of(path: Path, algorithm: str, repeat: int) -> tuple[float, float, float, dict[str, Any]]:
    """The fastest of ``repeat`` runs: other work on a shared machine only adds time."""
    runs = [run_cli(path, algorithm) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def package_solve(inst: Instance) -> tuple[float, float, dict[str, str | None]]:
    """Wall and CPU time of the PyPI ``matching`` package (building its game and
    solving it) on the tie-broken instance, and its assignment."""
    from matching.games import HospitalResident

    strict = inst.tie_broken(SEED)
    sids, pids = strict.student_ids, strict.place_ids
    resident_prefs: dict[str, list[str]] = {}
    for s, ranking in enumerate(strict.student_rankings):
        resident_prefs[sids[s]] = [pids[p] for p in ranking if s in strict.place_levels[p]]
    hospital_prefs: dict[str, list[str]] = {}
    for p, levels in enumerate(strict.place_levels):
        order = sorted(levels, key=levels.__getitem__)
        hospital_prefs[pids[p]] = [sids[s] for s in order if p in strict.student_rankings[s]]
    capacities = {pids[p]: c for p, c in enumerate(strict.capacities)}

    box: dict[str, Any] = {}

    def work() -> None:
        start, cpu = time.perf_counter(), time.process_time()
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal="resident")
        box["time"] = time.perf_counter() - start
        box["cpu"] = time.process_time() - cpu  # the main thread only waits meanwhile
        box["matching"] = matching

    # The package recurses deeply (RecursionError above ~1,500 students by
    # default): raise the limit and give the thread a big stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if "matching" not in box:
        raise SystemExit("the matching package failed")
    assignment: dict[str, str | None] = dict.fromkeys(sids)
    for hospital, residents in box["matching"].items():
        for resident in residents:
            assignment[resident.name] = hospital.name
    return float(box["time"]), float(box["cpu"]), assignment


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1,000 students only (CI smoke test)")
    parser.add_argument("--repeat", type=int, default=3, help="CLI runs per case; the fastest is shown")
    args = parser.parse_args()
    sizes = (1_000,) if args.quick else (1_000, 10_000, 100_000)
    algorithms: tuple[str, ...] = ALGORITHMS
    try:
        import scipy  # noqa: F401 - only probing
    except ImportError:
        algorithms = ("da", "da-sic")
        print("scipy is not installed: skipping rank-maximal and min-rank-sum")
    compare_up_to = 1_000 if args.quick else 10_000
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'kind':<13}{'students':>9} {'algorithm':<13}{'wall s':>8}{'cpu s':>7}{'peak MiB':>10}"
            f"{'matched':>9}  stable"
        )
        for n in sizes:
            for kind in KINDS:
                data = generate_instance(n, n // 10, 10, seed=1, kind=kind)
                path = Path(tmp) / f"{kind}-{n}.json"
                path.write_text(json.dumps(data), encoding="utf-8")
                outputs: dict[str, tuple[float, float, dict[str, Any]]] = {}
                for algorithm in algorithms:
                    elapsed, cpu, peak, result = best_of(path, algorithm, max(1, args.repeat))
                    outputs[algorithm] = (elapsed, cpu, result)
                    summary = result["summary"]
                    print(
                        f"{kind:<13}{n:>9} {algorithm:<13}{elapsed:>8.2f}{cpu:>7.2f}{peak:>10.0f}"
                        f"{summary['matched']:>9}  {result['stable']}",
                        flush=True,
                    )
                if n <= compare_up_to:
                    package_time, package_cpu, package_assignment = package_solve(Instance.from_dict(data))
                    da_time, da_cpu, da_result = outputs["da"]
                    same = package_assignment == da_result["assignment"]
                    if not same:
                        failures.append(f"{kind} {n}: assignment differs from the matching package")
                    print(
                        f"  matching package (HospitalResident, resident-optimal): wall {package_time:.2f} s, "
                        f"cpu {package_cpu:.2f} s; same assignment as da: {same}; the da CLI run is "
                        f"{package_time / da_time:.0f}x faster (wall), {package_cpu / da_cpu:.0f}x (cpu)",
                        flush=True,
                    )
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Profile the missed check-in pass at 100k as pages_at_scale.py measures it (a development aid).

    .venv/bin/python bench/profile_pass.py                 # cProfile of the escalation (the second call)
    SORT=tottime TOP=40 .venv/bin/python bench/profile_pass.py

Runs `pages_at_scale.checkin_pass` (raising the alerts, escalating them, then undoing both) in the bench's
production settings on the 100k database, with cProfile around the second `check_missed_checkins`: the
escalation, which tells each chain. The pass's own line (times, queries) follows the profile."""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def inside() -> None:
    import pages_at_scale as bench

    from kakehashi.operations import services

    original = services.check_missed_checkins
    calls = 0

    def profiled(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls != 2:
            return original(*args, **kwargs)
        profile = cProfile.Profile()
        profile.enable()
        try:
            return original(*args, **kwargs)
        finally:
            profile.disable()
            stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", "60")))

    services.check_missed_checkins = profiled  # type: ignore[assignment]  # checkin_pass imports it late
    print(bench.checkin_pass())


if __name__ == "__main__":
    if sys.argv[1:] == ["--inside"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        inside()
    else:
        from profile_page import profiling_env

        env = profiling_env()
        subprocess.run([env["PYTHON"], __file__, "--inside"], cwd=ROOT, env=env, check=False)

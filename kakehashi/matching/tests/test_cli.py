"""The command line, run as a subprocess: formats, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

INSTANCE: dict[str, Any] = {
    "students": [
        {"id": "s1", "group": "must-kosen", "ranking": ["p2", "p1"]},
        {"id": "s2", "ranking": ["p1", "p2"]},
        {"id": "s3", "ranking": ["p1"]},
        {"id": "s4", "ranking": ["p2"]},
    ],
    "places": [
        {
            "id": "p1",
            "capacity": 2,
            "ranking": ["s3", ["s1", "s2"]],
            "min": 0,
            "group_caps": {"must-kosen": 1},
        },
        {"id": "p2", "capacity": 1, "ranking": ["s2", "s1", "s4"]},
    ],
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kakehashi.matching", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("algorithm", ["da", "da-sic", "rank-maximal", "min-rank-sum"])
def test_solve_prints_result_json(tmp_path: Path, algorithm: str) -> None:
    if algorithm in ("rank-maximal", "min-rank-sum"):
        pytest.importorskip("scipy")
    inst = write(tmp_path, "i.json", INSTANCE)
    proc = run("solve", inst, "--algorithm", algorithm, "--seed", "4")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"assignment", "stable", "blocking_pairs", "violations", "summary"}
    assert set(out["assignment"]) == {"s1", "s2", "s3", "s4"}
    summary = out["summary"]
    assert summary["matched"] + summary["unmatched"] == 4
    assert sum(summary["by_rank"].values()) == summary["matched"]
    assert set(summary["by_group"]) == {"must-kosen", "(none)"}


def test_solve_explain_places_proposing_and_check_roundtrip(tmp_path: Path) -> None:
    inst = write(tmp_path, "i.json", INSTANCE)
    proc = run("solve", inst, "--proposing", "places", "--explain", "--pretty")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["stable"] is True
    assert out["summary"]["proposing"] == "places"
    assert set(out["explanations"]) == {"students", "places"}
    res = write(tmp_path, "r.json", proc.stdout)
    check = run("check", inst, res)
    assert check.returncode == 0
    assert "ok" in check.stdout


def test_solve_reads_stdin() -> None:
    proc = run("solve", "-", stdin=json.dumps(INSTANCE))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["stable"] is True


def test_check_exit_1_lists_problems(tmp_path: Path) -> None:
    inst = write(tmp_path, "i.json", INSTANCE)
    bad = {"assignment": {"s1": "p1", "s2": "p1", "s3": None, "s4": "p1"}}
    proc = run("check", inst, write(tmp_path, "r.json", bad))
    assert proc.returncode == 1
    assert "place p1 holds 3 students, capacity 2" in proc.stdout
    assert "student s4 is assigned to p1, which they did not rank" in proc.stdout
    assert "blocking pair: student s3 prefers p1" in proc.stdout


def test_generate_both_kinds(tmp_path: Path) -> None:
    for kind in ("random", "common-grade"):
        proc = run(
            "generate",
            "--students",
            "50",
            "--places",
            "5",
            "--list-length",
            "3",
            "--seed",
            "2",
            "--kind",
            kind,
        )
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        assert len(data["students"]) == 50
        assert len(data["places"]) == 5
        solved = run("solve", write(tmp_path, f"{kind}.json", data))
        assert json.loads(solved.stdout)["stable"] is True


BAD = [
    ("malformed JSON", "{not json", "is not valid JSON"),
    ("unknown place", {"students": [{"id": "s1", "ranking": ["px"]}], "places": []}, "unknown place 'px'"),
    (
        "unknown student",
        {"students": [], "places": [{"id": "p1", "capacity": 1, "ranking": ["sx"]}]},
        "unknown student 'sx'",
    ),
    ("duplicate student", {"students": [{"id": "s1"}, {"id": "s1"}], "places": []}, "duplicate student id"),
    (
        "duplicate place",
        {"students": [], "places": [{"id": "p1", "capacity": 1}, {"id": "p1", "capacity": 1}]},
        "duplicate place id",
    ),
    ("negative capacity", {"students": [], "places": [{"id": "p1", "capacity": -3}]}, "negative"),
    (
        "student ranks twice",
        {"students": [{"id": "s1", "ranking": ["p1", "p1"]}], "places": [{"id": "p1", "capacity": 1}]},
        "ranks place 'p1' twice",
    ),
    (
        "place ranks twice",
        {"students": [{"id": "s1"}], "places": [{"id": "p1", "capacity": 1, "ranking": ["s1", ["s1"]]}]},
        "ranks student 's1' twice",
    ),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exit_2_one_line(tmp_path: Path, case: str, data: Any, message: str) -> None:
    path = write(tmp_path, "bad.json", data)
    proc = run("solve", path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    # check reads the instance the same way
    good = write(tmp_path, "r.json", {"assignment": {}})
    assert run("check", path, good).returncode == 2


def test_missing_file_and_bad_result(tmp_path: Path) -> None:
    proc = run("solve", str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot read")
    inst = write(tmp_path, "i.json", INSTANCE)
    for result, message in [
        ({"nothing": 1}, "needs an 'assignment'"),
        ({"assignment": {"zz": None}}, "unknown student 'zz'"),
        ({"assignment": {"s1": "pz"}}, "unknown place 'pz'"),
    ]:
        proc = run("check", inst, write(tmp_path, "r.json", result))
        assert proc.returncode == 2
        assert message in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1

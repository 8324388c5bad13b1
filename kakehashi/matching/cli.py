"""Command line: ``python -m kakehashi.matching solve|check|generate``.

Exit codes: 0 success (``check``: stable and valid), 1 ``check`` found a
problem, 2 bad input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from typing import Any

from .instance import Instance, InstanceError
from .welfare import WelfareUnavailable

__all__ = ["main"]


class BadInput(Exception):
    """Reported as one line on stderr with exit status 2."""


def _load_json(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise BadInput(f"{path} is nested too deeply") from exc


def _load_instance(path: str) -> Instance:
    try:
        return Instance.from_dict(_load_json(path))
    except InstanceError as exc:
        raise BadInput(f"{path}: {exc}") from exc


def _cmd_solve(args: argparse.Namespace) -> int:
    from .solve import solve

    inst = _load_instance(args.instance)
    result = solve(
        inst, algorithm=args.algorithm, proposing=args.proposing, seed=args.seed, explain=args.explain
    )
    sys.stdout.write(json.dumps(result.to_dict(), indent=2 if args.pretty else None, ensure_ascii=False))
    sys.stdout.write("\n")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .solve import check

    inst = _load_instance(args.instance)
    data = _load_json(args.result)
    if not isinstance(data, dict) or "assignment" not in data:
        raise BadInput(f"{args.result}: result needs an 'assignment' object")
    try:
        report = check(inst, data["assignment"])
    except InstanceError as exc:
        raise BadInput(f"{args.result}: {exc}") from exc
    lines = report.lines(inst)
    for line in lines:
        print(line)
    if report.ok:
        print("ok: the assignment is valid and stable")
        return 0
    print(f"not ok: {len(report.violations)} violation(s), {len(report.blocking_pairs)} blocking pair(s)")
    return 1


def _cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate_instance

    if args.students < 0 or args.places < 0 or args.list_length < 0:
        raise BadInput("--students, --places and --list-length must not be negative")
    data = generate_instance(args.students, args.places, args.list_length, args.seed, args.kind)
    sys.stdout.write(json.dumps(data))
    sys.stdout.write("\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    from .generate import KINDS
    from .solve import ALGORITHMS, PROPOSING

    parser = argparse.ArgumentParser(
        prog="python -m kakehashi.matching", description="Kakehashi matching engine."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="compute an assignment and print the result JSON")
    p.add_argument("instance", help="instance JSON file, or - for stdin")
    p.add_argument("--proposing", choices=PROPOSING, default="students")
    p.add_argument("--algorithm", choices=ALGORITHMS, default="da")
    p.add_argument("--seed", type=int, default=0, help="seed of the tie-breaking lottery (default 0)")
    p.add_argument("--explain", action="store_true", help="add per-student and per-place explanations")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=_cmd_solve)
    c = sub.add_parser("check", help="exit 0 if RESULT's assignment is valid and stable, else 1")
    c.add_argument("instance")
    c.add_argument("result")
    c.set_defaults(func=_cmd_check)
    g = sub.add_parser("generate", help="print a random instance")
    g.add_argument("--students", type=int, required=True)
    g.add_argument("--places", type=int, required=True)
    g.add_argument("--list-length", type=int, default=10)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--kind", choices=KINDS, default="random", help="how places order applicants")
    g.set_defaults(func=_cmd_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    # A short-lived process that allocates millions of acyclic objects: the
    # cyclic collector would only cost time (see instance.paused_gc).
    gc.disable()
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WelfareUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0

"""Run a learner's Python against an exercise's tests in a separate, limited process.

The threat model and the layers of defence are in docs/sandbox.md. In short, the child:
- is a new process (`python -I -S -c HARNESS`), its own empty temporary directory as cwd;
- gets resource limits in `preexec` (CPU seconds, address space, file size, processes, open files);
- when we run as root: is moved into a new network namespace (no interface but a down loopback) and
  drops to the `nobody` user, which makes RLIMIT_NPROC count;
- has an audit hook installed before the learner's code runs that refuses sockets, new processes,
  ctypes and opening files outside its directory (reads of the standard library excepted);
- is killed, with its whole process group, on a wall-clock timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULT_MARKER = "@@KAKEHASHI-RESULT@@"
NOBODY = 65534


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 2
    wall_seconds: float = 5.0
    memory_bytes: int = 256 * 1024 * 1024
    file_bytes: int = 1024 * 1024
    processes: int = 8
    open_files: int = 32
    output_chars: int = 20_000


@dataclass
class Outcome:
    """What happened. `status`: passed, failed, error, timeout, cpu_limit, memory_limit, output_limit, blocked."""

    status: str
    tests: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""
    message: str = ""
    defences: tuple[str, ...] = ()

    @property
    def passed_count(self) -> int:
        return sum(1 for test in self.tests if test.get("ok"))

    @property
    def score(self) -> int:
        return round(100 * self.passed_count / len(self.tests)) if self.tests else 0


# The harness runs in the child before any learner code: it installs the audit hook, imports the
# learner's module, runs every test_* function of the exercise's tests and prints one result line.
HARNESS = r"""
import sys, os, json
ROOT = os.path.realpath(os.getcwd())
STDLIB = tuple(os.path.realpath(p) for p in sys.path if p and os.path.isdir(p))
MARKER = sys.argv[1]
HOOKED = sys.argv[2] == "1"
BLOCKED = {
    "socket.__new__": "network", "socket.connect": "network", "socket.bind": "network",
    "socket.getaddrinfo": "network", "socket.gethostbyname": "network", "socket.sendto": "network",
    "os.system": "process", "subprocess.Popen": "process", "os.posix_spawn": "process",
    "os.exec": "process", "os.spawn": "process", "os.fork": "process", "os.forkpty": "process",
    "os.kill": "process", "os.killpg": "process", "os.chdir": "filesystem", "os.chroot": "filesystem",
    "ctypes.dlopen": "native code", "ctypes.dlsym": "native code", "ctypes.cdata": "native code",
    "sys.addaudithook": "sandbox", "sys.setprofile": "sandbox", "sys.settrace": "sandbox",
}

def inside(path, roots):
    return any(path == r or path.startswith(r + os.sep) for r in roots)

def hook(event, args):
    if event in BLOCKED:
        raise PermissionError("Sandbox: %s is not allowed (%s)." % (BLOCKED[event], event))
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, int):
            return
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        full = os.path.realpath(os.path.join(ROOT, path))
        writing = isinstance(mode, str) and any(c in mode for c in "wax+")
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        writing = writing or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if inside(full, (ROOT,)) or (not writing and inside(full, STDLIB)):
            return
        raise PermissionError("Sandbox: reading or writing files outside the exercise folder is not allowed.")

import traceback, io
if HOOKED:
    sys.addaudithook(hook)
sys.path.insert(0, ROOT)
result = {"tests": [], "error": ""}
try:
    import solution
    namespace = {"__name__": "exercise_tests", "solution": solution}
    with open("exercise_tests.py", encoding="utf-8") as f:
        code = compile(f.read(), "exercise_tests.py", "exec")
    exec(code, namespace)
    for name in sorted(k for k in namespace if k.startswith("test_") and callable(namespace[k])):
        try:
            namespace[name]()
            result["tests"].append({"name": name, "ok": True, "message": ""})
        except AssertionError as e:
            result["tests"].append({"name": name, "ok": False, "message": str(e) or "assertion failed"})
        except BaseException as e:
            result["tests"].append({"name": name, "ok": False, "message": "%s: %s" % (type(e).__name__, e)})
            if isinstance(e, (MemoryError, PermissionError)):
                result["error"] = "%s: %s" % (type(e).__name__, e)
except BaseException as e:
    result["error"] = "%s: %s" % (type(e).__name__, e)
sys.stdout.flush()
os.write(1, ("\n" + MARKER + json.dumps(result) + "\n").encode())
"""


def interpreter() -> str:
    """The child's Python. As root we drop to `nobody`, who must be able to read the interpreter."""
    configured = os.environ.get("KAKEHASHI_SANDBOX_PYTHON")
    if configured:
        return configured
    if os.geteuid() == 0:
        for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
            if os.path.exists(candidate):
                return candidate
    return sys.executable


def _preexec(limits: Limits, as_root: bool) -> None:
    """Runs in the child between fork and exec: namespace, limits, then the unprivileged user."""
    if as_root and hasattr(os, "unshare"):
        with contextlib.suppress(OSError):  # no new namespace: the audit hook still refuses sockets
            os.unshare(os.CLONE_NEWNET)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    if as_root:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def network_namespace_available() -> bool:
    return os.geteuid() == 0 and hasattr(os, "unshare")


def run(code: str, tests: str, *, limits: Limits | None = None, audit_hook: bool = True) -> Outcome:
    """Run `code` as solution.py against `tests` (functions test_*). `audit_hook=False` exists for the
    tests that prove the resource limits hold on their own."""
    limits = limits or Limits()
    as_root = os.geteuid() == 0
    defences = ["process", "rlimits", "wall-clock timeout", "own directory"]
    if audit_hook:
        defences.append("audit hook")
    if as_root:
        defences += ["network namespace", "nobody user"]
    workdir = Path(tempfile.mkdtemp(prefix="kakehashi-sandbox-"))
    outdir = Path(tempfile.mkdtemp(prefix="kakehashi-sandbox-out-"))
    try:
        (workdir / "solution.py").write_text(code, encoding="utf-8")
        (workdir / "exercise_tests.py").write_text(tests, encoding="utf-8")
        if as_root:
            os.chown(workdir, NOBODY, NOBODY)
            for child in workdir.iterdir():
                os.chown(child, NOBODY, NOBODY)
        os.chmod(workdir, 0o700)
        marker = RESULT_MARKER
        stdout_path = outdir / "stdout"
        with open(stdout_path, "wb") as stdout:
            process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                [interpreter(), "-I", "-S", "-c", HARNESS, marker, "1" if audit_hook else "0"],
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                preexec_fn=lambda: _preexec(limits, as_root),
                start_new_session=True,
                close_fds=True,
            )
            timed_out = False
            try:
                process.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(process)
                process.wait()
        raw = stdout_path.read_bytes()[-(limits.output_chars * 4) :].decode("utf-8", errors="replace")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
    return _interpret(raw, process.returncode, timed_out, limits, tuple(defences))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _interpret(
    raw: str, returncode: int, timed_out: bool, limits: Limits, defences: tuple[str, ...]
) -> Outcome:
    output, _sep, result_line = raw.rpartition("\n" + RESULT_MARKER)
    if not _sep:
        output, result_line = raw, ""
    output = output[-limits.output_chars :]
    if timed_out:
        return Outcome("timeout", output=output, defences=defences)
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL) and not result_line:
        return Outcome("cpu_limit", output=output, defences=defences)
    if returncode == -signal.SIGXFSZ:
        return Outcome("output_limit", output=output, defences=defences)
    try:
        result = json.loads(result_line.strip().splitlines()[0]) if result_line.strip() else None
    except (json.JSONDecodeError, IndexError):
        result = None
    if result is None:
        if "MemoryError" in output:
            return Outcome("memory_limit", output=output, defences=defences)
        return Outcome("error", output=output, message=f"exit {returncode}", defences=defences)
    tests, error = result.get("tests", []), result.get("error", "")
    if error.startswith("MemoryError") or "MemoryError" in error:
        status = "memory_limit"
    elif error.startswith("PermissionError: Sandbox") or "Sandbox:" in error:
        status = "blocked"
    elif error:
        status = "error"
    elif tests and all(t["ok"] for t in tests):
        status = "passed"
    else:
        status = "failed"
    if status == "failed" and any("Sandbox:" in t.get("message", "") for t in tests):
        status = "blocked"
    return Outcome(status, tests=tests, output=output, message=error, defences=defences)

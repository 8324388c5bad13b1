"""Run a learner's Python against an exercise's tests, isolated by the operating system.

The threat model and the layers are in docs/sandbox.md. In short:
- The boundary is bubblewrap (`bwrap`): new user, pid, network, ipc, uts and mount namespaces. The
  child sees a read-only /usr (the interpreter and its standard library), a small tmpfs work directory
  holding solution.py and exercise_tests.py, a fresh /proc of its own pid namespace and a minimal /dev;
  nothing of the project, var/, media or the database. No capabilities, uid/gid 65534 inside and, when
  the worker runs as root, the host's *nobody* outside too.
- The harness lowers the resource limits (CPU, address space, file size, open files, processes, core)
  and installs an audit hook, an extra layer that names what was refused, before any learner code runs.
- The worker kills the sandbox on a wall-clock timeout; `--die-with-parent` takes it along when the
  worker itself is killed.
- Without a working bubblewrap nothing runs: the outcome is "unavailable". There is no unisolated
  fallback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import IO, Any

RESULT_MARKER = "@@KAKEHASHI-RESULT@@"
NOBODY = 65534
WORK_DIR = "/exercise"
DEFAULT_BWRAP = "/usr/bin/bwrap"
DEFAULT_INTERPRETER = "/usr/bin/python3"
UNAVAILABLE = "unavailable"
# A failed probe is retried after this long (an operator may fix the host without restarting workers).
PROBE_RETRY_SECONDS = 60.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 2
    wall_seconds: float = 5.0
    memory_bytes: int = 256 * 1024 * 1024
    file_bytes: int = 1024 * 1024
    processes: int = 8
    open_files: int = 32
    output_chars: int = 20_000
    work_dir_bytes: int = 16 * 1024 * 1024


@dataclass
class Outcome:
    """What happened. `status`: passed, failed, error, timeout, cpu_limit, memory_limit, output_limit,
    blocked, or unavailable (isolation could not be set up: nothing was run)."""

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


# The harness runs in the sandbox before any learner code: it lowers the resource limits (for good:
# hard limits only go down), installs the audit hook, tells the worker it has started, imports the
# learner's module, runs every test_* function of the exercise's tests and prints one result line.
HARNESS = r"""
import sys, os, json, resource
MARKER = sys.argv[1]
HOOKED = sys.argv[2] == "1"
STARTED_FD = int(sys.argv[3])
LIMITS = json.loads(sys.argv[4])
for name, value in (("CPU", LIMITS["cpu_seconds"]), ("AS", LIMITS["memory_bytes"]),
                    ("FSIZE", LIMITS["file_bytes"]), ("NOFILE", LIMITS["open_files"]),
                    ("NPROC", LIMITS["processes"]), ("CORE", 0)):
    hard = value + 1 if name == "CPU" else value
    resource.setrlimit(getattr(resource, "RLIMIT_" + name), (value, hard))
ROOT = os.path.realpath(os.getcwd())
STDLIB = tuple(os.path.realpath(p) for p in sys.path if p and os.path.isdir(p))
BLOCKED = {
    "socket.__new__": "network", "socket.connect": "network", "socket.bind": "network",
    "socket.getaddrinfo": "network", "socket.gethostbyname": "network", "socket.sendto": "network",
    "os.system": "process", "subprocess.Popen": "process", "os.posix_spawn": "process",
    "os.exec": "process", "os.spawn": "process", "os.fork": "process", "os.forkpty": "process",
    "os.kill": "process", "os.killpg": "process", "os.chdir": "filesystem", "os.chroot": "filesystem",
    "ctypes.dlopen": "native code", "ctypes.dlsym": "native code", "ctypes.cdata": "native code",
    "sqlite3.enable_load_extension": "native code", "sqlite3.load_extension": "native code",
    "sys.addaudithook": "sandbox", "sys.setprofile": "sandbox", "sys.settrace": "sandbox",
}

def inside(path, roots):
    return any(path == r or path.startswith(r + os.sep) for r in roots)

def own_file(path):
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    return inside(os.path.realpath(os.path.join(ROOT, os.fspath(path))), (ROOT,))

def hook(event, args):
    if event in BLOCKED:
        raise PermissionError("Sandbox: %s is not allowed (%s)." % (BLOCKED[event], event))
    if event == "sqlite3.connect":
        database = args[0]
        if isinstance(database, (str, bytes)) and database in (":memory:", "", b":memory:", b""):
            return
        if isinstance(database, (str, bytes)) and os.fsdecode(database).startswith("file:"):
            raise PermissionError("Sandbox: a database URI is not allowed (sqlite3.connect).")
        if own_file(database):
            return
        raise PermissionError("Sandbox: reading or writing files outside the exercise folder is not allowed.")
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
os.write(STARTED_FD, b"S")
os.close(STARTED_FD)
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

# What the probe runs inside the sandbox: it passes only if the sandbox really is one (a `bwrap` that
# is a wrapper running the command on the host fails it), so a run never reports defences it lacks.
PROBE_CODE = """
import os
def isolated():
    assert os.getuid() == 65534 and os.getgid() == 65534, "not the unprivileged user"
    assert os.getcwd() == "/exercise", "not in the work directory"
    allowed = {"usr", "bin", "lib", "lib32", "lib64", "libx32", "sbin", "proc", "dev", "exercise"}
    assert set(os.listdir("/")) <= allowed, "the host's files are visible"
    assert sorted(os.listdir(".")) == ["exercise_tests.py", "solution.py"], "the work directory is not fresh"
    return True
"""
PROBE_TESTS = "def test_isolated():\n    assert solution.isolated()\n"

# Only what the argv below sets up (and the probe checked); `nobody user` is added when the worker is
# root, since only then is the process unprivileged on the host as well.
ISOLATION_DEFENCES = (
    "bubblewrap",
    "user namespace",
    "pid namespace",
    "network namespace",
    "ipc namespace",
    "uts namespace",
    "mount namespace",
    "read-only /usr, nothing else of the host",
    "own work directory (tmpfs)",
    "no capabilities",
    "no new privileges",
    "rlimits",
    "wall-clock timeout",
)


def bwrap_path() -> str:
    return os.environ.get("KAKEHASHI_BWRAP") or DEFAULT_BWRAP


def interpreter() -> str:
    """The child's Python. It must live under /usr, the only part of the host the sandbox sees."""
    return os.environ.get("KAKEHASHI_SANDBOX_PYTHON") or DEFAULT_INTERPRETER


def _system_links() -> list[str]:
    """/bin, /lib, /lib64…: symlinks into /usr on a merged-/usr system (Debian 12), bound read-only
    where they are real directories."""
    argv: list[str] = []
    for name in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
        path = f"/{name}"
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    return argv


def _argv(limits: Limits, fds: dict[str, int], marker: str, audit_hook: bool) -> list[str]:
    return [
        bwrap_path(),
        "--unshare-all",  # user (below), pid, net, ipc, uts, cgroup where possible
        "--unshare-user",
        "--disable-userns",  # no nested user namespace: less kernel attack surface
        "--die-with-parent",
        "--new-session",  # no TIOCSTI into a terminal
        "--cap-drop",
        "ALL",
        "--uid",
        str(NOBODY),
        "--gid",
        str(NOBODY),
        "--hostname",
        "sandbox",
        "--ro-bind",
        "/usr",
        "/usr",
        *_system_links(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "0700",
        "--size",
        str(limits.work_dir_bytes),
        "--tmpfs",
        WORK_DIR,
        "--perms",
        "0600",
        "--file",
        str(fds["solution"]),
        f"{WORK_DIR}/solution.py",
        "--perms",
        "0600",
        "--file",
        str(fds["tests"]),
        f"{WORK_DIR}/exercise_tests.py",
        # The root and /dev are unbounded tmpfs: read-only, so the only place to write is the sized work dir.
        "--remount-ro",
        "/dev",
        "--remount-ro",
        "/",
        "--chdir",
        WORK_DIR,
        "--clearenv",
        "--setenv",
        "LANG",
        "C.UTF-8",
        "--setenv",
        "PATH",
        "/usr/bin",
        "--setenv",
        "HOME",
        WORK_DIR,
        "--setenv",
        "TMPDIR",
        WORK_DIR,
        "--",
        interpreter(),
        "-I",  # ignore PYTHON* variables and the user site
        "-S",  # no site: no site-packages
        "-B",  # no __pycache__ in the work directory
        "-c",
        HARNESS,
        marker,
        "1" if audit_hook else "0",
        str(fds["started"]),
        json.dumps(asdict(limits)),
    ]


def _file_descriptor(name: str, text: str) -> int:
    fd = os.memfd_create(name)  # passed to bwrap (pass_fds), which copies it into the work directory
    os.write(fd, text.encode("utf-8"))
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _host_user() -> dict[str, Any]:
    """As root, bwrap itself starts as nobody: the sandbox is then unprivileged on the host too (file
    access, RLIMIT_NPROC), and the user namespace maps uid 65534 inside to 65534 outside."""
    if os.geteuid() == 0:
        return {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    return {}


@dataclass
class _Raw:
    output: str
    output_bytes: int
    marker: str
    returncode: int
    timed_out: bool
    started: bool


def _execute(code: str, tests: str, limits: Limits, audit_hook: bool) -> _Raw:
    marker = RESULT_MARKER + secrets.token_hex(8)
    fds = {"solution": _file_descriptor("solution.py", code), "tests": _file_descriptor("tests.py", tests)}
    started_r, started_w = os.pipe()
    fds["started"] = started_w
    try:
        # stdout is a file, not a pipe: RLIMIT_FSIZE caps what the learner can print, and nothing
        # can block on a full pipe. It is unlinked already, so nothing is left behind.
        with tempfile.TemporaryFile(prefix="kakehashi-sandbox-out-") as stdout:
            process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                _argv(limits, fds, marker, audit_hook),
                cwd="/",
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                env={"LANG": "C.UTF-8"},  # bwrap's own init keeps this: it is what /proc/1/environ shows
                pass_fds=tuple(fds.values()),
                start_new_session=True,
                **_host_user(),
            )
            for fd in fds.values():
                os.close(fd)
            fds = {}
            timed_out = False
            try:
                process.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill(process)
                process.wait()
            output_bytes = stdout.seek(0, os.SEEK_END)
            raw = _tail(stdout, limits.output_chars * 4)
        os.set_blocking(started_r, False)
        try:
            started = os.read(started_r, 1) == b"S"
        except BlockingIOError:
            started = False
    finally:
        for fd in fds.values():
            os.close(fd)
        os.close(started_r)
    return _Raw(raw, output_bytes, marker, process.returncode, timed_out, started)


def _tail(stdout: IO[bytes], max_bytes: int) -> str:
    size = stdout.seek(0, os.SEEK_END)
    stdout.seek(max(0, size - max_bytes))
    return stdout.read().decode("utf-8", errors="replace")


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL bwrap's process group: its pid-namespace init dies with it (--die-with-parent), and the
    kernel then kills every process left in that namespace."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


_probe_lock = threading.Lock()
_probe: dict[tuple[str, str], tuple[bool, str, float]] = {}


def forget_probe() -> None:
    """Probe again on the next run (tests, or after an operator fixed the host)."""
    with _probe_lock:
        _probe.clear()


def isolation_status() -> tuple[bool, str]:
    """(True, "") when bubblewrap isolates as it should here; else (False, why). Run once per process and
    bwrap/interpreter; a failure is retried after PROBE_RETRY_SECONDS."""
    key = (bwrap_path(), interpreter())
    with _probe_lock:
        known = _probe.get(key)
        if known and (known[0] or time.monotonic() - known[2] < PROBE_RETRY_SECONDS):
            return known[0], known[1]
        ok, reason = _run_probe()
        _probe[key] = (ok, reason, time.monotonic())
        if not ok:
            logger.error("Exercise sandbox unavailable, learners' code will not run: %s", reason)
        return ok, reason


def _run_probe() -> tuple[bool, str]:
    if not os.access(bwrap_path(), os.X_OK):
        return False, f"{bwrap_path()} is not an executable (install the Debian package bubblewrap)"
    try:
        raw = _execute(PROBE_CODE, PROBE_TESTS, Limits(wall_seconds=10), audit_hook=False)
    except OSError as error:
        return False, f"{bwrap_path()} could not be started: {error}"
    outcome = _interpret(raw, Limits(), ())
    if outcome.status != "passed":
        detail = outcome.message or (outcome.tests[0]["message"] if outcome.tests else "")
        return False, f"the isolation probe ended {outcome.status}: {detail or raw.output.strip()[:500]}"
    return True, ""


def defences(audit_hook: bool) -> tuple[str, ...]:
    found = list(ISOLATION_DEFENCES)
    if os.geteuid() == 0:
        found.append("nobody user")
    if audit_hook:
        found.append("audit hook")
    return tuple(found)


def run(code: str, tests: str, *, limits: Limits | None = None, audit_hook: bool = True) -> Outcome:
    """Run `code` as solution.py against `tests` (functions test_*). `audit_hook=False` exists for the
    tests that prove the operating-system isolation and the resource limits hold on their own."""
    limits = limits or Limits()
    ok, reason = isolation_status()
    if not ok:
        return Outcome(UNAVAILABLE, message=reason)
    try:
        raw = _execute(code, tests, limits, audit_hook)
    except OSError as error:
        logger.error("Exercise sandbox could not be started: %s", error)
        return Outcome(UNAVAILABLE, message=str(error))
    if not raw.started:
        # bwrap could not set the sandbox up (the harness never started): no learner code ran.
        forget_probe()
        logger.error("Exercise sandbox setup failed: %s", raw.output.strip()[:500])
        return Outcome(UNAVAILABLE, message=raw.output.strip()[:500])
    return _interpret(raw, limits, defences(audit_hook))


def _interpret(raw: _Raw, limits: Limits, defences: tuple[str, ...]) -> Outcome:
    # The last line with this run's marker: a learner who prints a fake result line earlier does not win.
    output, _sep, result_line = raw.output.rpartition("\n" + raw.marker)
    if not _sep:
        output, result_line = raw.output, ""
    output = output[-limits.output_chars :]
    returncode = raw.returncode
    if raw.timed_out:
        return Outcome("timeout", output=output, defences=defences)
    # bwrap passes the learner's exit status on; a signal that killed it comes back as 128 + signal.
    cpu_signals = (signal.SIGXCPU, signal.SIGKILL)
    if returncode in (*(-s for s in cpu_signals), *(128 + s for s in cpu_signals)) and not result_line:
        return Outcome("cpu_limit", output=output, defences=defences)
    # Python ignores SIGXFSZ, so a full output file shows as a failed write: go by the file's size.
    if returncode in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ) or raw.output_bytes >= limits.file_bytes:
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

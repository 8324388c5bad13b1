"""The escapes of issue 13, each attempted for real through `sandbox.run`: the project's database, a
native SQLite extension, var/ (the keys), media, /proc/1/environ, the network, outliving a killed worker.
Each must fail safely with the secret nowhere in what comes back. Most run twice: with the audit hook
(the usual case) and without it, which proves the operating-system isolation holds on its own.

And the refusal: without working isolation nothing runs."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from kakehashi.learning import sandbox

LIMITS = sandbox.Limits(cpu_seconds=2, wall_seconds=5, memory_bytes=128 * 1024 * 1024)
TESTS = "def test_add():\n    assert solution.add(2, 3) == 5\n"
HOOK = pytest.mark.parametrize("audit_hook", [True, False], ids=["with-hook", "os-isolation-alone"])


def run(code: str, audit_hook: bool = True) -> sandbox.Outcome:
    return sandbox.run(code, TESTS, limits=LIMITS, audit_hook=audit_hook)


def everything(outcome: sandbox.Outcome) -> str:
    """All the learner can get back: output, message and the tests' messages."""
    return "\n".join([outcome.output, outcome.message, *(t.get("message", "") for t in outcome.tests)])


@pytest.fixture
def secret() -> str:
    return f"SECRET-{uuid.uuid4().hex}"


@pytest.fixture
def beside_the_project() -> Iterator[Path]:
    """A folder inside the project, readable by everyone: only the sandbox stands between it and the
    learner (file permissions, the other layer, are tested in kakehashi/core/tests/test_private_files.py)."""
    folder = settings.BASE_DIR / f".sandbox-escape-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def readable_file(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o644)
    return path


SESSION_KEYS = "select session_key from django_session"


@HOOK
def test_sqlite3_cannot_open_the_projects_database(
    audit_hook: bool, beside_the_project: Path, secret: str
) -> None:
    database = beside_the_project / "kakehashi.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("create table django_session (session_key text)")
        connection.execute("insert into django_session values (?)", [secret])
    connection.close()
    database.chmod(0o644)
    code = (
        "import sqlite3\n"
        f"query = {SESSION_KEYS!r}\n"
        f"uri = 'file:{database}?immutable=1'\n"
        "print(sqlite3.connect(uri, uri=True).execute(query).fetchall())\n"
        f"print(sqlite3.connect({str(database)!r}).execute(query).fetchall())\n"
    )
    outcome = run(code, audit_hook)
    assert secret not in everything(outcome)
    assert outcome.status == ("blocked" if audit_hook else "error")
    if not audit_hook:
        assert "unable to open database file" in outcome.message


# A SQLite extension whose entry point is native code: it tries to read the file named at compile
# time and prints what it found. If it runs, it proves native code runs and still sees nothing.
EXTENSION_C = r"""
#include <stdio.h>
int sqlite3_extension_init(void *db, char **error, const void *api) {
    FILE *f = fopen(TARGET, "r");
    char line[256] = {0};
    if (!f) { printf("NATIVE-CODE-RAN: NOFILE\n"); fflush(stdout); return 0; }
    fgets(line, sizeof line, f);
    printf("NATIVE-CODE-RAN: %s\n", line); fflush(stdout);
    return 0;
}
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler (scripts/install-system-deps)")
@HOOK
def test_a_native_sqlite_extension_cannot_read_outside(
    audit_hook: bool, beside_the_project: Path, secret: str, tmp_path: Path
) -> None:
    target = readable_file(beside_the_project / "field_keys", secret)
    source = tmp_path / "ext.c"
    source.write_text(EXTENSION_C)
    library = tmp_path / "ext.so"
    subprocess.run(
        ["cc", "-shared", "-fPIC", f'-DTARGET="{target}"', "-o", str(library), str(source)], check=True
    )
    code = (
        "import sqlite3\n"
        f"open('ext.so', 'wb').write({library.read_bytes()!r})\n"
        "db = sqlite3.connect(':memory:')\n"
        "db.enable_load_extension(True)\n"
        "try:\n"
        "    db.load_extension('./ext.so')\n"
        "except sqlite3.OperationalError as e:\n"
        "    print('load failed', e)\n"
    )
    outcome = run(code, audit_hook)
    assert secret not in everything(outcome)
    if audit_hook:
        assert outcome.status == "blocked"
        assert "native code" in outcome.message
    else:
        # The extension did run (native code inside the sandbox) and found no such file.
        assert "NATIVE-CODE-RAN: NOFILE" in outcome.output


@HOOK
@pytest.mark.parametrize("where", ["var", "media"])
def test_var_and_media_are_out_of_reach(audit_hook: bool, where: str, secret: str) -> None:
    folder = Path(settings.VAR_DIR if where == "var" else settings.MEDIA_ROOT)
    planted = readable_file(folder / f"sandbox-escape-{uuid.uuid4().hex}.txt", secret)
    try:
        code = (
            "import os\n"
            f"for path in [{str(planted)!r}, {str(folder)!r}]:\n"
            "    try:\n"
            "        print(open(path).read() if os.path.isfile(path) else os.listdir(path))\n"
            "    except OSError as e:\n"
            "        print(type(e).__name__, e)\n"
            "def add(a, b):\n    return a + b\n"
        )
        outcome = run(code, audit_hook)
    finally:
        planted.unlink()
    assert secret not in everything(outcome)
    if not audit_hook:
        assert outcome.output.count("FileNotFoundError") == 2  # not even there, let alone readable


@HOOK
def test_the_real_key_files_are_out_of_reach(audit_hook: bool) -> None:
    keys = [settings.VAR_DIR / name for name in ("field_keys", "blind_index_key", "secret_key")]
    present = [key for key in keys if key.exists()]
    assert present, "the development settings create the key files in var/"
    code = "".join(
        f"try:\n    print(open({str(key)!r}).read())\nexcept OSError as e:\n    print(type(e).__name__)\n"
        for key in present
    )
    outcome = run(code, audit_hook)
    for key in present:
        assert key.read_text().strip() not in everything(outcome)


@HOOK
def test_proc_shows_only_the_sandbox(audit_hook: bool, monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("KAKEHASHI_TEST_HOST_SECRET", secret)
    code = (
        "import os\n"
        "pids = [p for p in os.listdir('/proc') if p.isdigit()]\n"
        "print('PIDS', len(pids))\n"
        "for pid in pids:\n"
        "    try:\n"
        "        print(pid, open('/proc/%s/environ' % pid, 'rb').read())\n"
        "    except OSError as e:\n"
        "        print(pid, type(e).__name__)\n"
        "def add(a, b):\n    return a + b\n"
    )
    outcome = run(code, audit_hook)
    assert secret not in everything(outcome)
    assert "KAKEHASHI_TEST_HOST_SECRET" not in everything(outcome)
    if not audit_hook:
        # Its own pid namespace: bubblewrap's init and the harness, never the host's processes.
        pids = int(outcome.output.split("PIDS ")[1].split()[0])
        assert 1 <= pids <= 3
        assert outcome.status == "passed"


@HOOK
def test_a_connection_to_the_database_server_fails(audit_hook: bool) -> None:
    code = "import socket\ns = socket.create_connection(('127.0.0.1', 5432), timeout=2)\nprint('CONNECTED')\n"
    outcome = run(code, audit_hook)
    assert "CONNECTED" not in outcome.output
    if audit_hook:
        assert outcome.status == "blocked"
    else:
        assert outcome.status == "error"
        assert "refused" in outcome.message.lower() or "unreachable" in outcome.message.lower()


def processes_with(marker: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(cmdline.replace(b"\0", b" ")[:80].decode(errors="replace"))
    return found


WORKER = """
import sys
from kakehashi.learning import sandbox
sandbox.RESULT_MARKER = sys.argv[1]
code = "import time\\nwhile True:\\n    open('heartbeat', 'w').write(str(time.time()))\\n    time.sleep(0.1)\\n"
sandbox.run(code, "def test_x():\\n    pass\\n", limits=sandbox.Limits(cpu_seconds=60, wall_seconds=120))
"""


def test_the_learners_code_dies_with_a_killed_worker() -> None:
    marker = f"@@KAKEHASHI-RESULT@@{uuid.uuid4().hex}"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, marker], cwd=settings.BASE_DIR, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 20
        while not any(p.startswith(sandbox.interpreter()) for p in processes_with(marker)):
            assert time.monotonic() < deadline, "the learner's code never started"
            assert worker.poll() is None, "the worker ended early"
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        deadline = time.monotonic() + 5
        while processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_with(marker) == []
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


@pytest.fixture
def no_probe_cache() -> Iterator[None]:
    sandbox.forget_probe()
    yield
    sandbox.forget_probe()


@pytest.mark.usefixtures("no_probe_cache")
@pytest.mark.parametrize("broken", ["missing", "failing", "not-isolating"])
def test_without_isolation_nothing_runs(broken: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "bwrap"
    if broken == "failing":
        fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    elif broken == "not-isolating":
        # Claims to be bubblewrap but runs the command in the host's filesystem and namespaces.
        fake.write_text('#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n')
    if fake.exists():
        fake.chmod(0o755)
    monkeypatch.setenv("KAKEHASHI_BWRAP", str(fake))
    ran = tmp_path / "ran"
    tmp_path.chmod(0o777)  # so that code run as nobody without isolation could create it
    outcome = run(f"open({str(ran)!r}, 'w').write('it ran')\ndef add(a, b):\n    return a + b\n")
    assert outcome.status == "unavailable"
    assert outcome.defences == ()
    assert outcome.tests == []
    assert not ran.exists()


def test_the_defences_reported_are_those_in_effect() -> None:
    outcome = run("def add(a, b):\n    return a + b\n")
    assert outcome.status == "passed"
    assert "bubblewrap" in outcome.defences
    assert {"pid namespace", "network namespace", "mount namespace", "no capabilities"} <= set(
        outcome.defences
    )
    assert "audit hook" in outcome.defences
    assert "audit hook" not in run("def add(a, b):\n    return a + b\n", audit_hook=False).defences
    if os.geteuid() == 0:
        assert "nobody user" in outcome.defences

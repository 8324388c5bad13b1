"""The sandbox: an endless loop, a fork bomb, a memory hog, network access and reading files outside its
directory all fail safely, and the learner is told what happened."""

import pytest

from kakehashi.learning import sandbox

LIMITS = sandbox.Limits(cpu_seconds=1, wall_seconds=3, memory_bytes=128 * 1024 * 1024, processes=8)
TESTS = "def test_add():\n    assert solution.add(2, 3) == 5, 'add(2, 3) should be 5'\n"


def run(code: str, **kwargs: object) -> sandbox.Outcome:
    return sandbox.run(code, TESTS, limits=LIMITS, **kwargs)  # type: ignore[arg-type]


def test_a_correct_solution_passes() -> None:
    outcome = run("def add(a, b):\n    return a + b\n")
    assert outcome.status == "passed"
    assert outcome.score == 100


def test_a_wrong_solution_fails_with_the_tests_message() -> None:
    outcome = run("def add(a, b):\n    return a - b\n")
    assert outcome.status == "failed"
    assert outcome.tests == [{"name": "test_add", "ok": False, "message": "add(2, 3) should be 5"}]


def test_an_endless_loop_is_stopped_by_the_cpu_limit() -> None:
    # On a busy machine the wall clock may come first: either way it is stopped.
    assert run("while True:\n    pass\n").status in {"cpu_limit", "timeout"}


def test_a_sleeping_loop_is_killed_on_the_wall_clock() -> None:
    assert run("import time\nwhile True:\n    time.sleep(1)\n").status == "timeout"


def test_a_fork_bomb_is_refused_by_the_audit_hook() -> None:
    outcome = run("import os\nwhile True:\n    os.fork()\n")
    assert outcome.status == "blocked"
    assert "os.fork" in outcome.message


def test_a_fork_bomb_is_held_by_rlimit_nproc_without_the_hook() -> None:
    outcome = run("import os\nwhile True:\n    os.fork()\n", audit_hook=False)
    assert outcome.status == "error"
    assert "Resource temporarily unavailable" in outcome.message


def test_a_memory_hog_hits_the_address_space_limit() -> None:
    assert run("hog = bytearray(10**9)\n").status == "memory_limit"
    assert run("hog = bytearray(10**9)\n", audit_hook=False).status == "memory_limit"


def test_network_access_is_blocked() -> None:
    code = "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)\n"
    outcome = run(code)
    assert outcome.status == "blocked"
    assert "network" in outcome.message


def test_without_the_hook_the_network_namespace_has_no_route() -> None:
    code = "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)\n"
    outcome = run(code, audit_hook=False)
    assert outcome.status == "error"
    assert "unreachable" in outcome.message.lower()


@pytest.mark.parametrize("path", ["/etc/passwd", "../../etc/hostname", __file__])
def test_reading_files_outside_its_directory_is_refused(path: str) -> None:
    outcome = run(f"print(open({path!r}).read())\n")
    assert outcome.status == "blocked"
    assert "outside the exercise folder" in outcome.message


def test_its_own_files_are_allowed_and_each_run_starts_afresh() -> None:
    code = "open('notes.txt', 'w').write('ok')\ndef add(a, b):\n    return len(open('notes.txt').read()) + a + b - 2\n"
    assert run(code).status == "passed"
    later = run("import os\nprint(sorted(os.listdir('.')))\ndef add(a, b):\n    return a + b\n")
    assert later.status == "passed"
    assert "['exercise_tests.py', 'solution.py']" in later.output


def test_the_work_directory_is_small_and_the_rest_read_only() -> None:
    code = (
        "import os\n"
        "for path in ['/x', '/usr/x', '/dev/shm/x']:\n"
        "    try:\n"
        "        open(path, 'w')\n"
        "    except OSError as e:\n"
        "        print(path, e.strerror)\n"
        "try:\n"
        "    for i in range(100):\n"
        "        open('f%d' % i, 'wb').write(b'x' * 1000000)\n"
        "except OSError as e:\n"
        "    print('full after', i, e.strerror)\n"
        "def add(a, b):\n    return a + b\n"
    )
    outcome = run(code, audit_hook=False)
    assert outcome.output.count("Read-only file system") == 3
    assert "full after 16 No space left on device" in outcome.output


def test_a_flood_of_output_is_cut() -> None:
    outcome = run("while True:\n    print('x' * 1000)\n")
    assert outcome.status in {"output_limit", "cpu_limit"}
    assert len(outcome.output) <= LIMITS.output_chars


def test_a_fake_result_line_printed_by_the_learner_does_not_win() -> None:
    code = f'print(\'{sandbox.RESULT_MARKER}\' + \'{{"tests": [], "error": ""}}\')\ndef add(a, b):\n    return 0\n'
    assert run(code).status == "failed"

"""`kill -9` of a real worker in the middle of a task (issue 14.4), on both task backends: two worker
processes (`manage.py db_worker` on the PostgreSQL test database, or `manage.py rqworker` on Redis db 15),
the worker running the task is killed, the reaper puts the task back in the queue and the other worker
finishes it, within the configured time, and its email went out once.

PostgreSQL only: the SQLite test database lives in the test process's memory, out of reach of other
processes (the task writes its sent-message marker there). CI runs `make test` on PostgreSQL too."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kakehashi.core import background
from kakehashi.core.models import TaskWorker
from kakehashi.core.testing.concurrency import needs_postgresql
from kakehashi.core.testing.redis_db import TEST_REDIS_URL, redis_for_tests_is_up
from kakehashi.core.testing.slow_tasks import note_email_and_sleep

# The worker is gone after 3 s without a heartbeat (one a second); a task is stale after 2 s.
FAULT_SETTINGS = {
    "TASK_WORKER_HEARTBEAT_SECONDS": "1",
    "TASK_WORKER_LOST_SECONDS": "3",
    "TASK_STALE_SECONDS": "2",
}
RECOVERY_LIMIT_SECONDS = 30


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[list[subprocess.Popen[bytes]], Path, Path]]:
    folder, mail = tmp_path / "marks", tmp_path / "mail"
    folder.mkdir()
    mail.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kakehashi.settings",
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        **FAULT_SETTINGS,
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0.2",
    ]
    processes = [
        subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    try:
        yield processes, folder, mail
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_killed_finishes_on_the_other_worker_and_emails_once(workers) -> None:  # type: ignore[no-untyped-def]
    processes, folder, mail = workers
    _wait_for(lambda: TaskWorker.objects.count() == 2, 30, "both workers' first heartbeat")

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        result = note_email_and_sleep.enqueue(str(folder), 6)
    started = _wait_for(lambda: list(folder.glob("started-*")), 20, "a worker to start the task")
    victim_pid = int(started[0].name.split("-")[1])
    victim = next(p for p in processes if p.pid == victim_pid)
    _wait_for(lambda: any(mail.iterdir()), 10, "the first attempt's email")

    os.kill(victim_pid, signal.SIGKILL)
    killed_at = time.monotonic()
    victim.wait(timeout=10)
    db_result = DBTaskResult.objects.get(pk=result.id)
    assert db_result.status == TaskResultStatus.RUNNING  # what a killed worker leaves behind

    # The scheduler runs the reaper every minute; here it is run until it acts, as the scheduler would.
    with override_settings(**{name: int(value) for name, value in FAULT_SETTINGS.items()}):
        _wait_for(lambda: background.reap_lost_tasks().retried, RECOVERY_LIMIT_SECONDS, "the reaper")
    requeued_after = time.monotonic() - killed_at

    def finished() -> bool:
        db_result.refresh_from_db()
        return db_result.status == TaskResultStatus.SUCCESSFUL

    _wait_for(finished, RECOVERY_LIMIT_SECONDS, "the other worker to finish the task")
    recovered_after = time.monotonic() - killed_at
    survivor = next(p for p in processes if p.pid != victim_pid)
    assert db_result.return_value == survivor.pid
    assert len(db_result.worker_ids) == 2  # two attempts, on two workers
    assert (folder / f"finished-{survivor.pid}").exists()
    assert not (folder / f"finished-{victim_pid}").exists()
    assert not (folder / "gave-up").exists()

    sent = "".join(path.read_text() for path in mail.iterdir())
    assert sent.count("Subject: Kill test") == 1, sent
    assert recovered_after < RECOVERY_LIMIT_SECONDS
    print(f"\nkill -9 -> queued again after {requeued_after:.1f} s, finished after {recovered_after:.1f} s")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_when_the_attempts_run_out_the_task_is_failed_and_its_hook_puts_the_state_back(workers) -> None:  # type: ignore[no-untyped-def]
    _processes, folder, mail = workers
    _wait_for(lambda: TaskWorker.objects.count() == 2, 30, "both workers' first heartbeat")
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        result = note_email_and_sleep.enqueue(str(folder), 6)
    started = _wait_for(lambda: list(folder.glob("started-*")), 20, "a worker to start the task")
    victim_pid = int(started[0].name.split("-")[1])
    os.kill(victim_pid, signal.SIGKILL)
    killed_at = time.monotonic()
    settings_now = {name: int(value) for name, value in FAULT_SETTINGS.items()} | {"TASK_MAX_ATTEMPTS": 1}
    with override_settings(**settings_now):
        _wait_for(lambda: background.reap_lost_tasks().failed, RECOVERY_LIMIT_SECONDS, "the reaper")
    failed_after = time.monotonic() - killed_at
    db_result = DBTaskResult.objects.get(pk=result.id)
    assert db_result.status == TaskResultStatus.FAILED
    assert db_result.exception_class_path == background.WORKER_LOST_CLASS
    assert (folder / "gave-up").exists()  # the hook ran
    time.sleep(1)
    assert len(list(folder.glob("started-*"))) == 1  # nobody ran it again
    assert "".join(path.read_text() for path in mail.iterdir()).count("Subject: Kill test") <= 1
    assert failed_after < RECOVERY_LIMIT_SECONDS
    print(f"\nkill -9 -> failed with its state put back after {failed_after:.1f} s")


# --- RQ on Redis ---------------------------------------------------------------------------------------

RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 600}},
}


def _parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@needs_postgresql
@pytest.mark.skipif(
    not redis_for_tests_is_up(), reason="no Redis on 127.0.0.1:6379 (scripts/install-system-deps installs it)"
)
@pytest.mark.django_db(transaction=True)
def test_on_rq_a_task_whose_worker_is_killed_finishes_on_the_other_worker_and_emails_once(
    tmp_path: Path,
) -> None:
    import redis
    from django_tasks_rq.backend import Job

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    folder, mail = tmp_path / "marks", tmp_path / "mail"
    folder.mkdir()
    mail.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kakehashi.settings",
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": "django_tasks_rq.RQBackend",
        "TASK_REDIS_URL": TEST_REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
    }
    command = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    # Each worker leads its own process group, so that the test can stop all it started.
    processes = [
        subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        with override_settings(**RQ_SETTINGS):
            result = note_email_and_sleep.enqueue(str(folder), 6)
            started = _wait_for(lambda: list(folder.glob("started-*")), 40, "a worker to start the task")
            horse = int(started[0].name.split("-")[1])  # RQ runs the task in a forked work-horse
            victim = next(p for p in processes if p.pid == _parent_of(horse))
            _wait_for(lambda: any(mail.iterdir()), 10, "the first attempt's email")
            os.kill(
                horse, signal.SIGKILL
            )  # the horse has a session of its own: both die, as on a dead machine
            os.killpg(victim.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            victim.wait(timeout=10)

            # RQ lets a dead worker's job expire from its StartedJobRegistry about 60 s after the last
            # heartbeat (60 s + the monitoring interval, fixed by RQ); the reaper is run with RQ's clock
            # two minutes on rather than making the test wait for it.
            _wait_for(
                lambda: background.reap_lost_rq_jobs(timestamp=time.time() + 120).retried,
                RECOVERY_LIMIT_SECONDS,
                "the reaper",
            )
            job = Job.fetch(result.id, connection=redis.Redis.from_url(TEST_REDIS_URL))
            _wait_for(
                lambda: job.get_status(refresh=True) == "finished", RECOVERY_LIMIT_SECONDS, "the other worker"
            )
            recovered_after = time.monotonic() - killed_at
        finished = list(folder.glob("finished-*"))
        assert len(finished) == 1
        assert int(finished[0].name.split("-")[1]) != horse  # another work-horse, of the other worker
        sent = "".join(path.read_text() for path in mail.iterdir())
        assert sent.count("Subject: Kill test") == 1, sent
        print(
            f"\nRQ: kill -9 -> finished on the other worker {recovered_after:.1f} s later (RQ clock moved on)"
        )
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()

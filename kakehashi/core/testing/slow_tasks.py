"""A task for the worker-kill test (kakehashi/core/tests/test_worker_kill.py): it notes which worker
process runs it, emails once, then takes its time, so that the test can kill the worker in the middle."""

import os
import time
from pathlib import Path

from django.core.mail import send_mail
from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core.background import on_worker_lost, send_once


@task
def note_email_and_sleep(folder: str, seconds: float) -> int:
    """Write `started-<pid>`, email kill-test@example.com once, sleep, write `finished-<pid>`."""
    pid = os.getpid()
    Path(folder, f"started-{pid}").touch()
    send_once(
        "kill-test:kill-test@example.com",
        lambda: send_mail(
            "Kill test", "Sent once, however often the task runs.", None, ["kill-test@example.com"]
        ),
    )
    time.sleep(seconds)
    Path(folder, f"finished-{pid}").touch()
    return pid


@on_worker_lost(note_email_and_sleep, retry=True)
def _lost(folder: str, seconds: float) -> None:
    Path(folder, "gave-up").touch()

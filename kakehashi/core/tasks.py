"""The platform's own periodic tasks: recovering tasks whose worker died, and pruning old results."""

from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core import background


@task
def reap_lost_tasks() -> dict[str, list[str]]:
    """Retry or fail the tasks whose worker died while running them (kakehashi.core.background)."""
    reaped = background.reap_lost_rq_jobs() if background.uses_rq() else background.reap_lost_tasks()
    return {"retried": reaped.retried, "failed": reaped.failed}


@task
def prune_task_results() -> dict[str, int]:
    """Delete finished task results older than TASK_RESULT_RETENTION_DAYS."""
    return background.prune_task_results()

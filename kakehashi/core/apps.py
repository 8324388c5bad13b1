from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kakehashi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.tasks.signals import task_finished, task_started  # type: ignore[import-not-found]

        from kakehashi.core import background, checks, table_writes, today  # noqa: F401  (checks: registers them)
        from kakehashi.core.metrics import record_failed_login

        # allauth's sign-in form authenticates through django.contrib.auth, which sends this signal.
        user_login_failed.connect(record_failed_login, dispatch_uid="kakehashi.metrics.failed_login")
        # The task attempt a message is sent from, so that a retried task sends nothing twice.
        task_started.connect(background.on_task_started, dispatch_uid="kakehashi.task_started")
        task_finished.connect(background.on_task_finished, dispatch_uid="kakehashi.task_finished")
        # The home's Today list is kept per person until a table it may read is written.
        today.watch_tables()
        table_writes.install()
        try:  # django-tasks-rq sends the signals of the django-tasks backport it is built on
            from django_tasks import signals as backport_signals
        except ImportError:
            return
        backport_signals.task_started.connect(background.on_task_started, dispatch_uid="kakehashi.rq_started")
        backport_signals.task_finished.connect(
            background.on_task_finished, dispatch_uid="kakehashi.rq_finished"
        )

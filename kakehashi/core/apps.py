from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kakehashi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from kakehashi.core import checks  # noqa: F401  (registers the system checks)
        from kakehashi.core.metrics import record_failed_login

        # allauth's sign-in form authenticates through django.contrib.auth, which sends this signal.
        user_login_failed.connect(record_failed_login, dispatch_uid="kakehashi.metrics.failed_login")

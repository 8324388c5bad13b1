from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kakehashi.privacy"
    label = "privacy"
    verbose_name = _("Personal data protection")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from django.db.models.signals import post_save

        from kakehashi.privacy import stored_files
        from kakehashi.privacy.audit import audit_register, check_audit_registrations
        from kakehashi.privacy.models import Consent, ConsentText, DeletionRequest, PersonalRecord

        auditlog.register(ConsentText)
        auditlog.register(Consent)
        auditlog.register(DeletionRequest, exclude_fields=["reason"])
        # Which fields changed is logged, never their values (they are encrypted at rest).
        audit_register(PersonalRecord)
        checks.register(check_audit_registrations, checks.Tags.security)
        # Every model's uploaded files leave storage with their record or when replaced.
        stored_files.connect_all()
        user_logged_in.connect(_remember_login_time, dispatch_uid="kakehashi_privacy_login_time")
        post_save.connect(
            _end_sessions_of_deactivated,
            sender=get_user_model(),
            dispatch_uid="kakehashi_privacy_deactivated",
        )


def _remember_login_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    import time

    from kakehashi.core.middleware import SESSION_LOGIN_AT_KEY

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT_KEY] = int(time.time())


def _end_sessions_of_deactivated(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A deactivated account loses every session at once (Django would also refuse it on the next request)."""
    if not created and not instance.is_active:
        from kakehashi.privacy.services import end_sessions_of

        end_sessions_of(instance)

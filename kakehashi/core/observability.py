"""Error reporting by environment: Sentry when SENTRY_DSN is set, else emails to ADMINS (see
kakehashi.core.logging.build_logging). Imported by settings.py, so it must not import Django models."""

from collections.abc import Mapping
from typing import Any


def admins_from_env(value: str | None) -> list[str]:
    """ADMINS="Name <a@example.org>,b@example.org" -> ["Name <a@example.org>", "b@example.org"]."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def init_sentry(environ: Mapping[str, str]) -> bool:
    """Start sentry-sdk when SENTRY_DSN is set; True if it was started. No personal data is sent
    (send_default_pii=False: no user email or name, no cookies, no request bodies)."""
    dsn = (environ.get("SENTRY_DSN") or "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        release=environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        integrations=[DjangoIntegration()],
        before_send=_tag_request_id,
    )
    return True


def _tag_request_id(event: Any, hint: dict[str, Any]) -> Any:
    """Tag each event with the request id the person saw on the error page, and drop the query string."""
    from kakehashi.core.logging import request_id_var

    if request_id := request_id_var.get():
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("query_string", None)
        request.pop("cookies", None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    return event

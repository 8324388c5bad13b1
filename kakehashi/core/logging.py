"""Logging for every process (web, task workers, scheduler): one time zone, a request id, no personal data.

`build_logging()` returns the LOGGING dict of settings.py. LOG_FORMAT=json (the production default) writes
one JSON object per line for a log collector; LOG_FORMAT=text (the development default) writes the same
fields as a readable line.

Timestamps are UTC, ISO 8601 with a Z, in every process. Why this must be forced: Django sets the process
time zone (os.environ["TZ"] + time.tzset()) from TIME_ZONE = "Asia/Tokyo" when settings load, and logging's
default converter is time.localtime. A gunicorn master logs before Django is loaded, so in UTC; workers and
`db_worker` log after, so in JST. The formatters below use time.gmtime whatever TZ says.

The JSON formatter is a small one of our own rather than python-json-logger: twenty lines, no dependency,
and it controls exactly which fields leave the process (the request id from the context, never `args` of
a record that could hold personal data beyond the message).
"""

import json
import logging
import time
import traceback
from contextvars import ContextVar
from typing import Any

from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler

from kakehashi.core.secret_paths import loggable_path

# The id of the request being served by this thread or task; set by kakehashi.core.middleware.RequestIdMiddleware.
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else passed through `extra=` becomes a field of the JSON line.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys() | {"message", "asctime", "request"}
)


def utc_timestamp(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


def record_request_id(record: logging.LogRecord) -> str | None:
    """The id of the request a record was logged in. Django logs 4xx/5xx responses ("Not Found: /x") after
    the middleware has returned, so the record's own `request` is asked before the context variable."""
    if found := getattr(record, "request_id", None):
        return str(found)
    return getattr(getattr(record, "request", None), "request_id", None) or request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or None outside a request) on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = record_request_id(record)
        return True


class SecretPathFilter(logging.Filter):
    """Django logs a 4xx answer as "Not Found: /path": where the path carries a secret (a one-tap check-in
    token, an invitation), the secret part is replaced (kakehashi.core.secret_paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(loggable_path(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, Z), level, logger, message, request_id, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": record_request_id(record),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The development format: the same UTC time and request id, readable."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return utc_timestamp(record.created)

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = record_request_id(record) or "-"
        return super().format(record)


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's mail_admins handler without the request dump: Django's report lists the query string,
    POST data, cookies and headers, which hold personal data and session ids. This one sends the request
    id (to find the log lines), the method, path, view and user id, and the traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        request = getattr(record, "request", None)
        request_id = record_request_id(record) or "-"
        lines = [f"Request id: {request_id}"]
        if request is not None:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            lines += [
                f"Method: {request.method}",
                f"Path: {request.path}",
                f"View: {match.view_name if match else '-'}",
                f"User id: {user.pk if user is not None and user.is_authenticated else '-'}",
            ]
        if record.exc_info:
            lines += ["", "".join(traceback.format_exception(*record.exc_info))]
        subject = self.format_subject(f"{record.levelname} [{request_id}]: {record.getMessage()}")
        self.send_mail(subject, "\n".join(lines), fail_silently=True)


def build_logging(log_format: str = "text", level: str = "INFO", mail_admins: bool = False) -> dict[str, Any]:
    """The LOGGING setting. `mail_admins`: errors of requests (500s) are emailed to ADMINS (when no error
    tracker such as Sentry is configured)."""
    if log_format not in {"json", "text"}:
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}.")
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "secret_paths": {"()": SecretPathFilter},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"()": TextFormatter},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id", "secret_paths"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's default LOGGING (applied before this one) gives the "django" logger its own console
            # handler and a mail_admins handler that mails the whole request (query string, POST data,
            # cookies) whenever ADMINS is set: both are replaced, everything goes through the root handler.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "WARNING"},
            # Our one line a request replaces the development server's own access line.
            "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
    if mail_admins:
        config["handlers"]["mail_admins"] = {
            "class": "kakehashi.core.logging.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        }
        config["loggers"]["django.request"] = {"handlers": ["mail_admins"], "propagate": True}
    return config

"""Test settings: the real settings with fast hashing, tasks run inline and emails kept in memory."""

from kakehashi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNT_RATE_LIMITS = False
# The API fuzz and contract tests send about a thousand requests a minute with one token; the test of
# the limit sets its own.
KAKEHASHI_API_REQUESTS_PER_MINUTE = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Tests serve static files through the finders; whitenoise need not look for collected files.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Query-count tests measure a page, not the once-a-minute work on a busy machine whose test spans the
# minute: the session renewal and the cached unread count wait five minutes here (still within the limits
# tests/security checks).
SESSION_RENEW_SECONDS = 300
NOTIFICATIONS_UNREAD_SECONDS = 300

# The unread-messages badge is cached for a minute in production; a query-count test that builds 1,000 rows
# between its two measurements on a loaded machine must not see it expire in between (one query more).
CONVERSATIONS_UNREAD_SECONDS = 3600

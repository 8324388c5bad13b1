"""One settings module, driven by the environment.

Development needs nothing set: a SQLite file under var/ and a secret key generated once and kept in
var/. Production (DEBUG unset or false, KAKEHASHI_PRODUCTION=1) must be given SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL; `manage.py check --deploy` then reports nothing.
"""

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[attr-defined]
from django.utils.translation import gettext_lazy as _

from kakehashi.core.cache_url import cache_config, session_engine
from kakehashi.core.logging import build_logging
from kakehashi.core.observability import admins_from_env, init_sentry
from kakehashi.core.private_files import private_sqlite_file, private_text
from kakehashi.core.storage_url import storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KAKEHASHI_VAR_DIR", BASE_DIR / "var"))


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A switch; unset or empty is the default. A typo (`ture`) stops the start instead of meaning False."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} is {raw!r}: set it to one of 1, 0, true, false, yes, no, on, off."
    )


def env_int(name: str, default: int) -> int:
    """A whole number; unset or empty is the default, anything else stops the start with its name."""
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} is {raw!r}: set it to a whole number, such as {default}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (how container platforms mount them)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


PRODUCTION = env_bool("KAKEHASHI_PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)


def _development_secret_key() -> str:
    # Kept in var/ so sessions survive a restart of `make run`; never used in production. var/ 0700,
    # the file 0600: no other user of the machine (nor learners' code) may read it.
    return private_text(VAR_DIR / "secret_key", lambda: secrets.token_urlsafe(64))


_secret = env_secret("SECRET_KEY")
if PRODUCTION and not _secret:
    raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
SECRET_KEY = _secret or _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "ninja",
    "kakehashi.core",  # before django_tasks_db: its `db_worker` command adds a heartbeat to the original
    "django_tasks_db",
    "kakehashi.accounts",
    "kakehashi.privacy",
    "kakehashi.notifications",
    "kakehashi.companies",
    "kakehashi.learning",
    "kakehashi.internships",
    "kakehashi.operations",
    "kakehashi.careers",
    "kakehashi.programme",
    "kakehashi.certificates",
    "kakehashi.agreements",
    "kakehashi.talent",
    "kakehashi.translations",
    "kakehashi.conversations",
]

MIDDLEWARE = [
    # /health/ and /ready/ answer first: plain HTTP from loopback, no host check, no session.
    "kakehashi.core.health.ProbeMiddleware",
    "kakehashi.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kakehashi.core.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # django-auditlog's middleware, recording the client address of kakehashi.core.client_address.
    "kakehashi.core.client_address.ClientAddressAuditlogMiddleware",
    "kakehashi.core.middleware.AbsoluteSessionTimeoutMiddleware",
    "kakehashi.core.middleware.RequireMFAMiddleware",
    "kakehashi.core.middleware.NoStoreForSignedInMiddleware",
    # After NoStoreForSignedIn: tells the service worker who a page is for and whether it may keep it.
    "kakehashi.core.pwa.OfflineCopyMiddleware",
]

ROOT_URLCONF = "kakehashi.urls"
WSGI_APPLICATION = "kakehashi.wsgi.application"
ASGI_APPLICATION = "kakehashi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kakehashi.core.context_processors.navigation",
                "kakehashi.notifications.context_processors.unread_notifications",
                "kakehashi.conversations.context_processors.unread_conversations",
            ],
        },
    }
]

# The rate limits count in the cache: in production it must be shared by every process (see cache_url.py).
CACHES = {"default": cache_config(os.environ.get("CACHE_URL"))}

# Persistent connections: a process keeps its database connection for DB_CONN_MAX_AGE seconds instead of
# opening one per request (a PostgreSQL connection costs a few milliseconds and a backend process); checked
# before reuse, so a restarted database costs one failed ping, not a failed request. 0 closes after each
# request (development default); production defaults to 600 (docs/deploy.md, docs/scaling.md).
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 600 if PRODUCTION else 0)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kakehashi.sqlite3'}",
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
}
# A PostgreSQL streaming replica for reports and exports (kakehashi/core/db_router.py, docs/scaling.md).
# In tests it mirrors the test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kakehashi.core.db_router.ReplicaRouter"]
# PostgreSQL plans a statement every time it runs one unless it was prepared, and the platform's reads,
# scoped to the viewer by nested subqueries, cost more to plan than to run: a student's assignments due
# are planned in 1.6 ms and run in 0.15 ms. With the parameters sent apart from the statement (server-side
# binding), psycopg prepares a statement the DB_PREPARE_THRESHOLD-th time a connection runs it, and the
# server may keep its plan (plan_cache_mode=auto keeps planning a statement whose best plan depends on its
# values). Off (DB_PREPARED_STATEMENTS=0) behind a pooler in transaction mode that cannot hold prepared
# statements (PgBouncer before 1.21, or without max_prepared_statements): docs/scaling.md.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARED_STATEMENTS:
        _database.setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 2)}
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    private_sqlite_file(DATABASES["default"]["NAME"])  # 0600 before SQLite makes it 0644
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each reading the person's active memberships with the person in one
# query (kakehashi/accounts/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "kakehashi.accounts.auth_backends.ModelBackend",
    "kakehashi.accounts.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kakehashi.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 64}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; nobody signs up on their own, people are invited.
ACCOUNT_ADAPTER = "kakehashi.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if PRODUCTION else "optional"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kakehashi"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("mn", "Монгол"), ("en", "English")]
# Content people write (kakehashi.core.multilingual): when a text is missing in the reader's language, the
# languages tried next, in order; any other language in LANGUAGES comes after them.
CONTENT_FALLBACK_LANGUAGES = ["en", "ja", "mn"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kakehashi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# Dates and numbers as each language writes them (2026 оны 12 сарын 6, 6 Dec 2026, 3,578,939).
FORMAT_MODULE_PATH = ["kakehashi.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads and generated documents: the local disk (MEDIA_ROOT), or S3-compatible object storage when
    # STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set (see storage_url.py); private either way.
    "default": storage_config(os.environ),
    "staticfiles": {
        "BACKEND": (
            "kakehashi.core.static_storage.GzipManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        # Static files are public and nginx's workers (another user) serve them: not the uploads' 0600/0700.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads (CVs, submissions) are for the platform's own user alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email (Django 6.1 mailers). Development prints emails on the console; production sets EMAIL_BACKEND
# to django.core.mail.backends.smtp.EmailBackend and the EMAIL_* variables.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD") or "",
        "use_tls": env_bool("EMAIL_USE_TLS"),
    }
elif _email_backend.endswith("filebased.EmailBackend"):
    # Each email a file in EMAIL_FILE_PATH (the worker-kill test reads what worker processes sent).
    _email_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kakehashi <noreply@kakehashi.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database backend by default (worker: `manage.py db_worker`); set
# TASK_BACKEND=django.tasks.backends.immediate.ImmediateBackend to run tasks inline.
# TASK_BACKEND=django_tasks_rq.RQBackend puts the tasks on Redis (TASK_REDIS_URL) for RQ workers
# (`manage.py rqworker default`), for more than one machine.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASK_BACKEND, "QUEUES": ["default"]}}
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("TASK_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 60 * 60,
        "DEFAULT_RESULT_TTL": env_int("TASK_RESULT_RETENTION_DAYS", 14) * 24 * 60 * 60,
    }
}
if TASK_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command

# Faults in background work (kakehashi/core/background.py, docs/operations.md "Background work and
# faults"): a worker writes a heartbeat every TASK_WORKER_HEARTBEAT_SECONDS and counts as gone after
# TASK_WORKER_LOST_SECONDS without one; a task RUNNING longer than TASK_STALE_SECONDS on a gone worker is
# run again (idempotent tasks, up to TASK_MAX_ATTEMPTS attempts) or marked failed with its state put back.
TASK_WORKER_HEARTBEAT_SECONDS = env_int("TASK_WORKER_HEARTBEAT_SECONDS", 10)
TASK_WORKER_LOST_SECONDS = env_int("TASK_WORKER_LOST_SECONDS", 60)
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 5 * 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)
# Finished task results (and their sent-message markers) are deleted after this many days.
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 14)

# Invitations expire; the link in the email carries a random token whose hash alone is stored.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

# Sessions: an idle timeout below an absolute cap. The idle timeout is renewed by a request at most once
# every SESSION_RENEW_SECONDS (kakehashi.core.middleware.AbsoluteSessionTimeoutMiddleware), so most page
# views write no session row; the session is otherwise saved only when it changes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60 * 2)
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
# With Redis as the cache (shared by every process), a request reads its session from Redis and PostgreSQL
# is read only when Redis has lost it; every write goes to both. A per-process cache (development's
# locmem) would let a process keep a session another one ended, so sessions stay in the database alone.
# Ending a session therefore goes through the session store, never through the Session model
# (kakehashi.privacy.services.end_sessions_of).
SESSION_ENGINE = session_engine(CACHES["default"])
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The absolute cap: a session ends this long after sign-in, however active (kakehashi.core.middleware).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 60 * 60 * 12)
# Staff roles must sign in with a second factor (TOTP); off in development and tests, which sign in
# demo people without one (kakehashi.core.middleware.RequireMFAMiddleware, kakehashi.privacy.rules).
KAKEHASHI_REQUIRE_MFA = env_bool("KAKEHASHI_REQUIRE_MFA", PRODUCTION)
# Requests a minute each person may make to the API (429 beyond; 0 = no limit). See docs/api.md.
KAKEHASHI_API_REQUESTS_PER_MINUTE = env_int("KAKEHASHI_API_REQUESTS_PER_MINUTE", 600)


def _development_key_file(name: str, make: Callable[[], str]) -> str:
    # Like the secret key: made once in var/ (0600) so encrypted rows stay readable; never in production.
    return private_text(VAR_DIR / name, make)


# Encrypted fields (kakehashi.privacy.fields): Fernet keys, the first encrypts, all decrypt; rotate by
# putting a new key first and running `manage.py rotate_field_keys`. The blind index key is separate.
_field_keys = env_secret("KAKEHASHI_FIELD_KEYS")
_blind_index_key = env_secret("KAKEHASHI_BLIND_INDEX_KEY")
if PRODUCTION and not (_field_keys and _blind_index_key):
    raise RuntimeError("KAKEHASHI_FIELD_KEYS and KAKEHASHI_BLIND_INDEX_KEY must be set in production.")
KAKEHASHI_FIELD_KEYS = [
    key.strip()
    for key in (
        _field_keys or _development_key_file("field_keys", lambda: Fernet.generate_key().decode())
    ).split(",")
    if key.strip()
]
KAKEHASHI_BLIND_INDEX_KEY = _blind_index_key or _development_key_file(
    "blind_index_key", lambda: secrets.token_urlsafe(48)
)

# Content Security Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For entry is the client's address for
# rate limits, allauth and the audit log (kakehashi.core.client_address), and their X-Forwarded-Proto says
# whether the request came over HTTPS. With 0, both headers come from the client and are ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth asks the adapter, which asks client_ip

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if TRUSTED_PROXY_COUNT > 0:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

PAGE_SIZE = 25

# Logs (JSON lines in production, UTC, with the request id), error reports (Sentry when SENTRY_DSN is
# set, else emails to ADMINS="Name <a@example.org>,..."), metrics at /metrics for METRICS_TOKEN
# (unset: /metrics answers 404). See kakehashi.core.logging, .observability and .metrics.
SENTRY_ENABLED = init_sentry(os.environ)
ADMINS = admins_from_env(os.environ.get("ADMINS"))
LOGGING = build_logging(
    os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text"),
    os.environ.get("LOG_LEVEL", "INFO"),
    mail_admins=bool(ADMINS) and not SENTRY_ENABLED,
)
METRICS_TOKEN = env_secret("METRICS_TOKEN")

VERBOSE_NAME = _("Kakehashi")

# Links in emails are built on this address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Chat and SMS channels of the one door (kakehashi.notifications.channels; docs/notifications.md). Each is
# on only when its settings are present. The base addresses are settings so that tests point them at local
# fake servers; production leaves them at the providers' own.
LINE_CHANNEL_ACCESS_TOKEN = env_secret("LINE_CHANNEL_ACCESS_TOKEN") or ""
LINE_CHANNEL_SECRET = env_secret("LINE_CHANNEL_SECRET") or ""
LINE_API_BASE = os.environ.get("LINE_API_BASE", "https://api.line.me")
MESSENGER_PAGE_ACCESS_TOKEN = env_secret("MESSENGER_PAGE_ACCESS_TOKEN") or ""
MESSENGER_APP_SECRET = env_secret("MESSENGER_APP_SECRET") or ""
MESSENGER_VERIFY_TOKEN = env_secret("MESSENGER_VERIFY_TOKEN") or ""
MESSENGER_API_BASE = os.environ.get("MESSENGER_API_BASE", "https://graph.facebook.com")
MESSENGER_API_VERSION = os.environ.get("MESSENGER_API_VERSION", "v21.0")
# The tag of an urgent safety message sent outside Messenger's 24-hour window.
MESSENGER_URGENT_TAG = os.environ.get("MESSENGER_URGENT_TAG", "ACCOUNT_UPDATE")
# SMS through a Twilio-style REST API (POST /2010-04-01/Accounts/<sid>/Messages.json, basic auth).
SMS_API_BASE = os.environ.get("SMS_API_BASE", "https://api.twilio.com")
SMS_ACCOUNT_SID = os.environ.get("SMS_ACCOUNT_SID", "")
SMS_AUTH_TOKEN = env_secret("SMS_AUTH_TOKEN") or ""
SMS_FROM = os.environ.get("SMS_FROM", "")
# A telephone number written without "+" is taken as a national number of this country (Japan).
SMS_DEFAULT_COUNTRY_CODE = os.environ.get("SMS_DEFAULT_COUNTRY_CODE", "81")
CHANNEL_HTTP_TIMEOUT = env_int("CHANNEL_HTTP_TIMEOUT", 10)
# Where people find the bot to send their link code (shown on the notification settings page).
LINE_ADD_FRIEND_URL = os.environ.get("LINE_ADD_FRIEND_URL", "")
MESSENGER_PAGE_URL = os.environ.get("MESSENGER_PAGE_URL", "")
# Web Push (kakehashi.notifications.channels.WebPushChannel): on only when both VAPID keys are set.
# WEBPUSH_VAPID_PRIVATE_KEY: the application server's private key (base64url, as `vapid --gen` or
# `manage.py webpush_keys` makes it); WEBPUSH_VAPID_PUBLIC_KEY: its public key (base64url, uncompressed
# point), given to browsers when they subscribe; WEBPUSH_VAPID_SUBJECT: a contact for the push services.
WEBPUSH_VAPID_PRIVATE_KEY = env_secret("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_PUBLIC_KEY = os.environ.get("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_SUBJECT = os.environ.get("WEBPUSH_VAPID_SUBJECT", "mailto:office@kakehashi.example")
# How long a push service keeps a message for a phone that is off (seconds).
WEBPUSH_TTL_SECONDS = env_int("WEBPUSH_TTL_SECONDS", 60 * 60 * 24)

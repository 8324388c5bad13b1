"""Logs, error pages, error reports and metrics (issue 14, item 5)."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from kakehashi import urls as project_urls
from kakehashi.core.logging import (
    JsonFormatter,
    RequestIdFilter,
    SecretPathFilter,
    TextFormatter,
    build_logging,
    request_id_var,
)
from kakehashi.core.observability import admins_from_env, init_sentry
from kakehashi.core.views import server_error

pytestmark = pytest.mark.django_db

EMAIL = "tanaka.hanako@example.org"
ROOT = Path(settings.BASE_DIR)


def boom(request):
    raise RuntimeError("the view failed")


# A URL that fails, beside the project's own (used with @pytest.mark.urls(__name__)).
urlpatterns = [path("boom/", boom, name="boom"), *project_urls.urlpatterns]
handler500 = project_urls.handler500  # the project's own 500 view


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Everything logged (any logger, any level), as the production JSON handler would write it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretPathFilter())  # as build_logging's console handler (tested below)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def lines(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def request_lines(out: io.StringIO) -> list[dict]:
    return [line for line in lines(out) if line["logger"] == "kakehashi.request"]


# Request id and the one line a request ------------------------------------------------------------------


def test_each_request_logs_one_json_line_with_its_id_and_no_query_string(log_output):
    response = Client().get(f"/accounts/login/?email={EMAIL}&next=/operations/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = request_lines(log_output)
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/accounts/login/"
    assert line["view"] == "account_login"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["user_id"] is None
    assert line["time"].endswith("Z")
    # Personal data in the query string appears nowhere in the log output.
    assert "example.org" not in log_output.getvalue()
    assert "tanaka" not in log_output.getvalue()


def test_a_token_in_an_address_reaches_no_log_line(log_output):
    """Django logs a 4xx as "Not Found: /path"; a one-tap check-in token or an invitation in that path is
    masked, and the console handler of the real configuration carries the filter that does it."""
    Client().get("/operations/c/not-a-real-token-4242/")
    Client().get("/invitations/invite-token-4343/")
    output = log_output.getvalue()
    assert "not-a-real-token-4242" not in output
    assert "invite-token-4343" not in output
    assert request_lines(log_output), "the requests themselves are logged"
    assert "secret_paths" in build_logging("json")["handlers"]["console"]["filters"]


def test_a_signed_in_person_is_logged_by_id_never_by_email_or_name(log_output, client_as, demo_user):
    client = client_as("manager")
    log_output.truncate(0)
    log_output.seek(0)
    response = client.get(f"/?q={EMAIL}")
    user = demo_user("manager")
    [line] = request_lines(log_output)
    assert line["user_id"] == user.pk
    assert line["status"] == response.status_code == 200
    output = log_output.getvalue()
    assert user.email not in output
    assert EMAIL not in output
    if user.get_full_name():
        assert user.get_full_name() not in output


def test_every_line_logged_during_a_request_carries_its_id(log_output):
    response = Client().get("/no-such-page/?email=" + EMAIL)
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    logged = lines(log_output)
    assert {line["logger"] for line in logged} >= {"django.request", "kakehashi.request"}
    assert {line["request_id"] for line in logged} == {request_id}, logged
    assert EMAIL not in log_output.getvalue()


def test_a_valid_incoming_request_id_is_kept_and_an_invalid_one_replaced(log_output):
    kept = Client().get("/accounts/login/", headers={"X-Request-ID": "proxy-4f2a-01"})
    assert kept["X-Request-ID"] == "proxy-4f2a-01"
    for bad in ["with space", "a" * 65, "semi;colon", "line\nbreak", "é"]:
        replaced = Client().get("/accounts/login/", headers={"X-Request-ID": bad})
        assert replaced["X-Request-ID"] != bad
        assert len(replaced["X-Request-ID"]) == 32
    assert "semi;colon" not in log_output.getvalue()


def test_outside_a_request_no_id_is_left_behind(log_output):
    Client().get("/accounts/login/")
    assert request_id_var.get() is None
    logging.getLogger("kakehashi.test").warning("after the request")
    assert lines(log_output)[-1]["request_id"] is None


# One time zone ------------------------------------------------------------------------------------------


def test_log_times_are_utc_with_z_even_when_the_process_time_zone_is_tokyo():
    # Django has set TZ from TIME_ZONE = "Asia/Tokyo": logging's default time.localtime would say JST.
    assert time.localtime(0).tm_hour == 9
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    record.created = 1_700_000_000.25  # 2023-11-14 22:13:20.250 UTC
    assert json.loads(JsonFormatter().format(record))["time"] == "2023-11-14T22:13:20.250Z"
    record.request_id = None
    assert TextFormatter().format(record).startswith("2023-11-14T22:13:20.250Z INFO x [-] hello")


PRODUCTION_ENV = {
    "KAKEHASHI_PRODUCTION": "1",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "kakehashi.example",
    "KAKEHASHI_FIELD_KEYS": "ZmVybmV0LWtleS1mb3ItdGVzdHMtMDEyMzQ1Njc4OTA=",
    "KAKEHASHI_BLIND_INDEX_KEY": "blind-index-key-for-tests",
}


@pytest.mark.parametrize(
    ("env_vars", "is_json"),
    [
        ({"LOG_FORMAT": "json"}, True),
        ({"LOG_FORMAT": "text"}, False),
        ({}, False),  # development: text by default
        (PRODUCTION_ENV, True),  # production: JSON by default
    ],
    ids=["json", "text", "development-default", "production-default"],
)
def test_a_worker_process_logs_in_utc_in_the_chosen_format(env_vars, is_json):
    """A separate process with the real settings, as `db_worker` starts: its lines are in UTC."""
    code = (
        "import django, logging; django.setup(); logging.getLogger('django_tasks_db').warning('worker line')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kakehashi.settings", **env_vars}
    for name in ("LOG_FORMAT", "KAKEHASHI_PRODUCTION", "DATABASE_URL", "SENTRY_DSN", "ADMINS"):
        if name not in env_vars:
            env.pop(name, None)
    before = timezone.now()
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    [line] = [line for line in result.stderr.splitlines() if "worker line" in line]
    if is_json:
        entry = json.loads(line)
        stamp = entry["time"]
        assert entry["logger"] == "django_tasks_db"
    else:
        stamp = line.split(" ", 1)[0]
    after = timezone.now()
    assert stamp.endswith("Z")
    # The UTC hour, not Tokyo's (the run may cross an hour).
    assert stamp[:13] in {before.strftime("%Y-%m-%dT%H"), after.strftime("%Y-%m-%dT%H")}


def test_build_logging_refuses_an_unknown_format_and_mails_admins_only_when_asked():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        build_logging("xml")
    assert "mail_admins" not in build_logging("json")["handlers"]
    config = build_logging("json", mail_admins=True)
    assert config["loggers"]["django.request"]["handlers"] == ["mail_admins"]
    assert config["handlers"]["console"]["formatter"] == "json"
    logging.config.dictConfig({**config, "root": {"handlers": [], "level": "WARNING"}})  # it is valid


# Error pages --------------------------------------------------------------------------------------------


def test_the_404_page_shows_the_request_id():
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f"quote this reference: {response['X-Request-ID']}" in response.content.decode()


def test_the_403_page_shows_the_request_id(client_as):
    response = client_as("student").get("/jobs/")
    assert response.status_code == 403
    assert f"quote this reference: {response['X-Request-ID']}" in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_500_page_shows_the_request_id():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert f"<code>{response['X-Request-ID']}</code>" in response.content.decode()


def test_the_500_page_renders_without_the_database(django_assert_max_num_queries):
    request = RequestFactory().get("/anything/")
    request.request_id = "abc-123"
    with django_assert_max_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "<code>abc-123</code>" in response.content.decode()


# Error reports ------------------------------------------------------------------------------------------


def test_admins_come_from_the_environment():
    assert admins_from_env("Ops Team <ops@example.org>, b@example.org,") == [
        "Ops Team <ops@example.org>",
        "b@example.org",
    ]
    assert admins_from_env(None) == []


@pytest.fixture
def production_logging() -> Iterator[None]:
    """The LOGGING of production with ADMINS set and no Sentry, applied over Django's defaults as at
    start-up; the tests' own logging is put back afterwards."""
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, build_logging("json", "INFO", mail_admins=True))
    try:
        yield
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.urls(__name__)
@override_settings(ADMINS=["Ops <ops@example.org>"])
def test_a_500_mails_admins_the_request_id_and_no_personal_data(production_logging):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "secret-session-value"
    response = client.post(f"/boom/?email={EMAIL}", {"name": "Tanaka Hanako", "password": "hunter2"})
    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["Ops <ops@example.org>"]
    text = f"{message.subject}\n{message.body}"
    assert response["X-Request-ID"] in message.subject
    assert f"Request id: {response['X-Request-ID']}" in message.body
    assert "Path: /boom/" in message.body
    assert "RuntimeError: the view failed" in message.body
    for personal in [EMAIL, "Tanaka", "hunter2", "secret-session-value"]:
        assert personal not in text
    assert not message.alternatives  # no HTML report with the request dump


def test_without_a_dsn_sentry_is_not_started():
    import sentry_sdk

    assert init_sentry({}) is False
    assert init_sentry({"SENTRY_DSN": "  "}) is False
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_an_error_event_reaches_the_sentry_server():
    """A fake Sentry on 127.0.0.1 receives the event of an exception raised in a separate process."""
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "br":
                import brotli

                body = brotli.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        code = (
            "import os, sentry_sdk; from kakehashi.core.observability import init_sentry\n"
            "assert init_sentry(os.environ)\n"
            "assert sentry_sdk.get_client().options['send_default_pii'] is False\n"
            "try:\n    1 / 0\nexcept ZeroDivisionError:\n    sentry_sdk.capture_exception()\n"
            "sentry_sdk.flush(5)\n"
        )
        env = {**os.environ, "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1"}
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    finally:
        server.shutdown()
    body = b"".join(received)
    assert b"ZeroDivisionError" in body


# Metrics ------------------------------------------------------------------------------------------------

TOKEN = "metrics-token-for-tests"


def scrape(client: Client | None = None, token: str = TOKEN) -> dict[str, list]:
    response = (client or Client()).get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        family.name: family.samples for family in text_string_to_metric_families(response.content.decode())
    }


def value(families: dict[str, list], sample_name: str, **labels: str) -> float:
    name = sample_name.removesuffix("_total").removesuffix("_count").removesuffix("_bucket")
    name = name.removesuffix("_sum")
    return sum(
        sample.value
        for family_name in {name, sample_name}
        for sample in families.get(family_name, [])
        if sample.name == sample_name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def test_metrics_do_not_exist_without_a_token_configured(client_as):
    assert settings.METRICS_TOKEN is None
    assert Client().get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404
    assert client_as("admin").get("/metrics").status_code == 404


@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_need_the_token_a_session_is_not_enough(client_as):
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert Client().get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client_as("admin").get("/metrics").status_code == 401
    assert Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@override_settings(METRICS_TOKEN=TOKEN)
def test_requests_and_latency_are_counted_by_view():
    before = scrape()
    client = Client()
    for _ in range(3):
        assert client.get("/accounts/login/?next=/x").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape()
    counted = "kakehashi_http_requests_total"
    labels = {"view": "account_login", "method": "GET", "status": "200"}
    assert value(after, counted, **labels) - value(before, counted, **labels) == 3
    unmatched = {"view": "<unmatched>", "method": "GET", "status": "404"}
    assert value(after, counted, **unmatched) - value(before, counted, **unmatched) == 1
    latency = "kakehashi_http_request_duration_seconds_count"
    assert value(after, latency, view="account_login") - value(before, latency, view="account_login") == 3
    assert value(after, "kakehashi_http_request_duration_seconds_sum", view="account_login") > 0


@override_settings(METRICS_TOKEN=TOKEN)
def test_failed_logins_are_counted(demo_user):
    before = value(scrape(), "kakehashi_failed_logins_total")
    client = Client()
    for _ in range(2):
        response = client.post("/accounts/login/", {"login": demo_user("manager").email, "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    assert value(scrape(), "kakehashi_failed_logins_total") - before == 2


@override_settings(METRICS_TOKEN=TOKEN, TASK_STUCK_SECONDS=600)
def test_tasks_by_state_queue_depth_stuck_tasks_and_missed_checkins():
    from django_tasks_db.models import DBTaskResult

    from kakehashi.operations.models import Alert, AlertKind, InternCase

    now = timezone.now()

    def task(status: str, **fields) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="kakehashi.operations.tasks.check_missed_checkins",
            backend_name="default",
            run_after=fields.pop("run_after", now - timedelta(minutes=1)),
            **fields,
        )

    DBTaskResult.objects.all().delete()
    for _ in range(3):
        task("READY")
    task("READY", run_after=now + timedelta(hours=1))  # scheduled for later: not waiting yet
    task("RUNNING", started_at=now - timedelta(minutes=30))  # its worker died
    task("RUNNING", started_at=now - timedelta(minutes=1))
    task("FAILED")
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=now - timedelta(seconds=120))

    case = InternCase.objects.first()
    Alert.objects.filter(kind=AlertKind.MISSED_CHECKIN).delete()
    Alert.objects.create(case=case, kind=AlertKind.MISSED_CHECKIN, day=now.date(), raised_at=now)
    Alert.objects.create(
        case=case,
        kind=AlertKind.MISSED_CHECKIN,
        day=now.date() - timedelta(days=1),
        raised_at=now,
        acknowledged_at=now,
    )
    Alert.objects.create(case=case, kind=AlertKind.HELP_REQUESTED, day=now.date(), raised_at=now)

    families = scrape()
    assert value(families, "kakehashi_tasks", state="READY", queue="default") == 4
    assert value(families, "kakehashi_tasks", state="RUNNING", queue="default") == 2
    assert value(families, "kakehashi_tasks", state="FAILED", queue="default") == 1
    assert value(families, "kakehashi_task_queue_depth", queue="default") == 3
    assert value(families, "kakehashi_task_oldest_queued_seconds", queue="default") >= 120
    assert value(families, "kakehashi_tasks_stuck") == 1
    assert value(families, "kakehashi_missed_checkins_open") == 1


def test_counts_add_up_across_processes_in_multiprocess_mode(tmp_path):
    """Under gunicorn each worker writes its counts to PROMETHEUS_MULTIPROC_DIR; a scrape sums them."""
    code = (
        "import sys; from kakehashi.core import metrics\n"
        "metrics.observe_request('core:home', 'GET', 200, 0.05)\n"
        "metrics.record_failed_login()\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    from prometheus_client import generate_latest

    from kakehashi.core.metrics import process_registry

    exposition = generate_latest(process_registry(str(tmp_path))).decode()
    families = {family.name: family.samples for family in text_string_to_metric_families(exposition)}
    labels = {"view": "core:home", "method": "GET", "status": "200"}
    assert value(families, "kakehashi_http_requests_total", **labels) == 2
    assert value(families, "kakehashi_failed_logins_total") == 2

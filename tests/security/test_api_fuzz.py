"""The API under attack: schemathesis fuzzes every operation (no server errors; every status, content type
and body as the schema documents them), and every operation refuses a caller without credentials (401)."""

import re
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kakehashi.accounts.services import api_token_create

# Under pytest-xdist, schemathesis runs the parametrized test as one item over one operation: the report
# below would fail, and rightly. CI runs this module in a process of its own.
pytestmark = pytest.mark.serial

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
EXAMPLES_TRIED: list[str] = []
# Hypothesis's examples per operation; schemathesis adds its own (coverage of bounds, missing values).
MAX_EXAMPLES = 4


@pytest.fixture
def token(demo_user) -> Iterator[str]:
    """A token of the program manager; the WSGI app must not close the test's database connection
    after each request (Django's test client disconnects the same signal handler)."""
    _token, secret = api_token_create(user=demo_user("manager"), name="fuzz")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield secret
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails_with_a_server_error(case, token):
    EXAMPLES_TRIED.append(case.operation.label)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def operations() -> list[tuple[str, str]]:
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        found.append((operation.method.upper(), operation.path))
    return found


@pytest.mark.django_db
def test_every_operation_refuses_a_caller_without_credentials():
    client = Client()
    checked = []
    public = {"/api/v1/openapi.json", "/api/v1/docs"}
    for method, path in operations():
        url = re.sub(r"\{[^}]+\}", "1", path)
        if url in public:
            continue
        response = client.generic(method, url)
        assert response.status_code == 401, (
            f"{method} {url} answered {response.status_code} without credentials"
        )
        assert response["Content-Type"] == "application/problem+json", url
        assert response.json()["status"] == 401
        checked.append(url)
    assert len(checked) >= 5


@pytest.mark.django_db
def test_a_revoked_or_wrong_token_is_refused(client):
    for header in ["Bearer kh_not-a-token", "Bearer ", "Basic bWFuYWdlcjpwYXNz"]:
        assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401


def test_report_how_many_examples_were_tried(capsys, request):
    """Every operation of the schema was fuzzed with at least MAX_EXAMPLES examples; prints the figure
    (run with -s). The fuzz tests above run first in this module."""
    fuzzed = [
        item for item in request.session.items if "test_no_operation_fails_with_a_server_error" in item.name
    ]
    if not fuzzed:
        pytest.skip("the fuzz tests were not selected in this run")
    tried: dict[str, int] = {}
    for label in EXAMPLES_TRIED:
        tried[label] = tried.get(label, 0) + 1
    with capsys.disabled():
        print(f"\nschemathesis: {len(EXAMPLES_TRIED)} examples over {len(tried)} operations")
    assert set(tried) == {f"{method} {path}" for method, path in operations()}
    too_few = {label: count for label, count in tried.items() if count < MAX_EXAMPLES}
    assert too_few == {}, f"operations fuzzed with fewer than {MAX_EXAMPLES} examples: {too_few}"

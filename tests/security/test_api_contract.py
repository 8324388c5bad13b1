"""The API's contract, checked as every demo role: every operation of the OpenAPI schema, called with a
token of each demo person and path parameters taken from the demo, answers without a server error; every
error is an RFC 9457 problem, and every status is one the schema documents for that operation."""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.accounts.models import Organization, User
from kakehashi.accounts.services import api_token_create
from kakehashi.api.problems import CONTENT_TYPE
from kakehashi.api.urls import api
from kakehashi.core.testing.matrix import DEMO_KEYS

pytestmark = pytest.mark.django_db

UNKNOWN_ID = 999_999_999
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def _path_values() -> dict[str, list[int]]:
    """Ids for each path parameter: objects of the demo (some the caller may see, some of another
    organization) and an id nobody has."""
    from kakehashi.careers.models import JobOffer
    from kakehashi.internships.models import Round

    return {
        "organization_id": [
            Organization.objects.get(key="nagaoka-seiki").pk,
            Organization.objects.get(key="kddi").pk,
            UNKNOWN_ID,
        ],
        "round_id": [*Round.objects.order_by("pk").values_list("pk", flat=True), UNKNOWN_ID],
        "offer_id": [*JobOffer.objects.order_by("pk").values_list("pk", flat=True), UNKNOWN_ID],
    }


def _body(method: str, path: str) -> dict[str, Any]:
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/api/v1/operations/check-in"): {"status": "ok", "note": ""},
        ("POST", "/api/v1/operations/daily-reports"): {
            "day": timezone.localdate().isoformat(),
            "language": "en",
            "body": "Worked on the line.",
        },
        ("POST", "/api/v1/careers/offers/{offer_id}/answer"): {"accept": False},
    }
    return bodies.get((method, path), {})


def operations() -> list[tuple[str, str, set[int]]]:
    """(method, path, the statuses the schema documents) of every operation."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, {int(code) for code in operation["responses"]})
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def urls_for(path: str, values: dict[str, list[int]]) -> list[str]:
    names = re.findall(r"\{([^}]+)\}", path)
    if not names:
        return [path]
    assert len(names) == 1, f"{path}: fill more than one path parameter"
    return [path.replace("{" + names[0] + "}", str(value)) for value in values[names[0]]]


Answer = tuple[str, str, str, int, set[int], str, bytes]


def call_every_operation_as_every_role(demo_user: Callable[[str], User]) -> list[Answer]:
    """(method, path, role, status, documented statuses, content type, body) of every call."""
    values = _path_values()
    client = Client(raise_request_exception=False)
    answers = []
    for role in DEMO_KEYS:
        _token, secret = api_token_create(user=demo_user(role), name="contract")
        headers = {"Authorization": f"Bearer {secret}"}
        for method, path, documented in operations():
            for url in urls_for(path, values):
                response = client.generic(
                    method,
                    url,
                    data=json.dumps(_body(method, path)) if method != "GET" else "",
                    content_type="application/json",
                    headers=headers,
                )
                answers.append(
                    (
                        method,
                        path,
                        role,
                        response.status_code,
                        documented,
                        response.get("Content-Type", ""),
                        response.content,
                    )
                )
    return answers


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_no_operation_answers_a_server_error_to_any_role(demo_user, settings, debug):
    """With DEBUG (as `make run` serves), ninja used to answer an unmapped PermissionDenied with a
    traceback and 500; without it, Django's HTML error page."""
    settings.DEBUG = debug
    answers = call_every_operation_as_every_role(demo_user)
    failing = sorted(
        {(method, path, role) for method, path, role, status, *_rest in answers if status >= 500}
    )
    assert len(answers) > 300
    assert failing == [], f"{len(failing)} (operation x role) cases answered 5xx: {failing}"


def test_every_error_is_a_problem_and_every_status_is_documented(demo_user):
    answers = call_every_operation_as_every_role(demo_user)
    undocumented = sorted(
        {(method, path, status) for method, path, _role, status, documented, *_rest in answers}
        - {
            (method, path, status)
            for method, path, _role, status, documented, *_rest in answers
            if status in documented
        }
    )
    assert undocumented == []
    errors = [answer for answer in answers if answer[3] >= 400]
    assert {answer[3] for answer in errors} >= {403, 404}
    for method, path, role, status, _documented, content_type, body in errors:
        assert content_type == CONTENT_TYPE, (method, path, role, status, content_type)
        problem = json.loads(body)
        assert set(problem) >= PROBLEM_FIELDS, (method, path, role, problem)
        assert problem["status"] == status
        assert problem["detail"]
        assert problem["title"]
        assert "Traceback" not in problem["detail"]


def _token(demo_user: Callable[[str], User], role: str) -> dict[str, str]:
    _api_token, secret = api_token_create(user=demo_user(role), name="contract")
    return {"Authorization": f"Bearer {secret}"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    problem = json.loads(response.content)
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["instance"] == response.wsgi_request.path
    return problem


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/no-such-thing", "/api/v1/me/", "/api/v1/rounds/1/places/extra", "/api/v2/me"]
)
def test_an_unknown_api_address_answers_a_json_404_not_the_html_page(client, demo_user, url):
    for headers in [{}, _token(demo_user, "student")]:
        problem = _problem(client.get(url, headers=headers), 404)
        assert "/api/v1/docs" in problem["detail"]
    session = Client(enforce_csrf_checks=True)
    session.cookies["kakehashi_language"] = "en"  # the cookie comes before the student's own language
    session.force_login(demo_user("student"))
    _problem(session.post(url, "{}", content_type="application/json"), 404)


def test_a_method_an_address_does_not_take_answers_a_405_problem(client, demo_user):
    response = client.delete("/api/v1/me", headers=_token(demo_user, "student"))
    problem = _problem(response, 405)
    assert response["Allow"] == "GET"
    assert "DELETE" in problem["detail"]


def test_no_credentials_answer_401_with_how_to_authenticate(client):
    response = client.get("/api/v1/me")
    problem = _problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in problem["detail"]


def test_errors_speak_the_callers_language(client, demo_user):
    """The token's person's profile language, as the pages do (the funder's is Japanese, the student's
    Mongolian); without credentials, the browser's Accept-Language."""
    from django.utils import translation

    refused = client.get("/api/v1/careers/offers", headers=_token(demo_user, "funder"))
    with translation.override("ja"):
        assert _problem(refused, 403)["detail"] == translation.gettext(
            "Your role does not allow this action."
        )
    assert refused["Content-Language"] == "ja"
    student = client.get("/api/v1/programme/budget", headers=_token(demo_user, "student"))
    assert (_problem(student, 403), student["Content-Language"])[1] == "mn"
    anonymous = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    assert (_problem(anonymous, 401), anonymous["Content-Language"])[1] == "en"


def test_a_role_without_the_right_gets_403_and_another_organizations_object_404(client, demo_user):
    company = _token(demo_user, "company")
    assert _problem(client.get("/api/v1/learning/progress", headers=company), 403)
    other = Organization.objects.get(key="echigo-machinery")
    _problem(client.get(f"/api/v1/companies/{other.pk}/readiness", headers=company), 404)
    _problem(client.get(f"/api/v1/companies/{UNKNOWN_ID}/readiness", headers=company), 404)
    _problem(client.get(f"/api/v1/organizations?program={UNKNOWN_ID}", headers=company), 404)


def test_invalid_parameters_answer_422_with_the_values_to_correct(client, demo_user):
    student = _token(demo_user, "student")
    problem = _problem(client.get("/api/v1/organizations?limit=0&offset=-1", headers=student), 422)
    assert sorted(tuple(error["loc"]) for error in problem["errors"]) == [
        ("query", "limit"),
        ("query", "offset"),
    ]
    huge = client.get("/api/v1/rounds/99999999999999999999999/places", headers=student)
    assert [error["loc"] for error in _problem(huge, 422)["errors"]] == [["path", "round_id"]]


def test_lists_are_paginated_with_a_total_and_links(client, demo_user):
    student = _token(demo_user, "student")
    whole = client.get("/api/v1/organizations", headers=student).json()
    assert whole["count"] == len(whole["items"]) > 2
    assert (whole["next"], whole["previous"]) == (None, None)
    first = client.get("/api/v1/organizations?limit=2", headers=student).json()
    assert (len(first["items"]), first["count"], first["previous"]) == (2, whole["count"], None)
    second = client.get(first["next"], headers=student).json()
    assert second["items"] == whole["items"][2:4]
    assert second["previous"] == "/api/v1/organizations?limit=2&offset=0"


def test_too_many_requests_from_one_person_answer_a_429_problem_with_when_to_retry(
    client, demo_user, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.KAKEHASHI_API_REQUESTS_PER_MINUTE = 3
    client.cookies["kakehashi_language"] = "en"  # the cookie comes before the student's own language
    student, student2 = _token(demo_user, "student"), _token(demo_user, "student2")
    assert [client.get("/api/v1/me", headers=student).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/me", headers=student)
    problem = _problem(response, 429)
    assert response["Retry-After"] == "60"
    assert problem["detail"] == "Too many requests: wait 60 seconds, then try again."
    assert client.get("/api/v1/me", headers=student2).status_code == 200  # counted per person
    cache.clear()


def test_a_fault_answers_a_500_problem_without_a_traceback(client, demo_user, settings, monkeypatch, caplog):
    from kakehashi.accounts import selectors

    def broken(viewer: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "programs_visible_to", broken)
    for debug in (False, True):
        settings.DEBUG = debug
        response = Client(raise_request_exception=False).get(
            "/api/v1/programs", headers=_token(demo_user, "student")
        )
        problem = _problem(response, 500)
        assert b"secret internals" not in response.content
        assert "Traceback" not in problem["detail"]
    assert "secret internals" in caplog.text  # logged for the developers instead


def test_the_schema_documents_one_problem_schema_for_every_error_answer():
    schema = api.get_openapi_schema()
    assert set(schema["components"]["schemas"]["Problem"]["required"]) >= {"title", "status", "detail"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if path in {"/api/v1/openapi.json", "/api/v1/docs"}:
                continue
            codes = {int(code) for code in operation["responses"]}
            assert {401, 403, 422, 429, 500} <= codes, (method, path)
            for code, answer in operation["responses"].items():
                if int(code) >= 400:
                    ref = answer["content"][CONTENT_TYPE]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Problem", (method, path, code)


def test_creating_answers_201_and_the_schema_says_so():
    schema = api.get_openapi_schema()
    for path in ["/api/v1/operations/check-in", "/api/v1/operations/daily-reports"]:
        assert {200, 201} <= {int(code) for code in schema["paths"][path]["post"]["responses"]}, path


def test_a_session_post_without_the_csrf_token_answers_a_403_problem(demo_user):
    session = Client(enforce_csrf_checks=True)
    session.cookies["kakehashi_language"] = "en"  # the cookie comes before the student's own language
    session.force_login(demo_user("student"))
    response = session.post("/api/v1/operations/check-in", "{}", content_type="application/json")
    problem = _problem(response, 403)
    assert problem["detail"].startswith("The CSRF check failed")

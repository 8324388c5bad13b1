"""The API's contract, checked as every demo role: every operation of the OpenAPI schema, called with a
token of each demo person and path parameters taken from the demo, answers without a server error."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.accounts.models import Organization, User
from kakehashi.accounts.services import api_token_create
from kakehashi.api.urls import api
from kakehashi.core.testing.matrix import DEMO_KEYS

pytestmark = pytest.mark.django_db

UNKNOWN_ID = 999_999_999


def _path_values() -> dict[str, list[int]]:
    """Ids for each path parameter: objects of the demo (one the caller may see, one of another
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


BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/operations/check-in"): {"status": "ok", "note": ""},
    ("POST", "/api/v1/operations/daily-reports"): {"language": "en", "body": "Worked on the line."},
    ("POST", "/api/v1/careers/offers/{offer_id}/answer"): {"accept": False},
}


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, item in schema["paths"].items() for method in item]


def urls_for(path: str, values: dict[str, list[int]]) -> list[str]:
    names = re.findall(r"\{([^}]+)\}", path)
    if not names:
        return [path]
    assert len(names) == 1, f"{path}: fill more than one path parameter"
    return [path.replace("{" + names[0] + "}", str(value)) for value in values[names[0]]]


def call_every_operation_as_every_role(
    demo_user: Callable[[str], User],
) -> list[tuple[str, str, str, int, bytes]]:
    """(method, url, role, status, body) of every call; tokens of every demo person."""
    values = _path_values()
    client = Client(raise_request_exception=False)
    answers = []
    for role in DEMO_KEYS:
        _token, secret = api_token_create(user=demo_user(role), name="contract")
        headers = {"Authorization": f"Bearer {secret}"}
        for method, path in operations():
            for url in urls_for(path, values):
                body = dict(BODIES.get((method, path), {}))
                if path == "/api/v1/operations/daily-reports" and method == "POST":
                    body["day"] = timezone.localdate().isoformat()
                if method == "GET":
                    response = client.get(url, headers=headers)
                else:
                    response = client.generic(
                        method, url, data=_json(body), content_type="application/json", headers=headers
                    )
                answers.append((method, path, role, response.status_code, response.content))
    return answers


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body)


def test_no_operation_answers_a_server_error_to_any_role(demo_user):
    answers = call_every_operation_as_every_role(demo_user)
    failing = sorted({(method, path, role) for method, path, role, status, _body in answers if status >= 500})
    assert len(answers) > 300
    assert failing == [], f"{len(failing)} (operation x role) cases answered 5xx: {failing}"

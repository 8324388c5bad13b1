import pytest

from kakehashi.accounts.models import ApiToken
from kakehashi.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_a_token_created_on_the_profile_is_shown_once_and_stored_hashed(client_as):
    manager = client_as("manager")
    response = manager.post("/profile/tokens/", {"name": "reports"})
    token = response.context["new_token"]
    assert token.startswith("kh_")
    stored = ApiToken.objects.get(name="reports")
    assert token not in (stored.token_hash, stored.prefix)
    assert token.encode() not in manager.get("/profile/tokens/").content


def test_the_api_answers_a_bearer_token_with_the_callers_roles(client, demo_user):
    _api_token, token = api_token_create(user=demo_user("teacher"), name="t")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "teacher@demo.kakehashi.example"
    assert {m["role"] for m in body["memberships"]} == {"partner_teacher", "org_admin"}
    assert body["program"]["key"] == "jica-dx-2024"


def test_a_revoked_or_wrong_token_is_refused(client, client_as, demo_user):
    api_token, token = api_token_create(user=demo_user("teacher"), name="t")
    client_as("teacher").post(f"/profile/tokens/{api_token.pk}/revoke/")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer kh_wrong"}).status_code == 401


def test_organizations_are_scoped_to_the_callers_program(client, demo_user):
    _t, token = api_token_create(user=demo_user("student"), name="t")
    response = client.get(
        "/api/v1/organizations?kind=partner_college", headers={"Authorization": f"Bearer {token}"}
    )
    assert sorted(org["key"] for org in response.json()["items"]) == [
        "mongol-kosen",
        "must-kosen",
        "shine-mongol-kosen",
    ]
    pilot_only = client.get("/api/v1/programs", headers={"Authorization": f"Bearer {token}"}).json()
    assert [p["key"] for p in pilot_only["items"]] == ["jica-dx-2024"]


def test_the_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/programs", "/api/v1/organizations"} <= set(schema["paths"])

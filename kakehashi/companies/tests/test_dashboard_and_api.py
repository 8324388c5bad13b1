"""The dashboard's figures, and the API."""

import pytest
from django.utils import translation

from kakehashi.companies import selectors
from kakehashi.companies.tests.helpers import org, viewer

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_the_demo():
    with translation.override("en"):  # the funnel is labelled in the viewer's language
        data = selectors.dashboard(viewer("city"))
        funnel = {str(label): count for label, count in data.funnel}
    assert funnel["Hosting"] == 8
    assert sum(funnel.values()) == 20
    assert data.ready_companies == 8
    assert data.overdue_count >= 1
    assert data.overdue


def test_the_funder_sees_figures_without_names(client_as):
    page = client_as("funder").get("/companies/dashboard/").content.decode()
    assert "Pipeline funnel" in page
    assert "Readiness by area" in page
    assert "受入準備セミナーの案内" not in page
    assert "Overdue next steps" in page  # the figure, not the list
    assert selectors.dashboard(viewer("funder")).overdue == []


def test_the_api_lists_companies_for_the_city_and_only_its_own_for_a_company(client_as):
    city = client_as("city").get("/api/v1/companies?limit=500").json()
    assert (len(city["items"]), city["count"]) == (20, 20)
    first_page = client_as("city").get("/api/v1/companies?limit=15").json()
    assert (len(first_page["items"]), first_page["count"]) == (15, 20)
    rest = client_as("city").get(first_page["next"]).json()
    assert [row["id"] for row in first_page["items"] + rest["items"]] == [row["id"] for row in city["items"]]
    assert rest["next"] is None
    own = client_as("company").get("/api/v1/companies").json()
    assert [row["organization_id"] for row in own["items"]] == [org("nagaoka-seiki").pk]


def test_the_api_gives_readiness(client_as):
    organization = org("nagaoka-seiki")
    data = client_as("company").get(f"/api/v1/companies/{organization.pk}/readiness").json()
    assert data["ready"] is True
    assert data["missing"] == []
    other = org("echigo-machinery")
    assert client_as("company").get(f"/api/v1/companies/{other.pk}/readiness").status_code == 404


def test_the_api_lists_support_requests_in_scope(client_as):
    sites = [row["site"] for row in client_as("telecom").get("/api/v1/support-requests").json()["items"]]
    assert sites == ["長岡精機 本社工場 2F 研修室"]
    # A role that takes no part in support requests lacks the right: 403, as the pages answer.
    assert client_as("student").get("/api/v1/support-requests").status_code == 403


def test_the_demo_loads_twice_without_change():
    from kakehashi.companies import demo
    from kakehashi.companies.models import OutreachActivity, OutreachCompany, ReadinessAnswer

    before = (
        OutreachCompany.objects.count(),
        ReadinessAnswer.objects.count(),
        OutreachActivity.objects.count(),
    )
    demo.load()
    after = (
        OutreachCompany.objects.count(),
        ReadinessAnswer.objects.count(),
        OutreachActivity.objects.count(),
    )
    assert before == after


def test_the_areas_come_in_the_order_of_the_program():
    titles = [title for title, _verified, _needed in selectors.dashboard(viewer("city")).areas]
    assert titles[0].in_language("en") == "Management commitment"
    assert titles[-1].in_language("en") == "Cultural understanding"

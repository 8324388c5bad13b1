"""Network support requests go to the telecom partner of the requester's country."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kakehashi.companies import selectors, services
from kakehashi.companies.models import SupportRequest, SupportStatus
from kakehashi.companies.tests.helpers import org, viewer

pytestmark = pytest.mark.django_db


def ask(key: str, requester: str) -> SupportRequest:
    return services.support_request_create(
        viewer=viewer(key),
        requester=org(requester),
        request=SupportRequest(site="Lab", need="Wi-Fi", starts_on="2026-04-01", ends_on="2026-04-10"),
    )


def test_a_japanese_company_asks_kddi_and_a_mongolian_college_asks_mobicom():
    assert ask("company", "nagaoka-seiki").telecom.key == "kddi"
    assert ask("teacher", "must-kosen").telecom.key == "mobicom"


def test_nobody_asks_for_another_organization():
    with pytest.raises(PermissionDenied):
        ask("company", "echigo-machinery")


def test_the_end_cannot_come_before_the_start():
    with pytest.raises(ValidationError):
        services.support_request_create(
            viewer=viewer("company"),
            requester=org("nagaoka-seiki"),
            request=SupportRequest(site="Lab", need="x", starts_on="2026-04-10", ends_on="2026-04-01"),
        )


def test_a_kddi_engineer_sees_only_requests_sent_to_kddi():
    to_kddi, to_mobicom = ask("company", "nagaoka-seiki"), ask("teacher", "must-kosen")
    engineer = viewer("telecom")
    visible = set(selectors.support_requests(engineer))
    assert to_kddi in visible
    assert to_mobicom not in visible
    with pytest.raises(Http404):
        selectors.support_request_for(engineer, to_mobicom.pk)


def test_the_engineer_works_on_it_and_the_company_closes_it(client_as):
    request = ask("company", "nagaoka-seiki")
    engineer = client_as("telecom")
    engineer.post(f"/companies/support/{request.pk}/status/", {"status": "in_progress"})
    engineer.post(f"/companies/support/{request.pk}/", {"body": "We visit on Monday."})
    request.refresh_from_db()
    assert request.status == SupportStatus.IN_PROGRESS
    page = client_as("company").get(f"/companies/support/{request.pk}/").content.decode()
    assert "We visit on Monday." in page
    with pytest.raises(PermissionDenied):
        services.support_status_set(viewer=viewer("company"), request=request, status=SupportStatus.RESOLVED)
    services.support_status_set(viewer=viewer("company"), request=request, status=SupportStatus.CLOSED)
    request.refresh_from_db()
    assert request.status == SupportStatus.CLOSED
    assert request.closed_at is not None
    with pytest.raises(ValidationError):
        services.support_comment_add(viewer=viewer("telecom"), request=request, body="late")


def test_the_request_form(client_as):
    company = client_as("company")
    response = company.post(
        "/companies/support/new/",
        {
            "requester": org("nagaoka-seiki").pk,
            "site": "Factory 2",
            "need": "Network for two interns",
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-14",
        },
    )
    assert response.status_code == 302
    created = SupportRequest.objects.get(site="Factory 2")
    assert created.telecom.key == "kddi"
    listing = client_as("telecom").get("/companies/support/?status=open").content.decode()
    assert "Factory 2" in listing
    assert "5G test SIM" not in listing  # the demo's request to Mobicom

"""Offers, hires with the 技人国 checklist, retention check-ins, the alumni directory and the counts."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kakehashi.accounts.models import Organization, Program
from kakehashi.careers import selectors, services
from kakehashi.careers.checklist import DOCUMENTS
from kakehashi.careers.models import OfferStatus
from kakehashi.core.permissions import build_viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(demo_user):
    return lambda key: build_viewer(demo_user(key))


@pytest.fixture
def jica():
    return Program.objects.get(key="jica-dx-2024")


def make_offer(viewer, demo_user, **values):
    return services.offer_create(
        viewer=viewer("company"),
        company=Organization.objects.get(key="nagaoka-seiki"),
        student=demo_user("student"),
        title="Production engineer",
        graduation_on=date(2027, 1, 20),
        start_on=values.pop("start_on", date(2027, 4, 1)),
        **values,
    )


def test_an_accepted_offer_becomes_a_hire_with_its_checklist_and_check_ins(viewer, demo_user, jica) -> None:
    offers, hires = selectors.offers_count(jica), selectors.hires_count(jica)
    offer = make_offer(viewer, demo_user)
    assert offer.college.key == "must-kosen"
    assert selectors.offers_count(jica) == offers + 1
    with pytest.raises(PermissionDenied):
        services.offer_respond(viewer=viewer("company"), offer=offer, accept=True)
    services.offer_respond(viewer=viewer("student"), offer=offer, accept=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    hire = offer.hire
    assert selectors.hires_count(jica) == hires + 1
    assert [d.key for d in hire.documents.all()] == list(DOCUMENTS)
    assert [(c.months, c.due_on) for c in hire.retention_checks.all()] == [
        (3, date(2027, 7, 1)),
        (6, date(2027, 10, 1)),
        (12, date(2028, 4, 1)),
        (24, date(2029, 4, 1)),
        (36, date(2030, 4, 1)),
    ]
    with pytest.raises(ValidationError):
        services.offer_respond(viewer=viewer("student"), offer=offer, accept=False)


def test_offer_rules(viewer, demo_user) -> None:
    with pytest.raises(PermissionDenied):
        services.offer_create(
            viewer=viewer("mentor"),
            company=Organization.objects.get(key="nagaoka-seiki"),
            student=demo_user("student"),
            title="x",
            graduation_on=date(2027, 1, 20),
            start_on=date(2027, 4, 1),
        )
    with pytest.raises(ValidationError):
        make_offer(viewer, demo_user, start_on=date(2026, 4, 1))
    offer = make_offer(viewer, demo_user)
    with pytest.raises(ValidationError):
        make_offer(viewer, demo_user)  # one open offer per company and student
    assert offer in selectors.offers_visible_to(viewer("teacher"))
    assert offer not in selectors.offers_visible_to(viewer("student2"))
    with pytest.raises(Http404):
        selectors.offer_for(viewer("instructor"), offer.pk)
    with pytest.raises(PermissionDenied):
        selectors.offers_visible_to(viewer("funder"))
    services.offer_withdraw(viewer=viewer("company"), offer=offer)
    with pytest.raises(ValidationError):
        services.offer_respond(viewer=viewer("student"), offer=offer, accept=True)


def test_retention_answers_from_both_sides_feed_the_rate(viewer, demo_user, jica) -> None:
    offer = make_offer(viewer, demo_user)
    services.offer_respond(viewer=viewer("student"), offer=offer, accept=True)
    offer.refresh_from_db()
    check = offer.hire.retention_checks.get(months=3)
    with pytest.raises(ValidationError):
        services.retention_answer(viewer=viewer("company"), check=check, satisfaction=4)
    services.retention_answer(viewer=viewer("company"), check=check, satisfaction=4, still_employed=True)
    services.retention_answer(viewer=viewer("student"), check=check, satisfaction=5, wants_to_stay=True)
    check.refresh_from_db()
    assert check.is_complete
    assert selectors.retained_count(jica, 3) >= 1
    assert selectors.retention_rate(jica, 3) == 1.0
    with pytest.raises(PermissionDenied):
        services.retention_answer(viewer=viewer("teacher"), check=check, satisfaction=3)


def test_the_alumni_directory_lists_only_those_who_opt_in(viewer, client_as) -> None:
    services.alumni_profile_save(viewer=viewer("student2"), listed=False, headline="Hidden", contact="")
    services.alumni_profile_save(viewer=viewer("student"), listed=True, headline="Robotics", contact="")
    names = [p.headline for p in selectors.alumni_visible_to(viewer("company"))]
    assert "Robotics" in names
    assert "Hidden" not in names
    with pytest.raises(PermissionDenied):
        services.alumni_profile_save(viewer=viewer("company"), listed=True, headline="x", contact="")


def test_the_demo_has_one_pilot_hire_retained_for_a_year() -> None:
    pilot = Program.objects.get(key="nagaoka-pilot-2023")
    assert selectors.hires_count(pilot) == 1
    assert selectors.retained_count(pilot, 12) == 1


def test_the_student_answers_an_offer_through_the_api(viewer, demo_user, client_as) -> None:
    offer = make_offer(viewer, demo_user)
    student = client_as("student")
    listed = student.get("/api/v1/careers/offers?status=offered").json()
    assert offer.pk in [row["id"] for row in listed["items"]]
    answer = student.post(
        f"/api/v1/careers/offers/{offer.pk}/answer",
        json.dumps({"accept": False}),
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["status"] == "declined"
    again = student.post(
        f"/api/v1/careers/offers/{offer.pk}/answer",
        json.dumps({"accept": True}),
        content_type="application/json",
    )
    assert again.status_code == 422
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["detail"] == "This offer is no longer open."
    assert client_as("student2").get(f"/careers/offers/{offer.pk}/").status_code == 404


def test_figures_for_the_programme_app() -> None:
    from kakehashi.operations import selectors as operations

    pilot = Program.objects.get(key="nagaoka-pilot-2023")
    interns = operations.cases_count(pilot)
    assert interns >= 1
    assert selectors.offer_rate(pilot) == 1 / interns
    assert selectors.hires_count(pilot, until=date(2024, 3, 31)) == 0
    assert selectors.hires_count(pilot, until=date(2024, 4, 1)) == 1
    assert operations.safe_completion_rate(pilot) == 1.0


def test_follow_up_lasts_three_years_with_renewals_and_a_job_change(client_as) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from kakehashi.accounts.models import Organization, Program, User
    from kakehashi.careers.models import Hire, JobChange, JobOffer, ResidencePeriod
    from kakehashi.careers.services import hire_from_offer, renewal_due

    accepted = JobOffer.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        company=Organization.objects.get(key="nagaoka-seiki"),
        student=User.objects.get(email="student@demo.kakehashi.example"),
        college=Organization.objects.get(key="must-kosen"),
        title="Follow-up engineer",
        graduation_on=date(2026, 1, 20),
        start_on=date(2026, 4, 1),
        offered_by=User.objects.get(email="company@demo.kakehashi.example"),
        status="accepted",
    )
    hire = hire_from_offer(accepted)
    assert list(hire.retention_checks.values_list("months", "due_on")) == [
        (3, date(2026, 7, 1)),
        (6, date(2026, 10, 1)),
        (12, date(2027, 4, 1)),
        (24, date(2028, 4, 1)),
        (36, date(2029, 4, 1)),
    ]
    company = client_as("company")
    expires = timezone.localdate() + timedelta(days=60)
    company.post(
        f"/careers/hires/{hire.pk}/residence/",
        {
            "kind": "change",
            "granted_on": (expires - timedelta(days=365)).isoformat(),
            "expires_on": expires.isoformat(),
        },
    )
    period = ResidencePeriod.objects.get(hire=hire)
    assert renewal_due(period)
    assert not renewal_due(period, today=expires - timedelta(days=91))
    page = company.get(f"/careers/hires/{hire.pk}/").content.decode()
    assert "apply for the renewal now" in page
    # A period that ends before it starts is refused with the reason, and nothing is stored.
    refused = company.post(
        f"/careers/hires/{hire.pk}/residence/",
        {"kind": "renewal", "granted_on": "2027-01-01", "expires_on": "2026-01-01"},
        follow=True,
    )
    assert "must end after the day it was granted" in refused.content.decode()
    assert ResidencePeriod.objects.filter(hire=hire).count() == 1
    company.post(
        f"/careers/hires/{hire.pk}/job-change/",
        {
            "left_on": "2027-09-30",
            "new_employer": "Tsubame Robotics",
            "stays_in_niigata": "true",
            "reason": "",
        },
    )
    change = JobChange.objects.get(hire=hire)
    assert (change.new_employer, change.stays_in_niigata) == ("Tsubame Robotics", True)
    assert Hire.objects.get(pk=hire.pk).left_on == date(2027, 9, 30)
    page = company.get(f"/careers/hires/{hire.pk}/").content.decode()
    assert "apply for the renewal now" not in page  # the hire ended: no renewal to chase
    assert "Record a job change" not in page

"""Every app's events come through the one door: network support requests reach the telecom engineers of
the requester's country, readiness answers reach who verifies them and back, job offers and their answers,
retention check-ins that are due (a daily job, once), expenses to approve and reports built."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from kakehashi.accounts.models import Membership, Organization
from kakehashi.accounts.roles import Role
from kakehashi.careers import services as careers
from kakehashi.careers.models import RetentionCheck
from kakehashi.companies import services as companies
from kakehashi.companies.models import ReadinessItem, SupportRequest
from kakehashi.core.permissions import build_viewer
from kakehashi.notifications.models import Delivery, Notification
from kakehashi.programme import services as programme
from kakehashi.programme import tasks as programme_tasks

pytestmark = pytest.mark.django_db


def told(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("user__email", flat=True))


def test_a_support_request_reaches_the_telecom_engineers_of_the_requesters_country(demo_user) -> None:
    request = companies.support_request_create(
        viewer=build_viewer(demo_user("company")),
        requester=Organization.objects.get(key="nagaoka-seiki"),
        request=SupportRequest(site="Lab", need="Wi-Fi", starts_on="2026-04-01", ends_on="2026-04-10"),
    )
    assert request.telecom.key == "kddi"
    engineers = set(
        Membership.objects.filter(organization__key="kddi", role=Role.TELECOM_ENGINEER).values_list(
            "user__email", flat=True
        )
    )
    assert engineers
    assert told("companies.support_requested") == engineers
    mobicom = Membership.objects.filter(organization__key="mobicom").values_list("user__email", flat=True)
    assert not told("companies.support_requested") & set(mobicom)


def test_a_readiness_answer_goes_to_be_verified_and_its_verdict_comes_back(
    demo_user, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    company = Organization.objects.get(key="nagaoka-seiki")
    company.readiness_answers.all().delete()
    item = ReadinessItem.objects.first()
    assert item is not None
    answer = companies.answer_submit(
        viewer=build_viewer(demo_user("company")), organization=company, item=item, text="Done."
    )
    assert demo_user("city").email in told("companies.readiness_to_verify")
    assert demo_user("company").email not in told("companies.readiness_to_verify")
    companies.answer_review(
        viewer=build_viewer(demo_user("city")), answer=answer, verify=False, comment="Photo?"
    )
    assert told("companies.readiness_returned") == {demo_user("company").email}
    assert "Photo?" in Notification.objects.get(event="companies.readiness_returned").text
    answer = companies.answer_submit(
        viewer=build_viewer(demo_user("company")), organization=company, item=item, text="Done, with a photo."
    )
    companies.answer_review(viewer=build_viewer(demo_user("city")), answer=answer, verify=True)
    assert told("companies.readiness_verified") == {demo_user("company").email}


def _offer(demo_user):  # type: ignore[no-untyped-def]
    return careers.offer_create(
        viewer=build_viewer(demo_user("company")),
        company=Organization.objects.get(key="nagaoka-seiki"),
        student=demo_user("student"),
        title="Production engineer",
        graduation_on=date(2027, 1, 20),
        start_on=date(2027, 4, 1),
    )


def test_a_job_offer_and_its_answer_are_told(demo_user) -> None:
    offer = _offer(demo_user)
    assert told("careers.offer_made") == {demo_user("student").email}
    careers.offer_respond(viewer=build_viewer(demo_user("student")), offer=offer, accept=True)
    assert demo_user("company").email in told("careers.offer_accepted")
    assert demo_user("student").email not in told("careers.offer_accepted")


def test_a_declined_offer_is_told_to_the_company(demo_user) -> None:
    offer = _offer(demo_user)
    careers.offer_respond(viewer=build_viewer(demo_user("student")), offer=offer, accept=False)
    assert demo_user("company").email in told("careers.offer_declined")
    assert not told("careers.offer_accepted")


def test_a_due_retention_check_in_is_told_to_both_sides_once(demo_user) -> None:
    offer = _offer(demo_user)
    careers.offer_respond(viewer=build_viewer(demo_user("student")), offer=offer, accept=True)
    check = RetentionCheck.objects.get(hire__offer=offer, months=3)
    first = careers.retention_reminders(on=check.due_on - timedelta(days=1))
    assert not Notification.objects.filter(
        event="careers.retention_due", about__startswith=f"retention:{check.pk}:"
    )
    first = careers.retention_reminders(on=check.due_on)
    assert first >= 2
    assert {demo_user("student").email, demo_user("company").email} <= told("careers.retention_due")
    assert careers.retention_reminders(on=check.due_on + timedelta(days=1)) == 0  # the daily job again


def test_the_retention_job_is_scheduled_daily() -> None:
    from kakehashi.core.scheduling import registered_jobs

    names = {job.name: job for job in registered_jobs()}
    assert names["careers.retention_reminders"].every == timedelta(days=1)
    assert names["notifications.deliver_due"].every == timedelta(minutes=1)


def test_an_expense_waits_for_the_accountants_approval(demo_user) -> None:
    programme.expense_create(
        viewer=build_viewer(demo_user("manager")),
        data={
            "spent_on": date(2025, 7, 10),
            "category": "overseas_per_diem",
            "description": "Per diem, Ulaanbaatar",
            "payee": "Hotel",
            "amount": Decimal(12000),
            "currency": "JPY",
            "rate": Decimal(1),
        },
    )
    assert told("programme.expense_to_approve") == {demo_user("accountant").email}
    assert "12,000" in Notification.objects.get(event="programme.expense_to_approve").text


def test_the_person_who_built_a_report_is_told_it_is_ready(demo_user, monkeypatch) -> None:
    from kakehashi.programme.models import Report

    monkeypatch.setattr(programme_tasks.reports, "build", lambda report: None)
    report = Report.objects.filter(program__key="jica-dx-2024").first()
    assert report is not None
    Report.objects.filter(pk=report.pk).update(built_by=demo_user("manager"))
    mail.outbox.clear()
    programme_tasks.build_report.call(report.pk)
    assert told("programme.report_built") == {demo_user("manager").email}
    assert Delivery.objects.get(event="programme.report_built", channel="email").status == "sent"
    assert [m.to for m in mail.outbox] == [[demo_user("manager").email]]


def test_the_person_who_asked_for_a_report_is_told_when_it_fails(demo_user, monkeypatch) -> None:
    from kakehashi.programme.models import Report

    def fail(report):  # type: ignore[no-untyped-def]
        raise RuntimeError("no figures")

    monkeypatch.setattr(programme_tasks.reports, "build", fail)
    report = Report.objects.filter(program__key="jica-dx-2024").first()
    assert report is not None
    Report.objects.filter(pk=report.pk).update(built_by=demo_user("manager"))
    with pytest.raises(RuntimeError):
        programme_tasks.build_report.call(report.pk)
    assert told("programme.report_failed") == {demo_user("manager").email}
    assert not told("programme.report_built")

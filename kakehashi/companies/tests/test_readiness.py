"""Readiness: answers with evidence, verification, scores, the action plan, and is_company_ready()."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kakehashi.companies import selectors, services
from kakehashi.companies.evidence import MAX_BYTES, check_evidence
from kakehashi.companies.models import (
    AnswerStatus,
    OutreachCompany,
    ReadinessAnswer,
    ReadinessItem,
    Stage,
)
from kakehashi.companies.selectors import is_company_ready
from kakehashi.companies.tests.helpers import PDF, PNG, office_file, org, program, viewer
from kakehashi.core.testing.uploads import real_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_company(settings, tmp_path):
    """nagaoka-seiki with no answer yet, registered in the pipeline."""
    settings.MEDIA_ROOT = tmp_path
    organization = org("nagaoka-seiki")
    organization.readiness_answers.all().delete()
    OutreachCompany.objects.filter(organization=organization).update(stage=Stage.REGISTERED)
    return organization


def test_the_demo_host_companies_are_ready():
    assert is_company_ready(org("nagaoka-seiki"))
    assert len(selectors.ready_organization_ids()) == 8


def test_a_company_with_one_required_item_unverified_is_not_ready():
    organization = org("echigo-machinery")
    organization.readiness_answers.filter(item__key="work_plan").update(status=AnswerStatus.RETURNED)
    assert not is_company_ready(organization)


def test_an_optional_or_retired_item_does_not_hold_a_company_back():
    organization = org("echigo-machinery")
    organization.readiness_answers.filter(item__key="culture_training").delete()
    assert not is_company_ready(organization)
    ReadinessItem.objects.filter(key="culture_training").update(required=False)
    assert is_company_ready(organization)


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", PDF), ("photo.png", PNG), ("photo.jpg", real_image("JPEG"))],
)
def test_evidence_of_an_allowed_type_passes(name, content):
    assert check_evidence(SimpleUploadedFile(name, content)) == name.rsplit(".", 1)[1]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_office_files_are_recognised_by_their_content(kind):
    assert check_evidence(SimpleUploadedFile(f"plan.{kind}", office_file(kind))) == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ", "not accepted"),
        ("plan.pdf", b"MZ\x90\x00 not a pdf", "Programs and scripts are not accepted"),
        ("plan.docx", office_file("xlsx"), "not a real DOCX"),
        ("photo.png", PDF, "does not match"),
        ("big.pdf", PDF + b"0" * MAX_BYTES, "larger than 5 MB"),
    ],
)
def test_evidence_is_checked_by_extension_content_and_size(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_evidence(SimpleUploadedFile(name, content))


def test_the_company_answers_every_item_and_verification_makes_it_ready(fresh_company):
    company, city = viewer("company"), viewer("city")
    items = list(ReadinessItem.objects.filter(is_active=True))
    for item in items:
        services.answer_submit(viewer=company, organization=fresh_company, item=item, text="Done.")
    entry = OutreachCompany.objects.get(organization=fresh_company)
    assert entry.stage == Stage.PREPARING
    state = selectors.readiness_of(city, fresh_company)
    assert state.score == 0
    assert len(state.action_plan) == len(items)
    answers = ReadinessAnswer.objects.filter(organization=fresh_company)
    for answer in answers[1:]:
        services.answer_review(viewer=city, answer=answer, verify=True)
    assert not is_company_ready(fresh_company)
    services.answer_review(viewer=viewer("manager"), answer=answers[0], verify=True)
    assert is_company_ready(fresh_company)
    entry.refresh_from_db()
    assert entry.stage == Stage.READY
    assert selectors.readiness_of(city, fresh_company).action_plan == []


def test_a_returned_answer_needs_a_comment_and_comes_first_in_the_action_plan(fresh_company):
    item = ReadinessItem.objects.get(key="work_plan")
    answer = services.answer_submit(viewer=viewer("company"), organization=fresh_company, item=item, text="x")
    with pytest.raises(ValidationError):
        services.answer_review(viewer=viewer("city"), answer=answer, verify=False)
    services.answer_review(viewer=viewer("city"), answer=answer, verify=False, comment="Attach the plan.")
    plan = selectors.readiness_of(viewer("company"), fresh_company).action_plan
    assert (plan[0].item.key, plan[0].status) == ("work_plan", "returned")


def test_the_accountant_and_the_company_cannot_verify(fresh_company):
    item = ReadinessItem.objects.get(key="work_plan")
    answer = services.answer_submit(viewer=viewer("company"), organization=fresh_company, item=item, text="x")
    for key in ("accountant", "company"):
        with pytest.raises(PermissionDenied):
            services.answer_review(viewer=viewer(key), answer=answer, verify=True)


def test_a_verified_answer_cannot_be_changed():
    item = ReadinessItem.objects.get(key="work_plan")
    with pytest.raises(ValidationError, match="verified"):
        services.answer_submit(
            viewer=viewer("company"), organization=org("nagaoka-seiki"), item=item, text="y"
        )


def test_the_company_uploads_evidence_and_the_city_downloads_it(client_as, fresh_company):
    item = ReadinessItem.objects.get(key="hosting_policy")
    url = f"/companies/{fresh_company.pk}/readiness/{item.pk}/"
    response = client_as("company").post(
        url, {"text": "Our policy.", "evidence": SimpleUploadedFile("policy.pdf", PDF)}
    )
    assert response.status_code == 302
    answer = ReadinessAnswer.objects.get(organization=fresh_company, item=item)
    assert answer.evidence.name.endswith(".pdf")
    download = client_as("city").get(f"{url}file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_as("student").get(f"{url}file/").status_code == 404


def test_a_disguised_file_is_refused_on_the_page(client_as, fresh_company):
    item = ReadinessItem.objects.get(key="hosting_policy")
    response = client_as("company").post(
        f"/companies/{fresh_company.pk}/readiness/{item.pk}/",
        {"text": "Our policy.", "evidence": SimpleUploadedFile("policy.pdf", b"MZ\x90 fake")},
    )
    assert response.status_code == 200
    assert "Programs and scripts are not accepted" in response.content.decode()
    assert not ReadinessAnswer.objects.filter(organization=fresh_company, item=item).exists()


def test_a_company_cannot_see_another_company(client_as):
    other = org("echigo-machinery")
    assert client_as("company").get(f"/companies/{other.pk}/readiness/").status_code == 404
    with pytest.raises(Http404):
        selectors.company_for(viewer("company"), other.pk)


def test_the_readiness_page_shows_scores_and_the_review_form(client_as, fresh_company):
    item = ReadinessItem.objects.get(key="hosting_policy")
    services.answer_submit(viewer=viewer("company"), organization=fresh_company, item=item, text="x")
    page = client_as("city").get(f"/companies/{fresh_company.pk}/readiness/").content.decode()
    assert "Score per area" in page
    assert "Action plan" in page
    assert 'value="verify"' in page
    response = client_as("city").post(
        f"/companies/{fresh_company.pk}/readiness/{item.pk}/review/", {"decision": "verify"}
    )
    assert response.status_code == 302
    assert ReadinessAnswer.objects.get(organization=fresh_company, item=item).status == AnswerStatus.VERIFIED


def test_the_program_office_edits_an_item(client_as):
    item = ReadinessItem.objects.get(key="culture_training")
    response = client_as("manager").post(
        f"/companies/readiness/items/{item.pk}/",
        {
            "area": item.area_id,
            "title_en": "Staff briefed on Mongolia",
            "title_ja": "",
            "title_mn": "",
            "required": "",
            "is_active": "on",
            "position": 1,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.required) == ({"en": "Staff briefed on Mongolia"}, False)


def test_seminar_attendance(client_as):
    seminar_page = client_as("city").post(
        "/companies/seminars/",
        {"title_en": "Winter life briefing", "held_on": "2026-01-10", "place": "City hall"},
    )
    assert seminar_page.status_code == 302
    prospect = OutreachCompany.objects.get(program=program(), name__en="Yoita Metalworks Co., Ltd.")
    client_as("city").post(seminar_page.url, {"company": [prospect.pk]})
    assert [dict(s.title) for s in prospect.seminars.all()] == [{"en": "Winter life briefing"}]


def test_a_ready_company_gets_its_certificate_and_others_none(client_as, fresh_company):
    ready = org("echigo-machinery")
    response = client_as("city").get(f"/companies/{ready.pk}/readiness/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        client_as("company").get(f"/companies/{fresh_company.pk}/readiness/certificate.pdf").status_code
        == 404
    )


def test_readiness_scores_match_the_readiness_page_and_count_only_answers_verified_by_the_date(fresh_company):
    """readiness_scores() (the logframe's average score) scores as the readiness page does; as of a date
    before the verifications it counts none of them."""
    from datetime import timedelta

    from django.utils import timezone

    company, city = viewer("company"), viewer("city")
    items = list(ReadinessItem.objects.filter(is_active=True))
    for item in items[:2]:
        answer = services.answer_submit(viewer=company, organization=fresh_company, item=item, text="Done.")
        services.answer_review(viewer=city, answer=answer, verify=True)
    page_score = selectors.readiness_of(city, fresh_company).score
    assert 0 < page_score < 100
    today = timezone.localdate()
    assert selectors.readiness_scores([fresh_company.pk], as_of=today) == {fresh_company.pk: page_score}
    assert selectors.readiness_scores([fresh_company.pk], as_of=today - timedelta(days=1)) == {
        fresh_company.pk: 0
    }
    assert fresh_company.pk not in selectors.ready_organization_ids([fresh_company.pk], as_of=today)


def test_the_readiness_certificate_is_issued_once_with_a_serial_and_verifies(client_as):
    from django.test import Client

    from kakehashi.certificates.models import IssuedCertificate

    ready = org("echigo-machinery")
    client_as("city").get(f"/companies/{ready.pk}/readiness/certificate.pdf")
    client_as("city").get(f"/companies/{ready.pk}/readiness/certificate.pdf")
    issued = IssuedCertificate.objects.get(source=f"readiness:organization:{ready.pk}")
    assert issued.serial.startswith("KH-R")
    visitor = Client()
    visitor.cookies["kakehashi_language"] = "en"
    page = visitor.get("/verify/", {"code": issued.code}).content.decode()
    assert "This certificate is valid." in page
    assert "readiness program for hosting interns" in page

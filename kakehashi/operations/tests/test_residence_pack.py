"""The status-of-residence pack: the route picks the documents, each PDF prints the case's data, the ZIP
has its contents sheet and each file, the checklist ticks itself, and who may get what."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from kakehashi.core.testing.pdf import text_of
from kakehashi.operations import services
from kakehashi.operations.models import InternCase, PackStatus, ResidencePack, ResidenceRoute
from kakehashi.operations.residence_pack import (
    COLLEGE,
    CONTENTS_NAME,
    HOST,
    document_html,
    documents_for,
    pack_data,
)

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """pdftotext breaks long Japanese lines anywhere: compare without line breaks and spaces."""
    return "".join(text.split())


def build(case: InternCase, client, django_capture_on_commit_callbacks) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/operations/cases/{case.pk}/residence/pack/")
    assert response.status_code == 302
    pack = ResidencePack.objects.get(case=case)
    assert pack.status == PackStatus.READY, pack.error
    download = client.get(f"/operations/cases/{case.pk}/residence/pack.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_the_route_picks_the_documents() -> None:
    short = [d.key for d in documents_for(ResidenceRoute.SHORT_TERM_STAY)]
    designated = [d.key for d in documents_for(ResidenceRoute.DESIGNATED_ACTIVITIES)]
    assert short == [
        "invitation",
        "schedule",
        "no_remuneration",
        "company_outline",
        "guarantee",
        "recommendation",
    ]
    assert designated == [
        "activity_plan",
        "remuneration",
        "company_outline",
        "acceptance",
        "guarantee",
        "curriculum",
    ]
    # The college signs one letter in each route, side by side with its language; the host the rest.
    for route in ResidenceRoute:
        documents = documents_for(route)
        assert [d.key for d in documents if d.prepared_by == COLLEGE and d.bilingual] == [documents[-1].key]
        assert all(d.prepared_by == HOST and not d.bilingual for d in documents[:-1])


def test_a_short_unpaid_internship_gets_its_pack_and_its_checklist_ticks(
    make_case, client_as, django_capture_on_commit_callbacks, tmp_path: Path
) -> None:
    case = make_case(paid=False, days=14)
    assert case.route == ResidenceRoute.SHORT_TERM_STAY
    archive = build(case, client_as("company"), django_capture_on_commit_callbacks)

    names = archive.namelist()
    assert names[0] == CONTENTS_NAME
    assert sorted(names) == sorted(
        [
            CONTENTS_NAME,
            "01_invitation.pdf",
            "02_schedule.pdf",
            "03_no_remuneration.pdf",
            "04_company_outline.pdf",
            "05_guarantee.pdf",
            "06_recommendation.pdf",
        ]
    )
    contents = flat(text_of(archive.read(CONTENTS_NAME), tmp_path))
    for name in names[1:]:
        assert name in contents
    assert "受入企業" in contents
    assert "送出し校" in contents
    assert "署名待ち" in contents

    host = case.host
    invitation = flat(text_of(archive.read("01_invitation.pdf"), tmp_path))
    company = flat(host.name.in_language("ja"))
    student = flat(case.intern.name_latin)
    start, end = "2026年1月10日", "2026年1月23日"
    assert company in invitation
    assert student in invitation
    # The student, then the period from the arrival to the departure, in that order.
    assert invitation.index(student) < invitation.index(start) < invitation.index(end)
    assert "無報酬" in invitation

    schedule = flat(text_of(archive.read("02_schedule.pdf"), tmp_path))
    assert "第1週" in schedule
    assert "第2週" in schedule
    assert "第3週" not in schedule
    # The second week starts on the eighth day (tables come out of pdftotext column by column).
    assert "2026年1月17日" in schedule
    assert start in schedule
    assert end in schedule

    recommendation = text_of(archive.read("06_recommendation.pdf"), tmp_path)
    second = pack_data(case)["second"]
    assert "推薦状" in flat(recommendation)
    assert ("Зөвлөмж захидал" if second == "mn" else "Letter of recommendation") in recommendation

    ticked = {d.key: d.done for d in case.residence_documents.all()}
    assert ticked["invitation_letter"]
    assert ticked["guarantee_letter"]
    assert ticked["itinerary"]
    assert not ticked["passport"]
    assert not ticked["visa_issued"]


def test_a_paid_internship_files_designated_activities_documents(make_case) -> None:
    case = make_case(paid=True, days=30, arrival_on=date(2026, 4, 1))
    assert case.route == ResidenceRoute.DESIGNATED_ACTIVITIES
    data = pack_data(case)
    by_key = {d.key: d for d in documents_for(case.route)}
    remuneration = document_html(by_key["remuneration"], data)
    assert "報酬を支払います" in remuneration
    assert "月額" in remuneration
    plan = document_html(by_key["activity_plan"], data)
    assert "第5週" in plan
    assert "2026年4月30日" in plan
    curriculum = document_html(by_key["curriculum"], data)
    assert "教育課程の一環" in curriculum
    assert (
        "сургалтын хөтөлбөрийн" if data["second"] == "mn" else "part of our degree curriculum"
    ) in curriculum
    # The pack prints the case's company and student, not another's.
    assert case.host.name.in_language("ja") in plan
    assert case.intern.name_latin in plan


def test_who_gets_what(make_case, client_as, viewer, django_capture_on_commit_callbacks) -> None:
    case = make_case(paid=False, days=14)
    url = f"/operations/cases/{case.pk}/residence/pack/"
    # Before anything is generated, the intern sees the list; nobody can download.
    page = client_as("student").get(url)
    assert page.status_code == 200
    assert "Letter of guarantee" in page.content.decode()
    assert client_as("manager").get(f"{url[:-1]}.zip").status_code == 404
    # The mentor sees the list but does not generate; the intern neither.
    assert client_as("mentor").post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.residence_pack_request(viewer=viewer("student"), case=case)

    build(case, client_as("manager"), django_capture_on_commit_callbacks)
    teacher = client_as("teacher")
    letter = teacher.get(f"{url}recommendation.pdf")
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
    assert teacher.get(f"{url}guarantee.pdf").status_code == 403
    assert teacher.get(f"{url[:-1]}.zip").status_code == 403
    assert client_as("student").get(f"{url}recommendation.pdf").status_code == 403
    assert client_as("company").get(f"{url}guarantee.pdf").status_code == 200
    # A document of the other route is not part of this pack.
    assert client_as("company").get(f"{url}curriculum.pdf").status_code == 404
    # Someone who does not see the case is told it does not exist.
    assert client_as("student2").get(url).status_code == 404
    assert client_as("student2").get(f"{url}recommendation.pdf").status_code == 404


def test_a_pack_of_another_route_must_be_generated_again(
    make_case, client_as, viewer, django_capture_on_commit_callbacks
) -> None:
    case = make_case(paid=False, days=14)
    build(case, client_as("manager"), django_capture_on_commit_callbacks)
    case.route = ResidenceRoute.DESIGNATED_ACTIVITIES
    case.save(update_fields=["route"])
    page = client_as("company").get(f"/operations/cases/{case.pk}/residence/pack/").content.decode()
    assert "Generate them again" in page
    assert (
        client_as("company").get(f"/operations/cases/{case.pk}/residence/pack/curriculum.pdf").status_code
        == 404
    )


def test_a_case_from_a_placement_prints_the_place_and_the_application() -> None:
    from kakehashi.internships.models import Placement

    case = InternCase.objects.filter(placement_ref__isnull=False).select_related("host", "college").first()
    assert case is not None
    placement = Placement.objects.select_related("place", "application").get(pk=case.placement_ref)
    place, application = placement.place, placement.application
    data = pack_data(case)
    document = next(d for d in documents_for(case.route) if d.key in ("schedule", "activity_plan"))
    html = document_html(document, data)
    assert place.location in html
    assert place.title.in_language("ja") in html
    assert place.field in html
    assert application.name_latin in html
    # The period is the case's stay, the arrival before the departure.
    assert html.index(data["start_ja"]) < html.index(data["end_ja"])


def test_the_pack_page_keeps_its_queries(make_case, client_as, django_assert_max_num_queries) -> None:
    case = make_case(paid=False, days=14)
    client = client_as("company")
    client.get(f"/operations/cases/{case.pk}/residence/pack/")
    with django_assert_max_num_queries(14):
        page = client.get(f"/operations/cases/{case.pk}/residence/pack/")
    assert page.status_code == 200
    assert "Generate the documents" in page.content.decode()


def test_a_signed_copy_is_uploaded_by_who_signs_it_and_ticks_the_checklist(make_case, client_as) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kakehashi.core.testing.uploads import real_image

    case = make_case(paid=True, days=30, arrival_on=date(2026, 4, 1))
    url = f"/operations/cases/{case.pk}/residence/pack/curriculum/signed/"
    teacher = client_as("teacher")
    # Not a real image: refused, nothing kept, nothing ticked.
    fake = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    page = teacher.post(url, {"file": fake}, follow=True).content.decode()
    assert not case.residence_documents.get(key="curriculum_certificate").done
    assert "Signed copy uploaded" not in page
    scan = SimpleUploadedFile("scan.png", real_image(), content_type="image/png")
    page = teacher.post(url, {"file": scan}, follow=True).content.decode()
    assert "Signed copy uploaded" in page
    assert case.residence_documents.get(key="curriculum_certificate").done
    assert client_as("manager").get(url).status_code == 200
    # The college does not sign the host's documents, and the intern only sees the list.
    assert teacher.post(url.replace("curriculum", "guarantee"), {"file": scan}).status_code == 403
    assert client_as("student").get(url).status_code == 403

"""Certificates: issued on completion, a PDF in three scripts, verified on a public page."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kakehashi.accounts.models import User
from kakehashi.certificates import services as certificate_services
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.pdf import NOTO_FACES, fonts_of
from kakehashi.learning import documents, services
from kakehashi.learning.models import Certificate, Course
from kakehashi.learning.tests.helpers import course

pytestmark = pytest.mark.django_db


def completed(course: Course) -> Course:
    course.requires_lessons = course.requires_quizzes = False
    course.requires_exercises = course.requires_assignments = False
    course.save()
    return course


def test_a_certificate_needs_a_completed_course(demo_user: Callable[[str], User]) -> None:
    viewer = build_viewer(demo_user("student"))
    with pytest.raises(ValidationError, match="Finish every part"):
        services.certificate_issue(viewer=viewer, course=course())
    # A course whose rules ask for nothing counts as complete as soon as it has content.
    cert = services.certificate_issue(viewer=viewer, course=completed(course()))
    # Both scripts, patronymic (Баатар) first in Cyrillic, given name first in Latin.
    assert cert.name_printed == "Баатар Номин-Эрдэнэ (Nomin-Erdene Baatar)"
    assert services.certificate_issue(viewer=viewer, course=course()) == cert


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_pdf_prints_japanese_mongolian_and_latin(
    demo_user: Callable[[str], User], tmp_path: Path
) -> None:
    cert = services.certificate_issue(viewer=build_viewer(demo_user("student")), course=completed(course()))
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(documents.certificate_pdf(cert, "https://kakehashi.example/"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "修了証",
        "Гэрчилгээ",
        "Үндэсний",
        "Номин-Эрдэнэ",
        "IoTのためのPython",
        "IoT-д зориулсан Python",
        cert.code,
    ):
        assert expected in text, expected
    # "Үндэсний" and "Номин-Эрдэнэ" in one face: no fallback font for Ү mid-word.
    assert fonts_of(pdf.read_bytes(), tmp_path) <= NOTO_FACES


def test_the_public_page_verifies_a_code_and_shows_only_name_course_and_date(
    demo_user: Callable[[str], User],
) -> None:
    cert = services.certificate_issue(viewer=build_viewer(demo_user("student")), course=completed(course()))
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    page = client.get("/verify/", {"code": cert.code.lower()}).content.decode()
    assert "This certificate is valid." in page
    assert "Баатар Номин-Эрдэнэ" in page
    assert "Python for IoT" in page
    assert "student@" not in page
    assert "must" not in page.lower().replace("must-revalidate", "")
    assert "No certificate has this code." in client.get("/verify/", {"code": "NOPE"}).content.decode()


def test_only_the_owner_downloads_the_pdf(
    client_as: Callable[..., Any], demo_user: Callable[[str], User]
) -> None:
    cert = services.certificate_issue(viewer=build_viewer(demo_user("student")), course=completed(course()))
    response = client_as("student").get(f"/learning/certificates/{cert.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as("student2").get(f"/learning/certificates/{cert.pk}/pdf/").status_code == 404
    assert Certificate.objects.count() >= 1


def test_the_public_page_limits_lookups_per_address() -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    for n in range(certificate_services.VERIFY_LIMIT):
        assert client.get("/verify/", {"code": f"AAAA-BBBB-{n:04d}"}).status_code == 200
    # The page without a code is not a lookup and stays open.
    assert client.get("/verify/").status_code == 200
    response = client.get("/verify/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many codes were checked from your network." in page
    assert "No certificate has this code." not in page
    # Another address is counted on its own.
    assert Client(REMOTE_ADDR="203.0.113.8").get("/verify/", {"code": "X"}).status_code == 200
    cache.clear()


def test_the_old_verification_address_printed_on_earlier_certificates_still_leads_to_the_page() -> None:
    response = Client().get("/learning/verify/", {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 301
    assert response["Location"] == "/verify/?code=ABCD-EFGH-JKLM"

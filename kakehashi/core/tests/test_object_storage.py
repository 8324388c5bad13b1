"""Uploads and generated documents on S3-compatible object storage, against a real S3 server on loopback
(moto's server mode, started once for this module's tests and stopped after them): what lands in the
bucket, who can download it through the app, and that the bucket itself gives nothing away."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kakehashi.core.storage_url import storage_config
from kakehashi.internships.models import Application, Round
from kakehashi.programme.models import Report, ReportKind, ReportStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A moto S3 server on a free loopback port, for these tests only."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    server = Path(sys.executable).with_name("moto_server")
    with log.open("wb") as out:
        process = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=out)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start: {log.read_text()}") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="kakehashi-test",
        aws_secret_access_key="kakehashi-test-secret",
    )


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any) -> Callable[..., str]:
    """bucket(downloads="stream"): a fresh private bucket, made the default storage, as STORAGE_URL
    would configure it in production; returns its name."""

    def make(downloads: str = "stream") -> str:
        name = f"kakehashi-{uuid.uuid4().hex[:12]}"
        _client(s3_endpoint).create_bucket(Bucket=name)
        url = (
            f"s3://kakehashi-test:kakehashi-test-secret@{name}/media?endpoint_url={s3_endpoint}"
            f"&region=us-east-1&addressing_style=path&downloads={downloads}"
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage_config({"STORAGE_URL": url})}
        return name

    return make


def _objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    s3 = _client(endpoint)
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def _unsigned_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _apply_with_cv(client: Client) -> Application:
    round_ = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    response = client.post(
        f"/rounds/{round_.pk}/apply/",
        {
            "family_name_latin": "Baatar",
            "given_name_latin": "Nomin-Erdene",
            "year": "4",
            "japanese_level": "N4",
            "cv_upload": SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")


@pytest.mark.django_db
def test_a_cv_uploaded_through_the_page_lands_in_the_private_bucket_and_only_its_readers_get_it(
    bucket: Callable[..., str], s3_endpoint: str, client_as: Callable[..., Client]
) -> None:
    name = bucket()
    application = _apply_with_cv(client_as("student"))

    objects = _objects(s3_endpoint, name)
    assert objects == {f"media/{application.cv.name}": PDF}

    url = f"/rounds/applications/{application.pk}/cv/"
    own = client_as("student").get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert _body(own) == PDF
    assert client_as("student2").get(url).status_code == 404  # a student of another college
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    # No media route serves the file without the check, and the bucket does not give it to anyone.
    assert Client().get(f"/media/{application.cv.name}").status_code == 404
    assert _unsigned_get(f"{s3_endpoint}/{name}/media/{application.cv.name}") == 403


def _built_report(client_as: Callable[..., Client], capture: Callable[..., Any]) -> Report:
    manager = client_as("manager")
    manager.post(
        "/programme/reports/new/",
        {"kind": ReportKind.QUARTERLY_EXPENDITURE, "period_start": "2026-10-01", "period_end": "2026-12-31"},
    )
    report = Report.objects.get(kind=ReportKind.QUARTERLY_EXPENDITURE, period_end=date(2026, 12, 31))
    with capture(execute=True):
        assert manager.post(f"/programme/reports/{report.pk}/build/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    return report


@pytest.mark.django_db
def test_a_generated_report_is_stored_in_the_bucket_and_downloaded_by_its_readers(
    bucket: Callable[..., str],
    s3_endpoint: str,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    name = bucket()
    report = _built_report(client_as, django_capture_on_commit_callbacks)

    objects = _objects(s3_endpoint, name)
    assert set(objects) == {f"media/{report.pdf.name}", f"media/{report.xlsx.name}"}
    assert objects[f"media/{report.pdf.name}"].startswith(b"%PDF")

    url = f"/programme/reports/{report.pk}/download/pdf/"
    download = client_as("funder").get(url)
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    assert _body(download) == objects[f"media/{report.pdf.name}"]
    assert client_as("student").get(url).status_code in {403, 404}
    assert Client().get(url).status_code == 302
    assert _unsigned_get(f"{s3_endpoint}/{name}/media/{report.pdf.name}") == 403


@pytest.mark.django_db
def test_with_redirect_downloads_the_reader_gets_a_presigned_url_that_expires_and_others_get_nothing(
    bucket: Callable[..., str],
    s3_endpoint: str,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    name = bucket(downloads="redirect")
    report = _built_report(client_as, django_capture_on_commit_callbacks)
    stored = _objects(s3_endpoint, name)[f"media/{report.pdf.name}"]
    url = f"/programme/reports/{report.pk}/download/pdf/"

    own = client_as("funder").get(url)
    assert own.status_code == 302
    presigned = own["Location"]
    assert presigned.startswith(f"{s3_endpoint}/{name}/media/")
    assert "X-Amz-Expires=60" in presigned
    assert "no-store" in own["Cache-Control"]
    with urllib.request.urlopen(presigned, timeout=10) as response:  # noqa: S310 - a loopback test server
        assert response.read() == stored
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="quarterly_expenditure-20261231.pdf"'
        )
    assert client_as("student").get(url).status_code in {403, 404}
    assert Client().get(url).status_code == 302
    assert _unsigned_get(presigned.split("?", 1)[0]) == 403


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"BACKEND": "django.core.files.storage.FileSystemStorage"}),
        (
            {"STORAGE_URL": "file:///srv/media"},
            {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/srv/media"}},
        ),
        (
            {
                "STORAGE_URL": "s3://uploads?endpoint_url=http://127.0.0.1:9000&region=ap-northeast-1&expire=30"
            },
            {
                "bucket_name": "uploads",
                "endpoint_url": "http://127.0.0.1:9000",
                "region_name": "ap-northeast-1",
                "querystring_expire": 30,
            },
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "uploads",
                "AWS_S3_ENDPOINT_URL": "https://s3.example",
                "AWS_LOCATION": "k/",
            },
            {"bucket_name": "uploads", "endpoint_url": "https://s3.example", "location": "k"},
        ),
    ],
)
def test_the_storage_is_read_from_the_environment(env: dict[str, str], expected: dict[str, Any]) -> None:
    config = storage_config(env)
    if "BACKEND" in expected:
        assert config == expected
        return
    options = config["OPTIONS"]
    assert config["BACKEND"] == "kakehashi.core.object_storage.PrivateS3Storage"
    assert {key: options.get(key) for key in expected} == expected
    # Private whatever is configured: no ACL, presigned short-lived URLs, no overwriting.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["querystring_expire"] == expected.get("querystring_expire", 60)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x",
        "s3://",
        "s3://uploads?acl=public-read",
        "s3://uploads?downloads=public",
        "s3://uploads?expire=1m",
    ],
)
def test_a_storage_url_it_cannot_use_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="STORAGE_URL"):
        storage_config({"STORAGE_URL": url})


@pytest.mark.django_db
def test_media_archive_copies_every_stored_file_from_one_bucket_into_an_empty_one(
    bucket: Callable[..., str], s3_endpoint: str, tmp_path: Path
) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import CommandError, call_command

    source = bucket()
    files = {"internships/cv/round-1/7.pdf": PDF, "programme/reports/q.xlsx": b"PK\x03\x04", "top.txt": b"x"}
    for name, content in files.items():
        assert default_storage.save(name, ContentFile(content)) == name
    archive = tmp_path / "media.tar.gz"
    call_command("media_archive", "export", str(archive))

    target = bucket()
    call_command("media_archive", "import", str(archive))
    assert _objects(s3_endpoint, target) == {f"media/{name}": content for name, content in files.items()}
    assert _objects(s3_endpoint, source) == _objects(s3_endpoint, target)
    with pytest.raises(CommandError, match="empty storage"):
        call_command("media_archive", "import", str(archive))


@pytest.mark.django_db
def test_scripts_backup_archives_the_bucket_when_object_storage_is_configured(
    bucket: Callable[..., str], s3_endpoint: str, tmp_path: Path, settings: Any
) -> None:
    import os
    import tarfile

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("scripts/backup backs up PostgreSQL; set DATABASE_URL")
    name = bucket()
    default_storage.save("programme/receipts/r.pdf", ContentFile(PDF))
    s = connection.settings_dict
    database = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    storage_url = (
        f"s3://kakehashi-test:kakehashi-test-secret@{name}/media?endpoint_url={s3_endpoint}"
        "&region=us-east-1&addressing_style=path"
    )
    env = {**os.environ, "DATABASE_URL": database, "STORAGE_URL": storage_url, "PYTHON": sys.executable}
    env["MEDIA_ROOT"] = str(tmp_path / "not-used")
    out = subprocess.run(
        [str(Path(settings.BASE_DIR) / "scripts/backup"), str(tmp_path / "backups")],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    with tarfile.open(Path(out) / "media.tar.gz") as tar:
        assert tar.getnames() == ["programme/receipts/r.pdf"]
        member = tar.extractfile("programme/receipts/r.pdf")
        assert member is not None
        assert member.read() == PDF


@pytest.mark.django_db
def test_a_receipt_uploaded_through_the_page_is_linked_only_through_the_checked_view(
    bucket: Callable[..., str], s3_endpoint: str, client_as: Callable[..., Client]
) -> None:
    from kakehashi.programme.models import Expense

    name = bucket()
    accountant = client_as("accountant")
    form = {
        "spent_on": "2025-07-10",
        "category": "overseas_per_diem",
        "description": "Per diem, Ulaanbaatar",
        "payee": "Batbayar Ganbold",
        "amount": "100000",
        "currency": "MNT",
        "rate": "0.044",
        "receipt": SimpleUploadedFile("receipt.pdf", PDF, content_type="application/pdf"),
    }
    assert accountant.post("/programme/expenses/new/", form).status_code == 302
    expense = Expense.objects.latest("pk")
    assert _objects(s3_endpoint, name) == {f"media/{expense.receipt.name}": PDF}

    # The edit page shows the current receipt by a link to the download view, never a bucket URL.
    edit = accountant.get(f"/programme/expenses/{expense.pk}/edit/").content.decode()
    assert s3_endpoint not in edit
    assert name not in edit
    assert f"/programme/expenses/{expense.pk}/receipt/" in edit
    download = accountant.get(f"/programme/expenses/{expense.pk}/receipt/")
    assert download.status_code == 200
    assert _body(download) == PDF
    assert client_as("student").get(f"/programme/expenses/{expense.pk}/receipt/").status_code in {403, 404}


@pytest.mark.django_db
def test_the_lesson_edit_page_links_the_attachment_through_the_checked_view(
    bucket: Callable[..., str], s3_endpoint: str, client_as: Callable[..., Client]
) -> None:
    from django.core.files.base import ContentFile

    from kakehashi.learning.models import Lesson

    name = bucket()
    lesson = Lesson.objects.filter(module__course__modules__isnull=False).first()
    assert lesson is not None
    lesson.attachment.save("wiring.txt", ContentFile(b"GPIO 4 -> sensor"), save=True)
    edit = client_as("author").get(f"/learning/lessons/{lesson.pk}/edit/")
    assert edit.status_code == 200
    page = edit.content.decode()
    assert s3_endpoint not in page
    assert name not in page
    assert f'href="/learning/lessons/{lesson.pk}/file/"' in page
    assert _body(client_as("author").get(f"/learning/lessons/{lesson.pk}/file/")) == b"GPIO 4 -> sensor"

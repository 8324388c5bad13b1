"""Uploaded files leave storage with their record: replaced, deleted, expired, erased (issue 13, finding 12)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kakehashi.internships.models import Application, Round
from kakehashi.learning.models import Assignment, Submission
from kakehashi.privacy import retention
from kakehashi.privacy.services import anonymise_person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def test_four_cv_uploads_leave_one_file(client_as, media, django_capture_on_commit_callbacks):
    round_ = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    client = client_as("student")
    for attempt in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/rounds/{round_.pk}/apply/",
                {
                    "family_name_latin": "Baatar",
                    "given_name_latin": "Nomin-Erdene",
                    "year": "4",
                    "japanese_level": "N4",
                    "cv_upload": SimpleUploadedFile(f"cv{attempt}.pdf", PDF, content_type="application/pdf"),
                },
            )
        assert response.status_code in (200, 302)
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    assert application.cv
    files = stored(media)
    assert files == [Path(application.cv.path)]


def test_a_deleted_record_takes_its_file_but_a_rolled_back_change_keeps_it(
    demo_user, media, django_capture_on_commit_callbacks
):
    assignment = Assignment.objects.first()
    submission = Submission.objects.create(assignment=assignment, user=demo_user("student2"), version=99)
    submission.file.save("answer.pdf", ContentFile(PDF))
    path = Path(submission.file.path)
    assert path.exists()

    def replace_then_fail() -> None:
        with transaction.atomic():
            submission.file.save("other.pdf", ContentFile(PDF))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        replace_then_fail()
    assert path.exists(), "a change that was rolled back keeps the file its record still names"

    with django_capture_on_commit_callbacks(execute=True):
        Submission.objects.filter(pk=submission.pk).delete()
    assert not path.exists()


def test_erasure_deletes_the_persons_cv_and_handed_in_files(
    demo_user, media, django_capture_on_commit_callbacks
):
    user = demo_user("student")
    application = Application.objects.filter(student=user).first()
    assert application is not None
    application.cv.save("cv.pdf", ContentFile(PDF))
    submission = Submission.objects.create(assignment=Assignment.objects.first(), user=user, version=99)
    submission.file.save("answer.pdf", ContentFile(PDF))
    assert len(stored(media)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_person(user)

    assert stored(media) == []
    application.refresh_from_db()
    submission.refresh_from_db()
    assert not application.cv
    assert not submission.file


def test_retention_deletes_cvs_a_year_after_the_internship(
    demo_user, media, django_capture_on_commit_callbacks
):
    application = Application.objects.filter(student=demo_user("student")).select_related("round").first()
    assert application is not None
    application.cv.save("cv.pdf", ContentFile(PDF))
    round_ = application.round
    ends = round_.internship_ends_on

    with django_capture_on_commit_callbacks(execute=True):
        retention.apply()
    assert stored(media), "a CV of a recent internship stays"

    Round.objects.filter(pk=round_.pk).update(
        internship_starts_on=timezone.localdate() - timedelta(days=500),
        internship_ends_on=timezone.localdate() - timedelta(days=400),
    )
    with django_capture_on_commit_callbacks(execute=True):
        removed = retention.apply()
    assert removed["cvs"] >= 1
    assert stored(media) == []
    Round.objects.filter(pk=round_.pk).update(internship_ends_on=ends)

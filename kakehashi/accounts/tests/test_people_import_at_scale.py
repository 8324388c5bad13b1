"""The people import applied as a background task: all or nothing, in bulk, with progress, 10,000 rows."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts import people_import, services
from kakehashi.accounts.models import ImportStatus, Invitation, Membership, PeopleImport, User

pytestmark = pytest.mark.django_db

HEADER = "name_latin,name_local,email,organization,role\n"


def csv_of(count: int, prefix: str = "p") -> bytes:
    rows = "".join(f"Person {i},,{prefix}{i}@example.mn,must-kosen,student\n" for i in range(count))
    return (HEADER + rows).encode()


class Queue:
    """Stands for a task: keeps what was enqueued instead of running it."""

    def __init__(self) -> None:
        self.calls: list[object] = []

    def enqueue(self, argument: object) -> None:
        self.calls.append(argument)


def preview(client, content: bytes) -> PeopleImport:
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.csv", content)})
    assert response.status_code == 302, response.content[:2000]
    return PeopleImport.objects.latest("pk")


def test_applying_queues_a_task_and_the_page_shows_its_progress(client_as, monkeypatch):
    teacher = client_as("teacher")
    batch = preview(teacher, csv_of(3))
    queued = Queue()
    monkeypatch.setattr("kakehashi.accounts.tasks.apply_people_import", queued)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = teacher.post(f"/people/import/{batch.pk}/apply/")
    assert response.status_code == 302
    assert queued.calls == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLYING
    assert not User.objects.filter(email="p0@example.mn").exists(), "nothing is written in the request"

    cache.set(services.people_import_progress_key(batch.pk), 2)
    page = teacher.get(f"/people/import/{batch.pk}/", headers={"HX-Request": "true"})
    text = page.content.decode()
    assert "Importing: 2 of 3 people written" in text
    assert 'hx-trigger="every 2s"' in text, "the page polls while the import runs"

    services.people_import_run(import_id=batch.pk)
    page = teacher.get(f"/people/import/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "3 people were added and invited" in page
    assert "every 2s" not in page
    assert User.objects.filter(email__in=[f"p{i}@example.mn" for i in range(3)]).count() == 3


def test_a_failing_row_writes_nothing_and_the_import_says_which_row_and_why(
    client_as, django_capture_on_commit_callbacks
):
    teacher = client_as("teacher")
    batch = preview(teacher, csv_of(5))
    # Someone registers the fourth address (file row 5) between the preview and the import.
    User.objects.create_user(email="P3@Example.mn", name_latin="Early Bird")
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(f"/people/import/{batch.pk}/apply/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.error == "Row 5: a person with this email address already exists."
    assert not User.objects.filter(email="p0@example.mn").exists()
    assert not Membership.objects.filter(
        user__email__startswith="p", user__email__endswith="@example.mn"
    ).exists()
    assert not Invitation.objects.filter(email="p0@example.mn").exists()
    page = teacher.get(f"/people/import/{batch.pk}/").content.decode()
    assert "The import failed and added nobody." in page
    assert "Row 5: a person with this email address already exists." in page


def test_the_import_task_runs_a_fixed_number_of_queries_whatever_the_rows(client_as, monkeypatch):
    teacher = client_as("teacher")
    sent = Queue()
    monkeypatch.setattr("kakehashi.accounts.tasks.send_invitation_emails", sent)
    counts = []
    for count, prefix in ((20, "a"), (40, "b")):
        batch = preview(teacher, csv_of(count, prefix))
        PeopleImport.objects.filter(pk=batch.pk).update(status=ImportStatus.APPLYING)
        with CaptureQueriesContext(connection) as queries:
            assert services.people_import_run(import_id=batch.pk) == count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_ten_thousand_rows_are_accepted_and_imported_with_their_invitations_in_batches(
    client_as, monkeypatch
):
    assert people_import.MAX_ROWS >= 10_000
    teacher = client_as("teacher")
    batch = preview(teacher, csv_of(10_000))
    assert batch.errors == []
    assert len(batch.rows) == 10_000
    page = teacher.get(f"/people/import/{batch.pk}/").content.decode()
    assert "and 9800 more rows" in page, "the preview lists the first rows, not all 10,000"

    sent = Queue()
    monkeypatch.setattr("kakehashi.accounts.tasks.send_invitation_emails", sent)
    PeopleImport.objects.filter(pk=batch.pk).update(status=ImportStatus.APPLYING)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.people_import_run(import_id=batch.pk) == 10_000
    assert User.objects.filter(email__endswith="@example.mn", email__startswith="p").count() == 10_000
    assert Membership.objects.filter(program=batch.program, user__email__startswith="p9999@").count() == 1
    assert len(sent.calls) == 50, "200 invitations per email task"
    assert all(len(ids) == 200 for ids in sent.calls)  # type: ignore[arg-type]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert batch.progress == 10_000


def test_a_file_over_the_row_limit_is_refused(client_as):
    teacher = client_as("teacher")
    response = teacher.post(
        "/people/import/",
        {"file": SimpleUploadedFile("people.csv", csv_of(people_import.MAX_ROWS + 1))},
    )
    assert response.status_code == 200
    assert b"more than 10000 rows" in response.content

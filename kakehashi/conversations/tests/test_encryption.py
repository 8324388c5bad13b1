"""Message text and file names are encrypted at rest and never reach the audit log; a read by someone outside
the thread (duty of care) is recorded, and the person sees it; the migration encrypts older rows."""

from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from kakehashi.accounts.models import User
from kakehashi.conversations import services
from kakehashi.conversations.models import Message, Thread
from kakehashi.core.permissions import Viewer
from kakehashi.privacy.fields import decrypt
from kakehashi.privacy.models import SensitiveRead

pytestmark = pytest.mark.django_db

TEXT = "Миний паспортын дугаар QXZJ-VKWQ, эмнэлэгт очсон"


def png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, format="PNG")
    return out.getvalue()


def raw_columns(message: Message) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, attachment_name FROM conversations_message WHERE id = %s", [message.pk])
        return cursor.fetchone()


def whole_log_as_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LogEntry._meta.db_table}")  # noqa: S608 - auditlog's table
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())


def post_with_file(viewer: Callable[[str], Viewer], thread: Thread) -> Message:
    return services.message_post(
        viewer=viewer("student"),
        thread=thread,
        body=TEXT,
        attachment=SimpleUploadedFile("Батболд_эмнэлгийн_хуудас.png", png(), content_type="image/png"),
    )


def test_text_and_file_name_are_encrypted_in_the_database(
    company_thread: Thread, viewer: Callable[[str], Viewer]
) -> None:
    message = post_with_file(viewer, company_thread)
    body, name = raw_columns(message)
    assert TEXT not in body
    assert "Батболд" not in name
    assert decrypt(body) == TEXT
    assert decrypt(name) == "Батболд_эмнэлгийн_хуудас.png"
    again = Message.objects.get(pk=message.pk)
    assert (again.body, again.attachment_name) == (TEXT, "Батболд_эмнэлгийн_хуудас.png")
    assert "Батболд" not in again.attachment.name  # stored under a random name


def test_the_audit_log_says_a_message_was_written_but_holds_none_of_it(
    company_thread: Thread, viewer: Callable[[str], Viewer], demo_user: Callable[[str], User]
) -> None:
    message = post_with_file(viewer, company_thread)
    entry = LogEntry.objects.get_for_object(message).get()
    assert entry.changes["body"][1] == "[encrypted]"
    log = whole_log_as_text()
    for part in ("QXZJ", "VKWQ", "паспорт", "Батболд", "初日は9時", "初日について"):
        assert part not in log, part
    from kakehashi.privacy.services import anonymise_person

    anonymise_person(demo_user("student"))  # the thread and its messages are deleted: entries again
    log = whole_log_as_text()
    assert "QXZJ" not in log
    assert "Батболд" not in log


def test_a_teachers_and_the_coordinators_reads_are_recorded_not_the_peoples_of_the_thread(
    client_as: Callable[..., Client], company_thread: Thread, demo_user: Callable[[str], User]
) -> None:
    SensitiveRead.objects.all().delete()
    for key in ("student", "company"):
        assert client_as(key).get(company_thread.get_absolute_url()).status_code == 200
    assert not SensitiveRead.objects.exists()

    for key in ("teacher", "ngo"):
        assert client_as(key).get(company_thread.get_absolute_url()).status_code == 200
    reads = SensitiveRead.objects.order_by("pk")
    assert [(r.reader, r.subject, r.model, r.object_id, r.field) for r in reads] == [
        (demo_user(key), demo_user("student"), "conversations.thread", str(company_thread.pk), "messages")
        for key in ("teacher", "ngo")
    ]
    assert reads[0].record_label == "conversation"
    assert reads[0].field_label == "messages"

    # The student sees who read their conversation, where the platform shows who read their data.
    page = client_as("student").get(reverse("privacy:my_data")).content.decode()
    assert "Conversation" in page or "conversation" in page
    assert str(demo_user("teacher").display_name) in page


def test_a_reader_outside_the_thread_opening_an_attachment_is_recorded(
    client_as: Callable[..., Client], company_thread: Thread, viewer: Callable[[str], Viewer]
) -> None:
    message = post_with_file(viewer, company_thread)
    SensitiveRead.objects.all().delete()
    url = reverse("conversations:attachment", args=[company_thread.pk, message.pk])
    assert client_as("student").get(url).status_code == 200
    assert not SensitiveRead.objects.exists()
    assert client_as("teacher").get(url).status_code == 200
    read = SensitiveRead.objects.get()
    assert (read.model, read.object_id, read.field) == (
        "conversations.message",
        str(message.pk),
        "attachment",
    )
    assert read.subject_id == company_thread.person_id


def test_a_refused_reader_leaves_no_read(client_as: Callable[..., Client], company_thread: Thread) -> None:
    SensitiveRead.objects.all().delete()
    assert client_as("teacher-mongol").get(company_thread.get_absolute_url()).status_code == 404
    assert not SensitiveRead.objects.exists()


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_older_messages_and_its_reversal_decrypts_them() -> None:
    from importlib import import_module

    from django.utils import timezone

    from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

    before, after = ("conversations", "0001_initial"), ("conversations", "0003_encrypt_existing_messages")
    try:
        old_apps = migrate_to(before)
        program = old_apps.get_model("accounts", "Program").objects.create(
            key="migration-p", title={"en": "M"}, starts_on="2030-01-01", ends_on="2030-12-31"
        )
        organization = old_apps.get_model("accounts", "Organization").objects.create(
            key="migration-office", kind="program_office", name={"en": "Office"}, country="JP"
        )
        person = old_apps.get_model("accounts", "User").objects.create(email="migration@test.example")
        thread = old_apps.get_model("conversations", "Thread").objects.create(
            program=program,
            side="office",
            organization=organization,
            person=person,
            subject="s",
            last_message_at=timezone.now(),
        )
        OldMessage = old_apps.get_model("conversations", "Message")
        written = OldMessage.objects.create(thread=thread, body=TEXT, attachment_name="Батболд.pdf")
        notice = OldMessage.objects.create(thread=thread, kind="interpreter", body="", attachment_name="")

        new_apps = migrate_to(after)
        body, name = raw_columns(written)
        assert TEXT not in body
        assert "Батболд" not in name
        assert (decrypt(body), decrypt(name)) == (TEXT, "Батболд.pdf")
        assert [decrypt(value) for value in raw_columns(notice)] == ["", ""]
        encrypted = raw_columns(written)
        migration = import_module("kakehashi.conversations.migrations.0003_encrypt_existing_messages")
        with connection.schema_editor() as editor:  # run again: changes nothing more
            migration.encrypt_existing(new_apps, editor)
        assert raw_columns(written) == encrypted

        migrate_to(before)
        assert raw_columns(written) == (TEXT, "Батболд.pdf")
        assert raw_columns(notice) == ("", "")
    finally:
        migrate_back_to_latest()


def test_a_recorded_read_costs_one_query_more_than_a_participants(
    client_as: Callable[..., Client],
    viewer: Callable[[str], Viewer],
    company_thread: Thread,
    demo_user: Callable[[str], User],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for index in range(40):
        services.message_post(
            viewer=viewer("student" if index % 2 else "company"), thread=company_thread, body=f"{index}"
        )
    client = client_as("teacher")
    client.get(company_thread.get_absolute_url())  # the read mark is written on the first opening
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        response = client.get(company_thread.get_absolute_url())
    assert "Page 2 of 2" in response.content.decode()
    assert SensitiveRead.objects.filter(reader=demo_user("teacher")).count() == 2


def test_subjects_in_older_log_entries_are_scrubbed(company_thread: Thread) -> None:
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    migration = import_module("kakehashi.conversations.migrations.0004_subjects_out_of_audit_log")
    old = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Thread),
        object_pk=str(company_thread.pk),
        object_id=company_thread.pk,
        object_repr="初日について",
        action=LogEntry.Action.CREATE,
        changes={"subject": ["None", "初日について"], "side": ["None", "company"]},
        changes_text='{"subject": ["", "初日について"]}',
        serialized_data={
            "model": "conversations.thread",
            "fields": {"subject": "初日について", "side": "company"},
        },
    )
    assert migration.scrub_subjects(apps, None) >= 1
    old.refresh_from_db()
    assert old.object_repr == f"thread {company_thread.pk}"
    assert old.changes == {"side": ["None", "company"]}
    assert old.serialized_data["fields"] == {"side": "company"}
    assert "初日について" not in whole_log_as_text()
    assert migration.scrub_subjects(apps, None) == 0

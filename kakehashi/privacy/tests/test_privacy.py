"""Consent, audited reads, the person's own data, retention, deletion requests, optimistic locking."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kakehashi.accounts.models import ApiToken, Invitation, Membership, PeopleImport, User
from kakehashi.core.locking import save_with_version
from kakehashi.core.permissions import build_viewer
from kakehashi.privacy import retention, services
from kakehashi.privacy.models import (
    Consent,
    ConsentKind,
    ConsentText,
    DeletionRequest,
    DeletionStatus,
    PersonalRecord,
    SensitiveRead,
)

pytestmark = pytest.mark.django_db


# --- consent -------------------------------------------------------------------------------------


def test_require_consent_says_where_to_give_it(demo_user):
    teacher = demo_user("teacher")
    with pytest.raises(PermissionDenied) as refused:
        services.require_consent(teacher, ConsentKind.SENSITIVE_DATA)
    assert "/privacy/consent/" in str(refused.value)
    services.require_consent(demo_user("student"), ConsentKind.SENSITIVE_DATA)  # the demo student gave it


def test_give_and_withdraw_through_the_page(client_as, demo_user):
    client = client_as("teacher")
    page = client.get("/privacy/consent/")
    assert b"I have read this text" in page.content
    assert client.post(f"/privacy/consent/{ConsentKind.SENSITIVE_DATA}/give/").status_code == 302
    services.require_consent(demo_user("teacher"), ConsentKind.SENSITIVE_DATA)
    assert client.post(f"/privacy/consent/{ConsentKind.SENSITIVE_DATA}/withdraw/").status_code == 302
    with pytest.raises(PermissionDenied):
        services.require_consent(demo_user("teacher"), ConsentKind.SENSITIVE_DATA)
    assert Consent.objects.filter(user=demo_user("teacher"), withdrawn_at__isnull=False).count() == 1


def test_a_new_version_of_the_text_asks_again(demo_user):
    student = demo_user("student")
    old = services.current_text(ConsentKind.SENSITIVE_DATA)
    new = ConsentText.objects.create(
        kind=ConsentKind.SENSITIVE_DATA,
        version=old.version + 1,
        title={"ja": "t", "en": "t", "mn": "t"},
        text={"ja": "v2", "en": "v2", "mn": "v2"},
    )
    with pytest.raises(PermissionDenied):
        services.require_consent(student, ConsentKind.SENSITIVE_DATA)
    with pytest.raises(ValidationError):
        services.consent_give(user=student, text=old)
    services.consent_give(user=student, text=new)
    services.require_consent(student, ConsentKind.SENSITIVE_DATA)


def test_texts_are_shown_in_the_viewers_language(client_as):
    assert "個人データの日本への移転" in client_as("student", "ja").get("/privacy/consent/").content.decode()
    assert "Япон руу шилжүүлэх" in client_as("student", "mn").get("/privacy/consent/").content.decode()


# --- sensitive records and audited reads ---------------------------------------------------------


def test_pages_show_masked_values_and_a_reveal_is_recorded(client_as, demo_user):
    record = PersonalRecord.objects.get(user=demo_user("student"))
    client = client_as("safety")
    page = client.get(f"/privacy/records/{record.pk}/").content.decode()
    assert "E1234567" not in page
    assert "••••••67" in page
    assert "Pollen" not in page
    assert "pollen" not in page
    assert not SensitiveRead.objects.filter(subject=record.user).exists()
    page = client.post(f"/privacy/records/{record.pk}/", {"field": "passport_number"}).content.decode()
    assert "E1234567" in page
    read = SensitiveRead.objects.get(subject=record.user)
    assert (read.reader, read.field) == (demo_user("safety"), "passport_number")
    # The student sees who read what.
    mine = client_as("student").get("/privacy/").content.decode()
    assert "Passport number" in mine
    assert demo_user("safety").name_latin in mine


def test_reveal_refuses_a_field_that_is_not_encrypted(demo_user):
    record = PersonalRecord.objects.get(user=demo_user("student"))
    with pytest.raises(ValueError, match="not an encrypted field"):
        services.reveal(build_viewer(demo_user("manager")), record, "user")


def test_a_person_enters_their_record_only_after_consent(client_as, demo_user):
    client = client_as("student2")
    response = client.post("/privacy/record/", {"passport_number": "E5550001", "version": "0"})
    assert response.status_code == 302
    assert PersonalRecord.objects.get(user=demo_user("student2")).passport_number == "E5550001"
    teacher = client_as("teacher")
    assert b"give your consent" in teacher.get("/privacy/record/").content
    assert teacher.post("/privacy/record/", {"health_notes": "x", "version": "0"}).status_code == 403


def test_personal_data_never_goes_in_urls_or_logs(client_as, demo_user, caplog):
    record = PersonalRecord.objects.get(user=demo_user("student"))
    client = client_as("manager")
    with caplog.at_level("DEBUG"):
        page = client.post(f"/privacy/records/{record.pk}/", {"field": "passport_number"})
    assert "E1234567" not in caplog.text
    assert b'href="' in page.content
    assert b"E1234567" not in b"".join(part.split(b'"')[0] for part in page.content.split(b'href="')[1:])


# --- export and deletion -------------------------------------------------------------------------


def test_a_person_downloads_their_data_as_json(client_as, demo_user):
    response = client_as("student").post("/privacy/export/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["privacy"]["profile"]["email"] == demo_user("student").email
    assert data["privacy"]["personal_record"]["passport_number"] == "E1234567"
    assert {c["kind"] for c in data["privacy"]["consents"]} == set(ConsentKind.values)
    assert response["Cache-Control"].count("no-store") == 1


def test_deletion_request_approved_anonymises_the_person(client_as, demo_user):
    student = demo_user("student")
    email = student.email
    ApiToken.objects.create(user=student, name="t", prefix="kh_x", token_hash="x" * 64)
    student_client = client_as("student")
    assert student_client.post("/privacy/deletion/", {"reason": "I left the program."}).status_code == 302
    request = DeletionRequest.objects.get(user=student)
    manager = client_as("manager")
    assert b"I left the program." in manager.get(f"/privacy/deletion-requests/{request.pk}/").content
    response = manager.post(f"/privacy/deletion-requests/{request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.email != email
    assert not student.is_active
    assert not student.has_usable_password()
    assert student.name_latin == "—"
    assert student.phone == ""
    assert not PersonalRecord.objects.filter(user=student).exists()
    assert not ApiToken.objects.filter(user=student).exists()
    assert not Membership.objects.filter(user=student, is_active=True).exists()
    assert Membership.objects.filter(user=student).exists()  # figures still count the person
    assert not Consent.objects.filter(user=student, withdrawn_at__isnull=True).exists()
    request.refresh_from_db()
    assert request.status == DeletionStatus.APPROVED
    assert request.reason == ""
    assert student_client.get("/privacy/").status_code == 302  # signed out
    # Nothing identifying is left in the user's row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [student.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "Nomin" not in row
    assert email not in row
    # Twice changes nothing more.
    services.anonymise_person(student)
    student.refresh_from_db()
    assert student.email.startswith("deleted-")


def test_deletion_request_rejected_with_a_reason(client_as, demo_user):
    request = DeletionRequest.objects.create(user=demo_user("student2"))
    manager = client_as("manager")
    page = manager.post(f"/privacy/deletion-requests/{request.pk}/", {"decision": "reject"})
    assert page.status_code == 200  # a reason is needed
    manager.post(
        f"/privacy/deletion-requests/{request.pk}/",
        {"decision": "reject", "rejection_reason": "Your internship report is still due."},
    )
    request.refresh_from_db()
    assert request.status == DeletionStatus.REJECTED
    assert b"still due" in client_as("student2").get("/privacy/").content
    assert demo_user("student2").is_active


def test_only_the_program_office_decides(demo_user):
    request = DeletionRequest.objects.create(user=demo_user("student2"))
    with pytest.raises(PermissionDenied):
        services.deletion_request_approve(viewer=build_viewer(demo_user("teacher")), request=request)


# --- retention -----------------------------------------------------------------------------------


def test_retention_removes_what_expired_and_running_twice_changes_nothing(demo_user):
    long_ago = timezone.now() - timedelta(days=4 * 365)
    manager = demo_user("manager")
    old_import = PeopleImport.objects.create(
        program=Membership.objects.first().program, uploaded_by=manager, file_name="old.csv"
    )
    PeopleImport.objects.filter(pk=old_import.pk).update(created_at=long_ago)
    fresh_import = PeopleImport.objects.create(
        program=old_import.program, uploaded_by=manager, file_name="new.csv"
    )
    old_read = SensitiveRead.objects.create(
        reader=manager, subject=manager, model="x", object_id="1", field="f"
    )
    SensitiveRead.objects.filter(pk=old_read.pk).update(read_at=long_ago)
    expired = Invitation.objects.create(
        email="gone@example.org",
        organization_id=Membership.objects.first().organization_id,
        program=old_import.program,
        role="student",
        token_hash="y" * 64,
        expires_at=long_ago,
    )
    # A person whose only program (the 2023 pilot) ended long ago loses their sensitive record.
    pilot_only = User.objects.create_user(email="pilot-only@example.org", name_latin="Pilot Only")
    from kakehashi.accounts.models import Program

    pilot = Program.objects.get(key="nagaoka-pilot-2023")
    Membership.objects.create(
        user=pilot_only, organization_id=expired.organization_id, program=pilot, role="student"
    )
    PersonalRecord.objects.create(user=pilot_only, passport_number="E0000001")

    first = retention.apply()
    assert first["people_imports"] >= 1
    assert first["sensitive_reads"] >= 1
    assert first["invitations"] >= 1
    assert first["personal_records"] == 1
    assert PeopleImport.objects.filter(pk=fresh_import.pk).exists()
    assert not PeopleImport.objects.filter(pk=old_import.pk).exists()
    assert not Invitation.objects.filter(pk=expired.pk).exists()
    assert PersonalRecord.objects.filter(user=demo_user("student")).exists()  # still in a running program
    assert retention.apply() == dict.fromkeys(first, 0)


def test_the_retention_command_and_task_run(demo_user, capsys):
    from kakehashi.privacy.tasks import apply_retention

    call_command("apply_retention")
    assert "sensitive_reads: " in capsys.readouterr().out
    assert apply_retention.enqueue().return_value == dict.fromkeys(
        [policy.kind for policy, _days in retention.policies()], 0
    )


# --- optimistic locking --------------------------------------------------------------------------


def test_of_two_stale_saves_exactly_one_wins(demo_user):
    record = PersonalRecord.objects.get(user=demo_user("student"))
    first = PersonalRecord.objects.get(pk=record.pk)
    second = PersonalRecord.objects.get(pk=record.pk)
    first.health_notes = "first"
    second.health_notes = "second"
    save_with_version(first, record.version)
    with pytest.raises(ValidationError, match="Reload"):
        save_with_version(second, record.version)
    assert PersonalRecord.objects.get(pk=record.pk).health_notes == "first"
    assert PersonalRecord.objects.get(pk=record.pk).version == record.version + 1

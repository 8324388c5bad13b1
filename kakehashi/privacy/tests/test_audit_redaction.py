"""The audit log records that an encrypted field changed, never a character of its value (issue 13, finding 2)."""

import json
import random

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from kakehashi.privacy.audit import (
    REDACTED,
    check_audit_registrations,
    scrub_log_entries,
    sensitive_fields_of,
    unprotected_fields,
)
from kakehashi.privacy.models import PersonalRecord

pytestmark = pytest.mark.django_db


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if sensitive_fields_of(model)[0]]


def distinctive_value(model: type[models.Model], name: str, round_: int) -> str:
    """Letters no other column holds (no words, no digits of dates or ids), within every field's max_length."""
    field = model._meta.get_field(name)
    limit = min(getattr(field, "plaintext_max_length", 40), 40)
    rng = random.Random(f"{model._meta.label}.{name}.{round_}")
    return "".join(rng.choice("QXZJVKWqxzjvkw") for _ in range(limit))


def substrings(value: str, size: int = 4) -> set[str]:
    return {value[i : i + size] for i in range(len(value) - size + 1)}


def whole_log_as_text() -> str:
    """Every column of every row of auditlog_logentry, as the database returns it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LogEntry._meta.db_table}")  # noqa: S608 - the table name is auditlog's
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())


def make_instance(model: type[models.Model], demo_user) -> models.Model:
    if model is PersonalRecord:
        PersonalRecord.objects.filter(user=demo_user("student2")).delete()
        return PersonalRecord.objects.create(user=demo_user("student2"))
    from kakehashi.operations.models import StayRecord

    if model is StayRecord:
        stay = StayRecord.objects.order_by("pk").first()
        assert stay is not None, "the demo has a stay record"
        return stay
    from kakehashi.certificates.models import IssuedCertificate
    from kakehashi.notifications.models import Delivery, Message

    if model is Delivery:
        message = Message.objects.create(event="accounts.invitation", language="mn", zone="Asia/Ulaanbaatar")
        return Delivery.objects.create(
            message=message,
            event="accounts.invitation",
            channel="email",
            address="invitee@example.mn",
            not_before=timezone.now(),
        )
    if model is IssuedCertificate:
        return IssuedCertificate.objects.create(
            kind="internship", source="audit-test", serial="KH-I99-99999", issued_on=timezone.localdate()
        )
    from kakehashi.agreements.models import Agreement, AgreementVersion, Signature
    from kakehashi.notifications.models import ChatLink, PushSubscription
    from kakehashi.operations.models import InternCase

    if model in (Agreement, AgreementVersion, Signature):
        case = InternCase.objects.order_by("pk").first()
        assert case is not None, "the demo has an intern case"
        Agreement.objects.filter(case=case).delete()
        agreement = Agreement.objects.create(
            case=case, serial="KH-A99-99999", issued_on=timezone.localdate(), final_pdf="UERGIGZpbmFs"
        )
        if model is Agreement:
            return agreement
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=1,
            terms_json='{"student": "Номин"}',
            pdf="UERG",
            sha256="0" * 64,
            created_at=timezone.now(),
        )
        if model is AgreementVersion:
            return version
        return Signature.objects.create(
            version=version,
            party="college",
            signer=demo_user("teacher"),
            signer_name="Сарангэрэл Дорж",
            signed_at=timezone.now(),
            ip_address="127.0.0.1",
            sha256="0" * 64,
        )

    if model is PushSubscription:
        return PushSubscription.objects.create(
            user=demo_user("student2"), endpoint="https://push.example/abcdef", p256dh="BKey", auth="secret"
        )
    if model is ChatLink:
        ChatLink.objects.filter(user=demo_user("student2"), channel="line").delete()
        return ChatLink.objects.create(
            user=demo_user("student2"), channel="line", external_id="U0123456789abcdef"
        )
    from kakehashi.conversations.models import Message as ConversationMessage
    from kakehashi.conversations.models import Thread

    if model is ConversationMessage:
        thread = Thread.objects.order_by("pk").first()
        assert thread is not None, "the demo has a conversation"
        return ConversationMessage.objects.create(thread=thread, author=demo_user("student2"))
    raise AssertionError(f"{model.__name__} has encrypted fields: add it to make_instance in this test.")


def test_every_model_with_encrypted_fields_is_audited_and_known_to_this_test(demo_user):
    found = models_with_encrypted_fields()
    assert {m._meta.label for m in found} >= {"privacy.PersonalRecord", "operations.StayRecord"}
    for model in found:
        assert auditlog.contains(model), f"{model._meta.label} has personal data but no audit trail"
        make_instance(model, demo_user)


def test_no_registered_model_keeps_an_encrypted_value():
    for model in auditlog.get_models():
        assert unprotected_fields(model) == [], model._meta.label
    assert check_audit_registrations() == []


def test_saving_every_encrypted_field_leaves_no_character_of_it_in_the_log(demo_user):
    written: list[str] = []
    for model in models_with_encrypted_fields():
        instance = make_instance(model, demo_user)
        encrypted, _indexes = sensitive_fields_of(model)
        for round_ in (1, 2):  # a first value, then a change: both old and new values pass through the log
            for name in encrypted:
                value = distinctive_value(model, name, round_)
                setattr(instance, name, value)
                written.append(value)
            instance.save()
        instance.delete()  # the deletion entry lists the last values too
    log = whole_log_as_text()
    changed = LogEntry.objects.filter(changes__has_key="health_notes")
    assert changed.exists(), "the log still says that the field changed"
    leaked = sorted({part for value in written for part in substrings(value) if part in log})
    assert leaked == [], f"the audit log holds parts of encrypted values: {leaked[:10]}"


def test_the_demo_personal_record_is_not_in_the_log():
    """The demo's record, written when the demo was loaded; 8 characters, as its words are also people's names."""
    log = whole_log_as_text()
    records = list(PersonalRecord.objects.all())
    assert records
    for record in records:
        for name in PersonalRecord.SENSITIVE_FIELDS:
            value = getattr(record, name) or ""
            assert not [part for part in substrings(value, 8) if part in log], name


def test_an_old_masked_entry_is_scrubbed_by_the_migration_function(demo_user):
    record = PersonalRecord.objects.filter(
        user=demo_user("student2")
    ).first() or PersonalRecord.objects.create(user=demo_user("student2"))
    content_type = ContentType.objects.get_for_model(PersonalRecord)
    # What auditlog's mask_fields wrote before the fix, as JSON and as text in an older auditlog's column.
    old = LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr="x",
        action=LogEntry.Action.UPDATE,
        changes={
            "passport_number": ["None", "******AY7788"],
            "health_notes": ["***********LTH epilepsy", "None"],
            "passport_number_index": [
                "****",
                "********************************a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
            ],
            "version": ["1", "2"],
        },
        changes_text=json.dumps({"emergency_contact": ["", "*******Nagaoka 0258"]}),
        serialized_data={"model": "privacy.personalrecord", "fields": {"health_notes": "*****LTH epilepsy"}},
    )
    unrelated = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LogEntry),
        object_pk="1",
        object_repr="y",
        action=LogEntry.Action.UPDATE,
        changes={"health_notes": ["kept", "as is"]},
    )

    assert scrub_log_entries(LogEntry, ContentType, [PersonalRecord]) >= 1

    old.refresh_from_db()
    assert old.changes == {
        "passport_number": [REDACTED, REDACTED],
        "health_notes": [REDACTED, REDACTED],
        "passport_number_index": [REDACTED, REDACTED],
        "version": ["1", "2"],
    }
    assert json.loads(old.changes_text) == {"emergency_contact": [REDACTED, REDACTED]}
    assert old.serialized_data["fields"] == {"health_notes": REDACTED}
    unrelated.refresh_from_db()
    assert unrelated.changes == {"health_notes": ["kept", "as is"]}
    # A second run finds nothing left to do.
    assert scrub_log_entries(LogEntry, ContentType, [PersonalRecord]) == 0


def test_a_model_registered_with_plain_auditlog_fails_the_system_check():
    options = auditlog._registry[PersonalRecord]
    try:
        auditlog.unregister(PersonalRecord)
        auditlog.register(PersonalRecord, mask_fields=list(PersonalRecord.SENSITIVE_FIELDS))
        errors = check_audit_registrations()
        assert [e.id for e in errors] == ["privacy.E001"]
        assert "passport_number" in errors[0].msg
    finally:
        auditlog.unregister(PersonalRecord)
        auditlog.register(PersonalRecord, **options)

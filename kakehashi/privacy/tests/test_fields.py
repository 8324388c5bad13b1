"""Encrypted fields, blind indexes and key rotation: the database never holds the plaintext."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kakehashi.privacy.fields import blind_index, mask, normalise_identifier
from kakehashi.privacy.models import PersonalRecord

pytestmark = pytest.mark.django_db


def raw_row(record: PersonalRecord) -> dict[str, str]:
    table = PersonalRecord._meta.db_table
    columns = [*PersonalRecord.SENSITIVE_FIELDS, "passport_number_index"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s",  # noqa: S608 - names are ours
            [record.pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


@pytest.fixture
def record(demo_user):
    user = demo_user("student2")
    return PersonalRecord.objects.create(
        user=user,
        passport_number="E7654321",
        residence_card_number="AB12345678CD",
        health_notes="Asthma; carries an inhaler.",
        emergency_contact="Ochir Bat, +976 8800 1122",
    )


def test_raw_rows_hold_no_plaintext(record):
    row = raw_row(record)
    for name in PersonalRecord.SENSITIVE_FIELDS:
        plaintext = getattr(record, name)
        assert plaintext not in row[name]
        assert row[name].startswith("gAAAAA")  # a Fernet token
    assert row["passport_number_index"] == blind_index("E7654321")
    assert "E7654321" not in row["passport_number_index"]


def test_values_read_back_in_clear(record):
    fresh = PersonalRecord.objects.get(pk=record.pk)
    assert fresh.passport_number == "E7654321"
    assert fresh.health_notes == "Asthma; carries an inhaler."


def test_blind_index_finds_a_record_whatever_the_spacing_and_case(record):
    assert PersonalRecord.objects.get(passport_number_index=blind_index("e 765-4321")) == record
    assert not PersonalRecord.objects.filter(passport_number_index=blind_index("E7654320")).exists()
    assert normalise_identifier("ab 12-3") == "AB123"


def test_blind_index_depends_on_its_own_key(record):
    with override_settings(KAKEHASHI_BLIND_INDEX_KEY="another-key"):
        assert blind_index("E7654321") != record.passport_number_index


def test_encrypted_fields_cannot_be_searched(record):
    with pytest.raises(ImproperlyConfigured):
        list(PersonalRecord.objects.filter(passport_number="E7654321"))
    with pytest.raises(ImproperlyConfigured):
        list(PersonalRecord.objects.filter(health_notes__icontains="asthma"))
    assert PersonalRecord.objects.filter(passport_number__isnull=False).exists()


def test_rotation_re_encrypts_every_row_with_the_new_key(record, settings):
    old_keys = list(settings.KAKEHASHI_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    before = raw_row(record)
    settings.KAKEHASHI_FIELD_KEYS = [new_key, *old_keys]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = raw_row(record)
    for name in PersonalRecord.SENSITIVE_FIELDS:
        assert after[name] != before[name]
        assert Fernet(new_key.encode()).decrypt(after[name].encode()).decode() == getattr(record, name)
    # The old keys can now go: everything still reads.
    settings.KAKEHASHI_FIELD_KEYS = [new_key]
    assert PersonalRecord.objects.get(pk=record.pk).passport_number == "E7654321"
    assert PersonalRecord.objects.get(passport_number_index=blind_index("E7654321")) == record


def test_a_missing_key_fails_loudly_rather_than_returning_garbage(record, settings):
    settings.KAKEHASHI_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        PersonalRecord.objects.get(pk=record.pk)


def test_mask_shows_only_the_end():
    assert mask("E1234567") == "••••••67"
    assert mask("") == ""
    assert mask("abc") == "•••"


def test_the_audit_log_keeps_no_plaintext(record):
    from auditlog.models import LogEntry

    record.health_notes = "Diabetes type 1."
    record.save()
    for entry in LogEntry.objects.get_for_object(record):
        assert "Diabetes" not in str(entry.changes)
        assert "E7654321" not in str(entry.changes)

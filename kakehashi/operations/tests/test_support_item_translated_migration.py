"""A support checklist item's title moves onto one TranslatedField, losing nothing, both ways."""

from datetime import date

import pytest

from kakehashi.accounts.models import Program
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("operations", "0006_offline_idempotency_keys")
AFTER = ("operations", "0007_support_item_translated")


def a_program() -> Program:
    """A program of today's model (accounts stays migrated while this app moves back and forth); a
    transactional test may run on an emptied database, so it makes its own."""
    program, _created = Program.objects.get_or_create(
        key="migration-test",
        defaults={
            "title": {"en": "Migration test"},
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
        },
    )
    return program


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_language_of_a_support_item_survives_the_move_and_its_reversal():
    try:
        old_apps = migrate_to(BEFORE)
        old_apps.get_model("operations", "SupportItem").objects.create(
            program_id=a_program().pk,
            key="mig-sim",
            title_ja="SIMカードの受取",
            title_en="SIM card received",
            title_mn="SIM карт хүлээн авсан",
            owner_kind="telecom",
        )

        new_apps = migrate_to(AFTER)
        assert new_apps.get_model("operations", "SupportItem").objects.get(key="mig-sim").title == {
            "ja": "SIMカードの受取",
            "en": "SIM card received",
            "mn": "SIM карт хүлээн авсан",
        }

        back = migrate_to(BEFORE).get_model("operations", "SupportItem").objects.get(key="mig-sim")
        assert (back.title_ja, back.title_en, back.title_mn) == (
            "SIMカードの受取",
            "SIM card received",
            "SIM карт хүлээн авсан",
        )
    finally:
        migrate_back_to_latest()

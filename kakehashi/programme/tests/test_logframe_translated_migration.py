"""Logframe texts and indicator titles move onto one TranslatedField each, losing nothing, both ways."""

from datetime import date

import pytest

from kakehashi.accounts.models import Program
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("programme", "0003_report_kind_expense_settlement")
AFTER = ("programme", "0004_logframe_indicator_translated")


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
def test_every_language_of_the_logframe_survives_the_move_and_its_reversal():
    try:
        old_apps = migrate_to(BEFORE)
        element = old_apps.get_model("programme", "LogframeElement").objects.create(
            program_id=a_program().pk,
            level="output",
            key="mig-9",
            summary_ja="成果",
            summary_en="Output\nsecond line",
            summary_mn="Үр дүн",
            assumptions_ja="",
            assumptions_en="",
            assumptions_mn="Таамаглал",
        )
        old_apps.get_model("programme", "Indicator").objects.create(
            element=element, title_ja="指標", title_en="Indicator", title_mn="Шалгуур үзүүлэлт"
        )

        new_apps = migrate_to(AFTER)
        moved = new_apps.get_model("programme", "LogframeElement").objects.get(key="mig-9")
        assert moved.summary == {"ja": "成果", "en": "Output\nsecond line", "mn": "Үр дүн"}
        assert moved.assumptions == {"mn": "Таамаглал"}
        assert new_apps.get_model("programme", "Indicator").objects.get(element=moved).title == {
            "ja": "指標",
            "en": "Indicator",
            "mn": "Шалгуур үзүүлэлт",
        }

        back_apps = migrate_to(BEFORE)
        element = back_apps.get_model("programme", "LogframeElement").objects.get(key="mig-9")
        assert (element.summary_ja, element.summary_en, element.summary_mn) == (
            "成果",
            "Output\nsecond line",
            "Үр дүн",
        )
        assert (element.assumptions_ja, element.assumptions_en, element.assumptions_mn) == (
            "",
            "",
            "Таамаглал",
        )
        indicator = back_apps.get_model("programme", "Indicator").objects.get(element=element)
        assert (indicator.title_ja, indicator.title_en, indicator.title_mn) == (
            "指標",
            "Indicator",
            "Шалгуур үзүүлэлт",
        )
    finally:
        migrate_back_to_latest()

"""Readiness areas, items and seminars move onto one TranslatedField without losing a language, both ways;
reference items nobody reworded get their missing languages from the reference file, reworded ones do not."""

from datetime import date

import pytest

from kakehashi.accounts.models import Program
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("companies", "0005_support_request_idempotency_key")
AFTER = ("companies", "0006_readiness_seminar_translated")


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
def test_titles_survive_the_move_and_reference_items_get_their_missing_languages():
    try:
        old_apps = migrate_to(BEFORE)
        Area = old_apps.get_model("companies", "ReadinessArea")
        Item = old_apps.get_model("companies", "ReadinessItem")
        Seminar = old_apps.get_model("companies", "Seminar")
        # As the first migration loaded them (English and Japanese, no Mongolian), and one reworded.
        culture, _created = Area.objects.update_or_create(
            key="culture", defaults={"title_en": "Cultural understanding", "title_ja": "", "title_mn": ""}
        )
        commitment, _created = Area.objects.update_or_create(
            key="commitment", defaults={"title_en": "Management commitment", "title_ja": "", "title_mn": ""}
        )
        Item.objects.update_or_create(
            key="culture_training",
            defaults={
                "area": culture,
                "title_en": "Staff briefed on Mongolian culture and communication",
                "title_ja": "モンゴル文化・コミュニケーション研修",
                "title_mn": "",
            },
        )
        Item.objects.update_or_create(
            key="work_plan",
            defaults={"area": commitment, "title_en": "Our own wording", "title_ja": "", "title_mn": ""},
        )
        area = Area.objects.create(
            key="mig-area", title_ja="領域", title_en="Area", title_mn="Хүрээ", position=99
        )
        Item.objects.create(area=area, key="mig-item", title_en="Item", title_ja="", title_mn="Зүйл")
        Seminar.objects.create(
            program_id=a_program().pk,
            held_on=date(2026, 1, 10),
            title_ja="説明会",
            title_en="Briefing",
            title_mn="",
        )

        new_apps = migrate_to(AFTER)
        NewItem = new_apps.get_model("companies", "ReadinessItem")
        assert new_apps.get_model("companies", "ReadinessArea").objects.get(key="mig-area").title == {
            "ja": "領域",
            "en": "Area",
            "mn": "Хүрээ",
        }
        assert NewItem.objects.get(key="mig-item").title == {"en": "Item", "mn": "Зүйл"}
        assert new_apps.get_model("companies", "Seminar").objects.get(title__en="Briefing").title == {
            "ja": "説明会",
            "en": "Briefing",
        }
        completed = NewItem.objects.get(key="culture_training").title
        assert completed["mn"] == "Ажилтнуудад Монголын соёл, харилцааны талаар танилцуулсан"
        assert completed["ja"] == "モンゴル文化・コミュニケーション研修"
        assert NewItem.objects.get(key="work_plan").title == {"en": "Our own wording"}, "reworded: left alone"
        assert new_apps.get_model("companies", "ReadinessArea").objects.get(key="commitment").title == {
            "ja": "経営者のコミットメント",
            "mn": "Удирдлагын амлалт",
            "en": "Management commitment",
        }

        back_apps = migrate_to(BEFORE)
        item = back_apps.get_model("companies", "ReadinessItem").objects.get(key="mig-item")
        assert (item.title_ja, item.title_en, item.title_mn) == ("", "Item", "Зүйл")
        seminar = back_apps.get_model("companies", "Seminar").objects.get(title_en="Briefing")
        assert (seminar.title_ja, seminar.title_mn) == ("説明会", "")
    finally:
        migrate_back_to_latest()

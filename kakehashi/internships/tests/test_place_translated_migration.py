"""A place's title and description move from a column per language onto one TranslatedField each, losing
nothing, both ways."""

from datetime import date

import pytest

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("internships", "0009_matching_run_japanese_rule")
AFTER = ("internships", "0010_place_translated")


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
def test_every_language_of_a_place_survives_the_move_and_its_reversal():
    try:
        old_apps = migrate_to(BEFORE)
        Round = old_apps.get_model("internships", "Round")
        Place = old_apps.get_model("internships", "Place")
        round_ = Round.objects.create(
            program_id=a_program().pk,
            key="migration-test",
            name="Migration test",
            internship_starts_on=date(2026, 8, 1),
            internship_ends_on=date(2026, 8, 14),
        )
        company = Organization.objects.create(
            key="migration-test-company", kind="host_company", name={"en": "Test company"}, country="JP"
        )
        Place.objects.create(
            round=round_,
            company_id=company.pk,
            title_ja="ロボットセル",
            title_en="Robot cell",
            title_mn="Робот эс",
            description_ja="説明\n二行目",
            description_en="",
            description_mn="Тайлбар",
            field="Robotics",
            starts_on=date(2026, 8, 1),
            ends_on=date(2026, 8, 14),
            location="Nagaoka",
        )

        new_apps = migrate_to(AFTER)
        moved = new_apps.get_model("internships", "Place").objects.get(title__en="Robot cell")
        assert moved.title == {"ja": "ロボットセル", "en": "Robot cell", "mn": "Робот эс"}
        assert moved.description == {"ja": "説明\n二行目", "mn": "Тайлбар"}

        back = migrate_to(BEFORE).get_model("internships", "Place").objects.get(title_en="Robot cell")
        assert (back.title_ja, back.title_mn) == ("ロボットセル", "Робот эс")
        assert (back.description_ja, back.description_en, back.description_mn) == (
            "説明\n二行目",
            "",
            "Тайлбар",
        )
    finally:
        migrate_back_to_latest()

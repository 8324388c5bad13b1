"""A round's name moves from one text in no particular language onto a TranslatedField, in the language its
script says, and back."""

from datetime import date

import pytest

from kakehashi.core.multilingual.migration import language_of
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to
from kakehashi.internships.tests.test_place_translated_migration import a_program

BEFORE = ("internships", "0011_interviewchange_interviewreminder_interviewscore_and_more")
AFTER = ("internships", "0012_round_name_translated")


@pytest.mark.parametrize(
    ("text", "language"),
    [("2026年3月ターン", "ja"), ("2026 оны 3-р сарын ээлж", "mn"), ("Internship round, March 2026", "en")],
)
def test_an_old_text_is_taken_to_be_in_the_language_of_its_script(text: str, language: str) -> None:
    assert language_of(text) == language


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_round_name_survives_the_move_and_its_reversal():
    try:
        program = a_program().pk
        Old = migrate_to(BEFORE).get_model("internships", "Round")
        for key, name in [
            ("en", " Internship round, March 2026 "),
            ("ja", "2027年3月ターン"),
            ("mn", "Ээлж"),
        ]:
            Old.objects.create(
                program_id=program,
                key=f"migration-{key}",
                name=name,
                internship_starts_on=date(2026, 8, 1),
                internship_ends_on=date(2026, 8, 14),
            )

        New = migrate_to(AFTER).get_model("internships", "Round")
        moved = {r.key: r.name for r in New.objects.filter(key__startswith="migration-")}
        assert moved == {
            "migration-en": {"en": "Internship round, March 2026"},
            "migration-ja": {"ja": "2027年3月ターン"},
            "migration-mn": {"mn": "Ээлж"},
        }
        New.objects.filter(key="migration-en").update(
            name={"en": "Internship round, March 2026", "mn": "2026 оны 3-р сарын ээлж"}
        )

        Back = migrate_to(BEFORE).get_model("internships", "Round")
        back = dict(Back.objects.filter(key__startswith="migration-").values_list("key", "name"))
        assert back == {
            "migration-en": "Internship round, March 2026",  # the language it had before comes back
            "migration-ja": "2027年3月ターン",
            "migration-mn": "Ээлж",
        }
    finally:
        migrate_back_to_latest()

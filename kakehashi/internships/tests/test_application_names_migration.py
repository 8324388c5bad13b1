"""Every application's single-line names are split into family and given name with sort keys (as people's
were, accounts 0009_split_names), losing no word, and come back whole when the migration is reversed."""

from datetime import date

import pytest

from kakehashi.accounts import names
from kakehashi.accounts.models import Organization, User
from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to
from kakehashi.internships.tests.test_place_translated_migration import a_program

BEFORE = ("internships", "0012_round_name_translated")
AFTER = ("internships", "0014_split_application_names")

NAMES = {
    # key: (name_latin, name_cyrillic) as the form stored them
    "mongolian": ("Batbayar Sukhbat", "Батбаяр Сүхбат"),
    "capitals": ("Anujin ALTANGEREL", ""),
    "cyrillic-only": ("", "Алтангэрэл Анужин"),
    "one-word": ("Bold", ""),
    "japanese": ("Taro Yamada", "山田 太郎"),
}


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_application_name_is_split_without_losing_a_word_and_comes_back():
    try:
        college = Organization.objects.create(
            key="migration-names-college", kind="partner_college", name={"en": "College"}, country="MN"
        )
        students = {
            key: User.objects.create_user(email=f"names-{key}@test.example", name_latin="Student")
            for key in NAMES
        }
        old_apps = migrate_to(BEFORE)
        Round = old_apps.get_model("internships", "Round")
        OldApplication = old_apps.get_model("internships", "Application")
        round_ = Round.objects.create(
            program_id=a_program().pk,
            key="migration-names",
            name={"en": "Migration names"},
            internship_starts_on=date(2026, 8, 1),
            internship_ends_on=date(2026, 8, 14),
        )
        for key, (latin, cyrillic) in NAMES.items():
            OldApplication.objects.create(
                round_id=round_.pk,
                student_id=students[key].pk,
                college_id=college.pk,
                name_latin=latin,
                name_cyrillic=cyrillic,
            )

        Application = migrate_to(AFTER).get_model("internships", "Application")
        rows = {a.student_id: a for a in Application.objects.filter(round_id=round_.pk)}
        split = {key: rows[student.pk] for key, student in students.items()}

        mongolian = split["mongolian"]
        assert (mongolian.family_name_latin, mongolian.given_name_latin) == ("Batbayar", "Sukhbat")
        assert (mongolian.family_name_local, mongolian.given_name_local) == ("Батбаяр", "Сүхбат")
        assert (mongolian.name_latin, mongolian.name_cyrillic) == ("Sukhbat Batbayar", "Батбаяр Сүхбат")
        assert (split["capitals"].family_name_latin, split["capitals"].given_name_latin) == (
            "ALTANGEREL",
            "Anujin",
        )
        assert (split["cyrillic-only"].family_name_local, split["cyrillic-only"].given_name_local) == (
            "Алтангэрэл",
            "Анужин",
        )
        assert (split["one-word"].family_name_latin, split["one-word"].given_name_latin) == ("", "Bold")
        assert (split["japanese"].family_name_local, split["japanese"].given_name_local) == ("山田", "太郎")
        for key, (latin, cyrillic) in NAMES.items():
            row = split[key]
            assert sorted(f"{row.family_name_latin} {row.given_name_latin}".split()) == sorted(latin.split())
            assert sorted(f"{row.family_name_local} {row.given_name_local}".split()) == sorted(
                cyrillic.split()
            )
            for language in names.SORT_LANGUAGES:
                key_of = getattr(row, f"sort_key_{language}")
                assert key_of
                assert key_of.isdigit()
        # mn order: Cyrillic patronymics in the Mongolian alphabet (Алтангэрэл before Батбаяр), then Latin.
        in_mn = [r.student_id for r in Application.objects.filter(round_id=round_.pk).order_by("sort_key_mn")]
        order = [in_mn.index(students[key].pk) for key in ("cyrillic-only", "mongolian", "capitals")]
        assert order == sorted(order)

        Back = migrate_to(BEFORE).get_model("internships", "Application")
        back = {
            a.student_id: (a.name_latin, a.name_cyrillic) for a in Back.objects.filter(round_id=round_.pk)
        }
        for key, (latin, cyrillic) in NAMES.items():
            latin_back, cyrillic_back = back[students[key].pk]
            assert sorted(latin_back.split()) == sorted(latin.split())
            assert cyrillic_back == cyrillic
    finally:
        migrate_back_to_latest()

"""Moving a pipeline company's name from name_ja / name_en onto one TranslatedField loses nothing, both ways."""

import pytest

from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to
from kakehashi.internships.tests.test_place_translated_migration import a_program

BEFORE = ("companies", "0007_companyprofile_meeting_url_pattern")
AFTER = ("companies", "0008_outreach_company_name_translated")


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_both_names_survive_the_move_and_its_reversal():
    try:
        # The accounts app stays migrated: only the program's primary key is used from here on.
        program = a_program().pk
        Old = migrate_to(BEFORE).get_model("companies", "OutreachCompany")
        Old.objects.create(program_id=program, name_ja="見附精工株式会社", name_en=" Mitsuke Seiko ")
        Old.objects.create(program_id=program, name_ja="", name_en="Only English")
        Old.objects.create(program_id=program, name_ja="日本語だけ", name_en="")

        New = migrate_to(AFTER).get_model("companies", "OutreachCompany")
        assert New.objects.get(name__ja="見附精工株式会社").name == {
            "ja": "見附精工株式会社",
            "en": "Mitsuke Seiko",
        }
        assert New.objects.get(name__en="Only English").name == {"en": "Only English"}
        assert New.objects.get(name__ja="日本語だけ").name == {"ja": "日本語だけ"}
        # Written in Mongolian after the move: goes back into name_en, the only way the old schema had.
        New.objects.create(program_id=program, name={"mn": "Митсүкэ Сэйко ХК"})

        Back = migrate_to(BEFORE).get_model("companies", "OutreachCompany")
        assert (Back.objects.get(name_ja="見附精工株式会社").name_en) == "Mitsuke Seiko"
        assert Back.objects.get(name_en="Only English").name_ja == ""
        assert Back.objects.get(name_ja="日本語だけ").name_en == ""
        assert Back.objects.filter(name_en="Митсүкэ Сэйко ХК", name_ja="").exists()
    finally:
        migrate_back_to_latest()


@pytest.mark.django_db
def test_a_company_without_a_name_in_any_language_is_refused_by_the_database():
    from django.db import IntegrityError

    from kakehashi.companies.models import OutreachCompany

    with pytest.raises(IntegrityError):
        OutreachCompany.objects.create(program=a_program(), name={})

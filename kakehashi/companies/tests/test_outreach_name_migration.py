"""Moving a pipeline company's name from name_ja / name_en onto one TranslatedField loses nothing, both ways."""

import pytest

from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("companies", "0006_readiness_seminar_translated")
AFTER = ("companies", "0007_outreach_company_name_translated")


@pytest.mark.django_db(transaction=True)
def test_both_names_survive_the_move_and_its_reversal():
    try:
        from kakehashi.accounts.models import Program

        # The accounts app stays migrated: only its primary key is used from here on.
        program = Program.objects.order_by("pk").values_list("pk", flat=True).first()
        assert program is not None
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

    from kakehashi.accounts.models import Program
    from kakehashi.companies.models import OutreachCompany

    program = Program.objects.order_by("pk").first()
    with pytest.raises(IntegrityError):
        OutreachCompany.objects.create(program=program, name={})

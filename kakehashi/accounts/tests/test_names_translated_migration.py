"""Moving organizations' names and programs' titles from a column per language onto one TranslatedField
loses nothing, both ways."""

from datetime import date

import pytest

from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("accounts", "0006_language_choices_from_settings")
AFTER = ("accounts", "0007_organization_program_translated")


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_language_of_every_name_and_title_survives_the_move_and_its_reversal():
    try:
        old_apps = migrate_to(BEFORE)
        OldOrganization = old_apps.get_model("accounts", "Organization")
        OldProgram = old_apps.get_model("accounts", "Program")
        OldOrganization.objects.create(
            key="mig-college",
            kind="partner_college",
            name_ja="モンゴル高専",
            name_en="Mongol Kosen",
            name_mn="Монгол Косэн",
            country="MN",
        )
        OldOrganization.objects.create(
            key="mig-company", kind="host_company", name_en=" Only English ", country="JP"
        )
        OldProgram.objects.create(
            key="mig-program",
            title_ja="事業",
            title_en="Program",
            title_mn="",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )

        new_apps = migrate_to(AFTER)
        Organization = new_apps.get_model("accounts", "Organization")
        assert Organization.objects.get(key="mig-college").name == {
            "ja": "モンゴル高専",
            "en": "Mongol Kosen",
            "mn": "Монгол Косэн",
        }
        assert Organization.objects.get(key="mig-company").name == {"en": "Only English"}
        assert new_apps.get_model("accounts", "Program").objects.get(key="mig-program").title == {
            "ja": "事業",
            "en": "Program",
        }

        back_apps = migrate_to(BEFORE)
        college = back_apps.get_model("accounts", "Organization").objects.get(key="mig-college")
        assert (college.name_ja, college.name_en, college.name_mn) == (
            "モンゴル高専",
            "Mongol Kosen",
            "Монгол Косэн",
        )
        company = back_apps.get_model("accounts", "Organization").objects.get(key="mig-company")
        assert (company.name_ja, company.name_en, company.name_mn) == ("", "Only English", "")
        program = back_apps.get_model("accounts", "Program").objects.get(key="mig-program")
        assert (program.title_ja, program.title_en, program.title_mn) == ("事業", "Program", "")
    finally:
        migrate_back_to_latest()

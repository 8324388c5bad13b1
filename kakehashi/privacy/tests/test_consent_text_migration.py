"""Moving the consent texts' columns per language onto one TranslatedField loses nothing, both ways."""

import pytest

from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("privacy", "0002_scrub_encrypted_values_from_audit_log")
AFTER = ("privacy", "0003_consent_text_translated")


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_language_of_every_text_survives_the_move_and_its_reversal():
    try:
        old_apps = migrate_to(BEFORE)
        OldText = old_apps.get_model("privacy", "ConsentText")
        OldText.objects.create(
            kind="sensitive_data",
            version=5,
            title_ja="要配慮",
            title_en="Sensitive",
            title_mn="Эмзэг",
            text_ja="本文",
            text_en="Body",
            text_mn="",
        )
        new_apps = migrate_to(AFTER)
        moved = new_apps.get_model("privacy", "ConsentText").objects.get(version=5)
        assert moved.title == {"ja": "要配慮", "en": "Sensitive", "mn": "Эмзэг"}
        assert moved.text == {"ja": "本文", "en": "Body"}

        back = migrate_to(BEFORE).get_model("privacy", "ConsentText").objects.get(version=5)
        assert (back.title_ja, back.title_en, back.title_mn) == ("要配慮", "Sensitive", "Эмзэг")
        assert (back.text_ja, back.text_en, back.text_mn) == ("本文", "Body", "")
    finally:
        migrate_back_to_latest()

"""The native-speaker review of translations (scripts/translations.py review-export / review-apply)."""

import importlib.util
import json
from pathlib import Path

import openpyxl
import polib
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "translations.py"

CATALOG = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Save"
msgstr "Хадгалах"

msgid "%(count)d day"
msgid_plural "%(count)d days"
msgstr[0] "%(count)d өдөр"
msgstr[1] "%(count)d өдрүүд"

msgid "Run now"
msgstr "Одоо ажиллуул"

msgid "Not translated yet"
msgstr ""
"""


@pytest.fixture
def translations(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("translations_script", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for language in ("ja", "mn"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "django.po").write_text(CATALOG, encoding="utf-8")
    monkeypatch.setattr(module, "LOCALE", tmp_path)
    return module


def entries(module, language="mn"):
    return {
        entry.msgid: entry
        for entry in polib.pofile(str(module.LOCALE / language / "LC_MESSAGES" / "django.po"))
    }


def test_a_reviewer_corrects_and_confirms_translations_in_a_sheet(translations, tmp_path, capsys):
    sheet_path = tmp_path / "review-mn.xlsx"
    translations.review_export("mn", str(sheet_path))
    sheet = openpyxl.load_workbook(sheet_path).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # Translated entries only: the untranslated one is the team's work, not the reviewer's.
    assert [row[0] for row in rows] == ["Save", "%(count)d day", "Run now"]
    assert rows[1][2] == "%(count)d өдөр || %(count)d өдрүүд"

    sheet["E2"] = "x"  # "Save" is right as it is
    sheet["D3"], sheet["E3"] = "%(count)d өдөр || %(count)d өдөр", "x"  # a correction of both forms
    sheet["D4"] = "Одоо ажиллуулах"  # corrected but not ticked: not taken
    sheet.parent.save(sheet_path)
    translations.review_apply("mn", str(sheet_path))

    catalog = entries(translations)
    assert translations.is_reviewed(catalog["Save"])
    assert catalog["Save"].msgstr == "Хадгалах"
    assert translations.is_reviewed(catalog["%(count)d day"])
    assert catalog["%(count)d day"].msgstr_plural == {0: "%(count)d өдөр", 1: "%(count)d өдөр"}
    assert not translations.is_reviewed(catalog["Run now"])
    assert catalog["Run now"].msgstr == "Одоо ажиллуул"
    assert not translations.is_reviewed(entries(translations, "ja")["Save"])  # only the language reviewed

    capsys.readouterr()
    translations.report()
    assert "mn: 2 of 4 translations reviewed by a native speaker" in capsys.readouterr().out
    # A second export leaves out what is reviewed.
    translations.review_export("mn", str(sheet_path))
    again = openpyxl.load_workbook(sheet_path).active
    assert [row[0] for row in again.iter_rows(min_row=2, values_only=True)] == ["Run now"]


def test_changing_a_reviewed_translation_without_the_reviewer_removes_the_mark(translations, tmp_path):
    catalog_path = translations.LOCALE / "mn" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(catalog_path))
    translations.mark_reviewed(po.find("Save"), True)
    po.save()
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"Save": {"mn": "Хадгал"}}), encoding="utf-8")
    translations.apply(str(changes))
    assert not translations.is_reviewed(entries(translations)["Save"])


def test_a_row_whose_english_changed_since_the_export_is_named_and_skipped(translations, tmp_path, capsys):
    sheet_path = tmp_path / "review-mn.xlsx"
    translations.review_export("mn", str(sheet_path))
    workbook = openpyxl.load_workbook(sheet_path)
    workbook.active["A2"], workbook.active["E2"] = "Save the form", "x"
    workbook.save(sheet_path)
    translations.review_apply("mn", str(sheet_path))
    assert "row 2: 'Save the form' is no longer in the mn catalog; skipped" in capsys.readouterr().out
    assert not translations.is_reviewed(entries(translations)["Save"])

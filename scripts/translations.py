#!/usr/bin/env python
"""Translation chores for locale/{ja,mn}.

  scripts/translations.py report               list untranslated and fuzzy entries (exit 1 if any)
  scripts/translations.py export FILE.json     write the untranslated/fuzzy msgids to FILE.json to fill in
  scripts/translations.py apply FILE.json      apply {"msgid": {"ja": "...", "mn": "..."}} (plurals: lists)
  scripts/translations.py review-export LANG FILE.xlsx
                                               a sheet for a native speaker: each translation not yet
                                               reviewed, with a column for a correction and one to tick
  scripts/translations.py review-apply LANG FILE.xlsx
                                               take the ticked rows back: corrections replace the text,
                                               and each ticked entry is marked reviewed in the catalog

After `apply` or `review-apply`, run `make messages` to compile the .mo files. A translation marked reviewed
(a "reviewed" translator comment in the .po, kept by makemessages) loses the mark when `apply` changes it;
`report` counts how many are reviewed per language.
"""

import json
import sys
from pathlib import Path

import openpyxl
import polib

LANGUAGES = ("ja", "mn")
LOCALE = Path(__file__).resolve().parent.parent / "locale"


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def pending(entry: polib.POEntry) -> bool:
    return not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)


REVIEWED = "reviewed"
PLURAL_SEPARATOR = " || "


def is_reviewed(entry: polib.POEntry) -> bool:
    return REVIEWED in (entry.tcomment or "").splitlines()


def mark_reviewed(entry: polib.POEntry, reviewed: bool) -> None:
    lines = [line for line in (entry.tcomment or "").splitlines() if line != REVIEWED]
    entry.tcomment = "\n".join([*lines, REVIEWED] if reviewed else lines)


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete and entry.msgid]


def report() -> int:
    count = 0
    for language in LANGUAGES:
        for entry in catalog(language):
            if pending(entry):
                count += 1
                print(f"{language}: {entry.msgid!r}")
    print(f"{count} entries to translate")
    for language in LANGUAGES:
        entries = live(catalog(language))
        reviewed = sum(1 for entry in entries if is_reviewed(entry))
        print(f"{language}: {reviewed} of {len(entries)} translations reviewed by a native speaker")
    return 1 if count else 0


def export(path: str) -> int:
    todo: dict[str, dict[str, object]] = {}
    for language in LANGUAGES:
        for entry in catalog(language):
            if pending(entry):
                item = todo.setdefault(entry.msgid, {"plural": entry.msgid_plural or None})
                item[language] = ["", ""] if entry.msgid_plural else ""
    Path(path).write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(todo)} msgids written to {path}")
    return 0


def apply(path: str) -> int:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    for language in LANGUAGES:
        po = catalog(language)
        for entry in po:
            value = translations.get(entry.msgid, {}).get(language)
            if not value or entry.obsolete:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                count = 1 if language == "ja" else 2
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            mark_reviewed(entry, False)  # new words from the team: a native speaker has not seen them
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        po.save()
    return report()


def _text(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return PLURAL_SEPARATOR.join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return str(entry.msgstr)


REVIEW_HEADER = (
    "English",
    "English plural",
    "Translation now",
    "Your correction (empty if right)",
    "Reviewed (x)",
)


def review_export(language: str, path: str) -> int:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = language
    sheet.append(REVIEW_HEADER)
    rows = 0
    for entry in live(catalog(language)):
        if is_reviewed(entry) or pending(entry):
            continue
        sheet.append((entry.msgid, entry.msgid_plural or "", _text(entry), "", ""))
        rows += 1
    for column, width in zip("ABCDE", (60, 30, 60, 60, 12), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(path)
    print(f"{rows} {language} translations to review written to {path}")
    return 0


def review_apply(language: str, path: str) -> int:
    """Mark ticked rows reviewed and take their corrections; a row whose English is no longer in the
    catalog (the text changed since the export) is named and skipped, nothing else is lost."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    po = catalog(language)
    by_msgid = {entry.msgid: entry for entry in live(po)}
    reviewed = corrected = 0
    for number, (msgid, _plural, _now, correction, tick, *_rest) in enumerate(rows, start=2):
        if not msgid or not tick:
            continue
        entry = by_msgid.get(str(msgid))
        if entry is None:
            print(f"row {number}: {msgid!r} is no longer in the {language} catalog; skipped")
            continue
        if correction:
            if entry.msgid_plural:
                forms = str(correction).split(PLURAL_SEPARATOR.strip())
                entry.msgstr_plural = {
                    i: forms[min(i, len(forms) - 1)].strip() for i in sorted(entry.msgstr_plural)
                }
            else:
                entry.msgstr = str(correction)
            corrected += 1
        mark_reviewed(entry, True)
        reviewed += 1
    po.save()
    print(f"{reviewed} {language} translations marked reviewed, {corrected} of them corrected")
    return 0


COMMANDS = {
    "report": report,
    "export": export,
    "apply": apply,
    "review-export": review_export,
    "review-apply": review_apply,
}

if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["report"]
    sys.exit(COMMANDS[command](*args))

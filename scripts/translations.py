#!/usr/bin/env python
"""Translation chores for locale/{ja,mn}.

  scripts/translations.py report               list untranslated and fuzzy entries (exit 1 if any)
  scripts/translations.py export FILE.json     write the untranslated/fuzzy msgids to FILE.json to fill in
  scripts/translations.py apply FILE.json      apply {"msgid": {"ja": "...", "mn": "..."}} (plurals: lists)

After `apply`, run `make messages` to compile the .mo files.
"""

import json
import sys
from pathlib import Path

import polib

LANGUAGES = ("ja", "mn")
LOCALE = Path(__file__).resolve().parent.parent / "locale"


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def pending(entry: polib.POEntry) -> bool:
    return not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)


def report() -> int:
    count = 0
    for language in LANGUAGES:
        for entry in catalog(language):
            if pending(entry):
                count += 1
                print(f"{language}: {entry.msgid!r}")
    print(f"{count} entries to translate")
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
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        po.save()
    return report()


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["report"]
    sys.exit({"report": report, "export": export, "apply": apply}[command](*args))

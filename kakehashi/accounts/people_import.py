"""Reading a list of people from CSV or Excel and checking every row before anything is written."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kakehashi.accounts.names import NameParts, is_cyrillic, is_japanese, is_kana_only, split_full_names
from kakehashi.accounts.roles import Role, roles_allowed_for
from kakehashi.core.validators import has_control_characters
from kakehashi.privacy.uploads import decode_text, validate_upload

NAME_PART_COLUMNS = (
    "family_name_latin",
    "given_name_latin",
    "family_name_local",
    "given_name_local",
    "family_name_reading",
    "given_name_reading",
)
# name_latin and name_local (a whole name in one cell) are the columns of files made before the name parts;
# they are still read, and split as the data migration split the stored names (names.split_full_names).
COLUMNS = (*NAME_PART_COLUMNS, "name_latin", "name_local", "email", "organization", "role")
REQUIRED_COLUMNS = ("email", "organization", "role")


@dataclass(frozen=True)
class ColumnHelp:
    """A column of an import file as its upload page explains it: the name (a key, shown as code), what it
    holds in the reader's language, and the keys it accepts with their names."""

    name: str
    meaning: str
    values: tuple[tuple[str, str], ...] = ()


def column_help() -> list[ColumnHelp]:
    """The columns of a people file, explained in the active language."""
    meanings = {
        "family_name_latin": _("Family name in Latin letters."),
        "given_name_latin": _("Given name in Latin letters."),
        "family_name_local": _("Family name in its own script (Cyrillic or kanji)."),
        "given_name_local": _("Given name in its own script (Cyrillic or kanji)."),
        "family_name_reading": _("Reading of a Japanese family name, in kana."),
        "given_name_reading": _("Reading of a Japanese given name, in kana."),
        "name_latin": _("Instead of the name parts: the whole name in Latin letters."),
        "name_local": _("Instead of the name parts: the whole name in its own script."),
        "email": _("Email address (required)."),
        "organization": _("The organization's key (required)."),
        "role": _("The role's key (required), one of:"),
    }
    roles = tuple((str(value), str(label)) for value, label in Role.choices)
    return [ColumnHelp(c, meanings[c], roles if c == "role" else ()) for c in COLUMNS]


# One of these is needed too.
NAME_COLUMNS = ("name_latin", "family_name_latin", "given_name_latin")
# 10,000 people with long names and addresses fit in 4 MB of CSV.
MAX_ROWS = 10_000
MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class OrganizationRef:
    pk: int
    key: str
    kind: str


def read_table(file_name: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by the header row, from .csv or .xlsx (see `read_rows`)."""
    rows = read_rows(file_name, content)
    if not rows:
        raise ValidationError(_("The file has no rows."))
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if not any(c in rows[0] for c in NAME_COLUMNS):
        missing.insert(0, " / ".join(NAME_COLUMNS))
    if missing:
        raise ValidationError(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return rows


def read_rows(file_name: str, content: bytes, max_bytes: int = MAX_BYTES) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8 with or without BOM, or cp932 as Japanese Excel saves it) or .xlsx file.

    Every import reads through here: the file is checked by `validate_upload` first, so a zip bomb or a
    renamed program stops before openpyxl or the csv module opens it.
    """
    if len(content) > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": f"{max_bytes / 1024**2:g}"})
    lower = file_name.lower()
    if not lower.endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    kind = validate_upload(content, allowed={"csv", "xlsx"}, max_bytes=max_bytes, name=file_name)
    return _read_csv(content) if kind == "csv" else _read_xlsx(content)


def _read_csv(content: bytes) -> list[dict[str, str]]:
    text, _encoding = decode_text(content)
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        return []
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file; all mean the same to a person.
        raise ValidationError(_("The Excel file cannot be read.")) from None
    sheet = workbook.worksheets[0]
    values: list[tuple[Any, ...]] = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not values:
        return []
    header = [str(cell or "").strip().lower() for cell in values[0]]
    rows = []
    for record in values[1:]:
        if all(cell in (None, "") for cell in record):
            continue
        rows.append(
            {
                name: str(cell if cell is not None else "").strip()
                for name, cell in zip(header, record, strict=False)
                if name
            }
        )
    return rows


NAME_PART_MAX = 75


def name_parts(row: dict[str, str]) -> dict[str, str]:
    """The name parts of a row: its family/given columns, or else its whole-name columns split."""
    parts = {c: " ".join(row.get(c, "").split()) for c in NAME_PART_COLUMNS}
    if not any(parts[c] for c in NAME_PART_COLUMNS[:4]):
        split = split_full_names(row.get("name_latin", ""), row.get("name_local", ""))
        parts.update(
            family_name_latin=split.family_latin,
            given_name_latin=split.given_latin,
            family_name_local=split.family_local,
            given_name_local=split.given_local,
        )
    return parts


def preview_row(row: dict[str, Any]) -> dict[str, Any]:
    """A checked row as the preview shows it: the family and the given name each in Latin script, own
    script (with its `lang`) and reading, so the uploader sees how a whole-name column was split."""
    parts = name_parts(row)

    def part(kind: str) -> dict[str, str]:
        local = parts[f"{kind}_name_local"]
        return {
            "latin": parts[f"{kind}_name_latin"],
            "local": local,
            "local_lang": "ja" if is_japanese(local) else "mn" if is_cyrillic(local) else "",
            "reading": parts[f"{kind}_name_reading"],
        }

    return {**row, "family": part("family"), "given": part("given")}


def check_rows(
    rows: list[dict[str, str]],
    *,
    organizations: dict[str, OrganizationRef],
    allowed_organization_ids: frozenset[int] | None,
    existing_emails: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Clean rows and a list of errors, each naming its row number as the person sees it (header = 1)."""
    cleaned: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    seen_emails: dict[str, int] = {}
    role_values = {value for value, _label in Role.choices}
    for index, row in enumerate(rows, start=2):
        problems: list[str] = []
        email = row.get("email", "").lower()
        parts = name_parts(row)
        org_key = row.get("organization", "")
        role = row.get("role", "").lower()
        if not (parts["family_name_latin"] or parts["given_name_latin"]):
            problems.append(_("The name in Latin script is missing."))
        if any(len(value) > NAME_PART_MAX for value in parts.values()):
            problems.append(_("A name part is longer than %(max)d characters.") % {"max": NAME_PART_MAX})
        if not all(is_kana_only(parts[c]) for c in ("family_name_reading", "given_name_reading")):
            problems.append(_("Write the reading in hiragana or katakana."))
        if any(
            has_control_characters(row.get(c, "")) for c in (*NAME_PART_COLUMNS, "name_latin", "name_local")
        ):
            # A spreadsheet cell can hold a line break; in a name it would break the emails sent to it.
            problems.append(
                _("The name has a line break or another control character: write it on one line.")
            )
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not a valid email address.") % {"email": email})
        else:
            if email in seen_emails:
                problems.append(
                    _("The email address is already on row %(row)d.") % {"row": seen_emails[email]}
                )
            elif email in existing_emails:
                problems.append(_("A person with this email address already exists."))
            seen_emails.setdefault(email, index)
        org = organizations.get(org_key)
        if org is None:
            problems.append(_("There is no organization “%(key)s”.") % {"key": org_key})
        elif allowed_organization_ids is not None and org.pk not in allowed_organization_ids:
            problems.append(_("You cannot add people to the organization “%(key)s”.") % {"key": org_key})
        if role not in role_values:
            problems.append(_("There is no role “%(role)s”.") % {"role": role})
        elif org is not None and role not in roles_allowed_for(org.kind):
            problems.append(
                _("The role “%(role)s” does not exist in this kind of organization.") % {"role": role}
            )
        whole = NameParts(
            family_latin=parts["family_name_latin"],
            given_latin=parts["given_name_latin"],
            family_local=parts["family_name_local"],
            given_local=parts["given_name_local"],
        )
        if problems:
            errors.append({"row": index, "email": email, "messages": problems})
        else:
            cleaned.append(
                {
                    "row": index,
                    **parts,
                    "name_latin": whole.latin,
                    "name_local": whole.local,
                    "email": email,
                    "organization_id": org.pk if org else None,
                    "organization": org_key,
                    "role": role,
                }
            )
    return cleaned, errors

"""Reading a list of prospects from CSV or Excel and checking every row before anything is written."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kakehashi.accounts.people_import import MAX_BYTES, ColumnHelp, read_rows
from kakehashi.companies.models import CompanySize, Industry
from kakehashi.core.multilingual.text import TranslatedText, content_languages, language_name
from kakehashi.core.validators import validate_web_url

# Besides the company's name, which has a column per language (`name_<code>` for each language of
# settings.LANGUAGES: name_ja, name_mn, name_en), at least one of them filled in.
OTHER_COLUMNS = (
    "industry",
    "size",
    "address",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
MAX_ROWS = 2000


def name_columns() -> list[str]:
    return [f"name_{code}" for code in content_languages()]


def columns() -> list[str]:
    return [*name_columns(), *OTHER_COLUMNS]


def name_of(row: dict[str, Any]) -> TranslatedText:
    """{language: name} from a row's name_<code> columns."""
    return TranslatedText({code: str(row.get(f"name_{code}") or "") for code in content_languages()})


def column_help() -> list[ColumnHelp]:
    """The columns of a prospects file, explained in the active language: a name column per language of
    the platform, then the others."""
    meanings = {
        "industry": _("The industry's key, one of:"),
        "size": _("The size's key, one of:"),
        "address": _("Address."),
        "website": _("Website address (https://…)."),
        "contact_name": _("Name of the contact person."),
        "contact_email": _("Email address of the contact person."),
        "contact_phone": _("Phone number of the contact person."),
    }
    values = {
        "industry": tuple((str(v), str(label)) for v, label in Industry.choices),
        "size": tuple((str(v), str(label)) for v, label in CompanySize.choices),
    }
    names = [
        ColumnHelp(f"name_{code}", _("Company name in %(language)s.") % {"language": language_name(code)}, ())
        for code in content_languages()
    ]
    return names + [ColumnHelp(c, meanings[c], values.get(c, ())) for c in OTHER_COLUMNS]


def read_table(file_name: str, content: bytes) -> list[dict[str, str]]:
    # The people import's reader: the file is checked by validate_upload (zip bombs, renamed programs)
    # before anything parses it, and a CSV may be UTF-8 or Japanese Excel's cp932.
    rows = read_rows(file_name, content, MAX_BYTES)
    if not rows:
        raise ValidationError(_("The file has no rows."))
    if not any(column in rows[0] for column in name_columns()):
        raise ValidationError(_("The file needs a name_ja or a name_en column."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return rows


def check_rows(
    rows: list[dict[str, str]], *, existing_names: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Clean rows and errors, each naming its row as the person sees it (header = 1)."""
    cleaned: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    industries = {value for value, _label in Industry.choices}
    sizes = {value for value, _label in CompanySize.choices}
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        problems: list[str] = []
        values = {column: (row.get(column) or "").strip() for column in columns()}
        values["industry"] = values["industry"].lower()
        values["size"] = values["size"].lower()
        texts = name_of(values)
        name = texts.in_language()
        if not name:
            problems.append(_("The company has no name."))
        else:
            keys = [text.casefold() for text in texts.values()]
            earlier = next((seen[key] for key in keys if key in seen), None)
            if earlier is not None:
                problems.append(_("The same company is already on row %(row)d.") % {"row": earlier})
            elif any(key in existing_names for key in keys):
                problems.append(_("This company is already in the pipeline."))
            for key in keys:
                seen.setdefault(key, index)
        if values["industry"] and values["industry"] not in industries:
            problems.append(_("There is no industry “%(value)s”.") % {"value": values["industry"]})
        if values["size"] and values["size"] not in sizes:
            problems.append(_("There is no size “%(value)s”.") % {"value": values["size"]})
        if values["contact_email"]:
            try:
                validate_email(values["contact_email"])
            except ValidationError:
                problems.append(
                    _("“%(email)s” is not a valid email address.") % {"email": values["contact_email"]}
                )
        if values["website"]:
            try:
                validate_web_url(values["website"])  # http(s) only: it becomes a link on the company page
            except ValidationError:
                problems.append(_("“%(url)s” is not a valid web address.") % {"url": values["website"]})
        if problems:
            errors.append({"row": index, "name": name, "messages": problems})
        else:
            # The names as (language, text) pairs, for the preview to show each marked with its language.
            cleaned.append({"row": index, **values, "names": list(texts.items())})
    return cleaned, errors

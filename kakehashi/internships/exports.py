"""Excel exports of a round: applicants per college, per company, and the round's summary.

Written in the requester's language (call inside it): sheet names and headers translated, statuses by their
labels (never the stored codes), organizations and places by their names in that language, and the dates
an application was submitted and confirmed as real Excel dates."""

from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kakehashi.core.exports import new_workbook, sheet_name, workbook_bytes
from kakehashi.core.i18n import localized
from kakehashi.core.multilingual.query import translated_order
from kakehashi.internships import selectors
from kakehashi.internships.models import Application, Choice, Placement, Round, applications_by_name

NAME_COLUMNS = (
    "family_name_latin",
    "given_name_latin",
    "family_name_local",
    "given_name_local",
    "family_name_reading",
    "given_name_reading",
)


def _label(model: type[models.Model], name: str) -> str:
    """A column named as the field is named on the pages (its verbose name, translated)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return capfirst(str(field.verbose_name))


def round_workbook(round_: Round) -> bytes:
    book = new_workbook()
    summary = book.active
    assert summary is not None
    summary.title = sheet_name(_("Summary"))
    summary.append([_("Round"), str(round_.name)])
    summary.append([_("Phase"), str(round_.get_phase_display())])
    counts = selectors.application_counts(round_)
    count_labels: dict[str, Any] = {
        "total": _("Applications started"),
        "submitted": _("Applications submitted"),
        "nominated": _("Nominated"),
        "confirmed": _("Nominations confirmed"),
        "places": _("Places"),
        "approved": _("Places approved"),
        "placed": _("Placements made"),
        "accepted": _("Placements accepted"),
    }
    for key, value in counts.items():
        summary.append([str(count_labels.get(key, key)), value])
    summary.column_dimensions["A"].width = 32

    colleges = book.create_sheet(sheet_name(_("Applicants by college")))
    colleges.append(
        [
            _("College"),
            # The name in parts as the student wrote it, family name first (docs/names.md).
            *(_label(Application, field) for field in NAME_COLUMNS),
            _label(Application, "department"),
            _label(Application, "year"),
            _label(Application, "japanese_level"),
            _label(Application, "nomination"),
            _label(Application, "submitted_at"),
            _label(Application, "confirmed_at"),
        ]
    )
    for app in (
        Application.objects.filter(round=round_, submitted_at__isnull=False)
        .select_related("college")
        .order_by(translated_order("college__name"), *applications_by_name())
    ):
        colleges.append(
            [
                localized(app.college, "name"),
                *(getattr(app, field) for field in NAME_COLUMNS),
                app.department,
                app.year,
                str(app.get_japanese_level_display()),
                str(app.get_nomination_display()),
                app.submitted_at,
                app.confirmed_at,
            ]
        )

    companies = book.create_sheet(sheet_name(_("Applicants by company")))
    companies.append(
        [_("Company"), _("Internship place"), _("Applicant"), _("College"), _("Applicant's choice")]
    )
    for choice in (
        Choice.objects.filter(place__round=round_, application__submitted_at__isnull=False)
        .select_related("place__company", "application__college")
        .order_by(translated_order("place__company__name"), translated_order("place__title"), "position")
    ):
        companies.append(
            [
                localized(choice.place.company, "name"),
                localized(choice.place, "title"),
                str(choice.application.display_name),
                localized(choice.application.college, "name"),
                choice.position,
            ]
        )

    results = book.create_sheet(sheet_name(_("Placements")))
    results.append(
        [
            _("Company"),
            _("Internship place"),
            _("Intern"),
            _("College"),
            _("Status"),
            _label(Placement, "decided_at"),
        ]
    )
    for placement in Placement.objects.filter(round=round_).select_related(
        "place__company", "application__college"
    ):
        results.append(
            [
                localized(placement.place.company, "name"),
                localized(placement.place, "title"),
                str(placement.application.display_name),
                localized(placement.application.college, "name"),
                str(placement.get_status_display()),
                placement.decided_at,
            ]
        )
    for sheet in (colleges, companies, results):
        sheet.freeze_panes = "A2"
    return workbook_bytes(book)

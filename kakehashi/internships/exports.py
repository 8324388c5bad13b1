"""Excel exports of a round: applicants per college, per company, and the round's summary."""

from kakehashi.core.exports import new_workbook, workbook_bytes
from kakehashi.core.multilingual.query import translated_order
from kakehashi.internships import selectors
from kakehashi.internships.models import Application, Choice, Placement, Round


def round_workbook(round_: Round) -> bytes:
    book = new_workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    summary.append(["Round", round_.name])
    summary.append(["Phase", str(round_.get_phase_display())])
    for key, value in selectors.application_counts(round_).items():
        summary.append([key, value])

    colleges = book.create_sheet("Applicants by college")
    colleges.append(
        [
            "College",
            "Name (Latin)",
            "Name (Cyrillic)",
            "Department",
            "Year",
            "Japanese",
            "Nomination",
            "Confirmed",
        ]
    )
    for app in (
        Application.objects.filter(round=round_, submitted_at__isnull=False)
        .select_related("college")
        .order_by(translated_order("college__name", "en"), "name_latin")
    ):
        colleges.append(
            [
                app.college.name.in_language("en"),
                app.name_latin,
                app.name_cyrillic,
                app.department,
                app.year,
                app.japanese_level,
                app.nomination,
                "yes" if app.confirmed_at else "",
            ]
        )

    companies = book.create_sheet("Applicants by company")
    companies.append(["Company", "Place", "Applicant", "College", "Applicant's choice"])
    for choice in (
        Choice.objects.filter(place__round=round_, application__submitted_at__isnull=False)
        .select_related("place__company", "application__college")
        .order_by(
            translated_order("place__company__name", "en"), translated_order("place__title", "en"), "position"
        )
    ):
        companies.append(
            [
                choice.place.company.name.in_language("en"),
                choice.place.title.in_language("en"),
                choice.application.name_latin,
                choice.application.college.name.in_language("en"),
                choice.position,
            ]
        )

    results = book.create_sheet("Placements")
    results.append(["Company", "Place", "Intern", "College", "Status"])
    for placement in Placement.objects.filter(round=round_).select_related(
        "place__company", "application__college"
    ):
        results.append(
            [
                placement.place.company.name.in_language("en"),
                placement.place.title.in_language("en"),
                placement.application.name_latin,
                placement.application.college.name.in_language("en"),
                placement.status,
            ]
        )
    return workbook_bytes(book)

"""Files the curriculum produces: the gradebook and the students page in CSV and Excel (as rows that
kakehashi.core.exports streams), certificates in PDF, the schedule in iCalendar."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.certificates.documents import verification_context
from kakehashi.core.calendars import calendar_bytes
from kakehashi.core.multilingual.text import as_translated, content_languages
from kakehashi.core.pdf import html_to_pdf
from kakehashi.learning import selectors
from kakehashi.learning.models import Certificate, ClassSession, Cohort, Course

EXPORT_BATCH = 500


def _batches(learners: QuerySet[User]) -> Iterator[list[User]]:
    """The learners, in their order, 500 at a time: an export reads the scores of one batch at once."""
    start = 0
    while batch := list(learners[start : start + EXPORT_BATCH]):
        yield batch
        start += EXPORT_BATCH


def gradebook_table(cohort: Cohort, learners: QuerySet[User]) -> Iterator[list[Any]]:
    """The gradebook as rows (header first): learner, email, then the best score in each graded item."""
    columns = selectors.cohort_gradebook_columns(cohort)
    yield [_("Learner"), _("Email"), *(title for _k, _pk, title, _p in columns)]
    for batch in _batches(learners):
        book = selectors.gradebook(cohort, batch, columns)
        for learner, scores in book.rows:
            yield [learner.display_name, learner.email, *scores]


def students_table(courses: list[Course], keys: list[selectors.ProgressKey]) -> Iterator[list[Any]]:
    """The students page as rows (header first), the learners in the page's order: learner, overall
    completion, mean grade, assignments overdue, then completion and grade in each course."""
    header: list[Any] = [_("Learner"), _("Email"), _("Completion (%)"), _("Grade (%)"), _("Overdue")]
    for course in courses:
        header += [
            _("%(course)s: completion (%%)") % {"course": course.title},
            _("%(course)s: grade (%%)") % {"course": course.title},
        ]
    yield header
    for start in range(0, len(keys), EXPORT_BATCH):
        batch = selectors.learners_of(keys[start : start + EXPORT_BATCH])
        for row in selectors.learner_rows(batch, courses):
            line: list[Any] = [
                row.learner.display_name,
                row.learner.email,
                row.percent,
                row.grade,
                row.overdue,
            ]
            for cell in row.cells:
                line += [cell.percent, cell.grade]
            yield line


def certificate_pdf(certificate: Certificate, site_url: str) -> bytes:
    """A one-page certificate in Japanese, Mongolian Cyrillic (Ө, Ү) and Latin (fonts: kakehashi/core/pdf.py)."""

    titles = as_translated(certificate.course_title_printed)
    html = render_to_string(
        "learning/certificate_pdf.html",
        {
            "certificate": certificate,
            # Every language the title was written in (a bilingual document), Japanese and Mongolian first.
            "titles": [
                titles[code] for code in dict.fromkeys(("ja", "mn", *content_languages())) if titles.get(code)
            ],
            "verification": verification_context(site_url, serial=certificate.serial, code=certificate.code),
        },
    )
    return html_to_pdf(html)


def schedule_ics(sessions: list[ClassSession]) -> bytes:
    """Times are stored in UTC and written with their local zone, so calendars show them right."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Kakehashi//learning//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Kakehashi classes"))
    stamp = timezone.now()
    for session in sessions:
        zone = ZoneInfo(session.time_zone)
        event = Event()
        event.add("uid", f"learning-session-{session.pk}@kakehashi")
        event.add("summary", str(session.title))
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("dtstamp", stamp)
        where = session.meeting_url if session.mode == "online" else session.location
        if where:
            event.add("location", where)
        event.add("description", f"{session.cohort.title} · {session.get_mode_display()}")
        calendar.add_component(event)
    return calendar_bytes(calendar)

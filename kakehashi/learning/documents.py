"""Files the curriculum produces: the gradebook in Excel, certificates in PDF, the schedule in iCalendar."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.certificates.documents import verification_context
from kakehashi.core.calendars import calendar_bytes
from kakehashi.core.pdf import html_to_pdf
from kakehashi.learning.models import Certificate, ClassSession
from kakehashi.learning.selectors import Gradebook


def gradebook_xlsx(book: Gradebook) -> bytes:
    from openpyxl.styles import Font

    from kakehashi.core.exports import new_workbook, workbook_bytes

    workbook = new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Gradebook")[:31]
    sheet.append([_("Learner"), _("Email"), *(title for _k, _pk, title, _p in book.columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for learner, scores in book.rows:
        sheet.append([learner.display_name, learner.email, *scores])
    sheet.freeze_panes = "C2"
    return workbook_bytes(workbook)


def certificate_pdf(certificate: Certificate, site_url: str) -> bytes:
    """A one-page certificate in Japanese, Mongolian Cyrillic (Ө, Ү) and Latin (fonts: kakehashi/core/pdf.py)."""

    titles = certificate.course_title_printed
    html = render_to_string(
        "learning/certificate_pdf.html",
        {
            "certificate": certificate,
            "titles": [titles.get(code, "") for code in ("ja", "mn", "en") if titles.get(code)],
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
        event.add("summary", session.title)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("dtstamp", stamp)
        where = session.meeting_url if session.mode == "online" else session.location
        if where:
            event.add("location", where)
        event.add("description", f"{session.cohort.title} · {session.get_mode_display()}")
        calendar.add_component(event)
    return calendar_bytes(calendar)

"""The readiness certificate of a host company, in PDF (Japanese, Mongolian and English on one page)."""

from django.template.loader import render_to_string
from django.utils import timezone

from kakehashi.companies.selectors import Readiness
from kakehashi.core.pdf import html_to_pdf


def readiness_certificate_pdf(readiness: Readiness) -> bytes:
    """One A4 page; fonts from kakehashi/core/pdf.py cover Japanese, Mongolian Cyrillic and Latin."""

    verified_on = max(
        (
            state.answer.reviewed_at
            for area in readiness.areas
            for state in area.items
            if state.verified and state.answer is not None and state.answer.reviewed_at
        ),
        default=timezone.now(),
    )
    html = render_to_string(
        "companies/certificate_pdf.html",
        {"readiness": readiness, "organization": readiness.organization, "verified_on": verified_on},
    )
    return html_to_pdf(html)

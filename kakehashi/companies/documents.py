"""The readiness certificate of a host company, in PDF (Japanese, Mongolian and English on one page)."""

from django.template.loader import render_to_string
from django.utils import timezone

from kakehashi.companies.selectors import Readiness


def readiness_certificate_pdf(readiness: Readiness) -> bytes:
    """One A4 page; the Noto CJK fonts cover Japanese, Mongolian Cyrillic and Latin."""
    from weasyprint import HTML  # imported here: it is slow to load and only this page needs it

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
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf

"""The completion certificate: one A4 page in Japanese, Mongolian and English, rendered with WeasyPrint.

Like the printable sheet, the certificate is a trilingual document whatever the reader's language, so its
wording is content (CERTIFICATE_TEXT), not interface strings."""

from django.template.loader import render_to_string

from kakehashi.certificates import services as certificate_services
from kakehashi.certificates.documents import verification_context
from kakehashi.certificates.models import CertificateKind
from kakehashi.core.dates import written_date
from kakehashi.core.pdf import html_to_pdf
from kakehashi.operations.models import EvaluationKind, InternCase

CERTIFICATE_TEXT = {
    "title": {"ja": "修了証明書", "mn": "Дадлага дүүргэсний гэрчилгээ", "en": "Certificate of completion"},
    "body": {
        "ja": "上記の者は、{host}におけるインターンシップ（{start}〜{end}）を修了したことを証明します。",
        "mn": "Дээр дурдсан оюутан {host}-д {start}-аас {end} хүртэл дадлагыг амжилттай дүүргэсэн болохыг гэрчилж байна.",
        "en": "This certifies that the above completed an internship at {host} from {start} to {end}.",
    },
}


def certificate_pdf(case: InternCase, site_url: str) -> bytes:
    """Issued on the first download; later downloads print the same serial, date and words."""
    body = {
        lang: text.format(
            host=case.host.name.in_language(lang),
            start=written_date(case.arrival_on, lang),
            end=written_date(case.departure_on, lang),
        )
        for lang, text in CERTIFICATE_TEXT["body"].items()
    }
    issued = certificate_services.issue(
        kind=CertificateKind.INTERNSHIP,
        source=f"internship:case:{case.pk}",
        holder=case.intern.name_in_own_script or case.intern.name_in_latin,
        statement=body,
    )
    html = render_to_string(
        "operations/certificate.html",
        {
            "case": case,
            "title": CERTIFICATE_TEXT["title"],
            "body": issued.statement_printed,
            "program": case.program,
            "evaluation": case.evaluations.filter(kind=EvaluationKind.OF_INTERN).first(),
            "issued_on": issued.issued_on,
            "verification": verification_context(site_url, serial=issued.serial, code=issued.code),
        },
    )
    return html_to_pdf(html)

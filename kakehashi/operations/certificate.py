"""The completion certificate: one A4 page in Japanese, Mongolian and English, rendered with WeasyPrint.

Like the printable sheet, the certificate is a trilingual document whatever the reader's language, so its
wording is content (CERTIFICATE_TEXT), not interface strings."""

from django.template.loader import render_to_string
from django.utils import timezone

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


def certificate_pdf(case: InternCase) -> bytes:

    start, end = case.arrival_on.isoformat(), case.departure_on.isoformat()
    body = {
        lang: text.format(host=getattr(case.host, f"name_{lang}") or case.host.name_en, start=start, end=end)
        for lang, text in CERTIFICATE_TEXT["body"].items()
    }
    html = render_to_string(
        "operations/certificate.html",
        {
            "case": case,
            "title": CERTIFICATE_TEXT["title"],
            "body": body,
            "program": case.program,
            "evaluation": case.evaluations.filter(kind=EvaluationKind.OF_INTERN).first(),
            "issued_on": timezone.localdate(),
        },
    )
    return html_to_pdf(html)

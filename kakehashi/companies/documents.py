"""The readiness certificate of a host company, in PDF (Japanese, Mongolian and English on one page)."""

from django.template.loader import render_to_string
from django.utils import translation

from kakehashi.certificates import services as certificate_services
from kakehashi.certificates.documents import verification_context
from kakehashi.certificates.models import CertificateKind
from kakehashi.companies.selectors import Readiness
from kakehashi.core.pdf import html_to_pdf

# What the certificate states, as content (printed in all three languages whatever the reader's).
STATEMENT = {
    "ja": "{name}は、外国人インターン受入れの準備項目をすべて満たしたことを証明します。",
    "mn": "{name} нь гадаад дадлагажигч хүлээн авах бэлтгэлийн бүх шаардлагыг хангасныг гэрчилж байна.",
    "en": "{name} has met every requirement of the readiness program for hosting interns.",
}


def readiness_certificate_pdf(readiness: Readiness, site_url: str) -> bytes:
    """One A4 page, issued on the first download: later downloads print the same serial and date."""
    organization = readiness.organization
    issued = certificate_services.issue(
        kind=CertificateKind.READINESS,
        source=f"readiness:organization:{organization.pk}",
        holder=organization.name.in_language("ja"),
        statement={
            language: text.format(name=organization.name.in_language(language))
            for language, text in STATEMENT.items()
        },
    )
    with translation.override("ja"):  # a Japanese document: texts in Japanese first, the others beside
        html = render_to_string(
            "companies/certificate_pdf.html",
            {
                "readiness": readiness,
                "organization": organization,
                "issued": issued,
                "verification": verification_context(site_url, serial=issued.serial, code=issued.code),
            },
        )
    return html_to_pdf(html)

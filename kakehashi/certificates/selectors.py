"""What the public verification page shows for a code: the kind, serial, holder, statement and date as
printed, and nothing else (no hint of other codes)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import get_language

from kakehashi.certificates.models import CertificateKind, IssuedCertificate


@dataclass(frozen=True)
class Verified:
    kind: str
    serial: str
    holder: str
    statement: dict[str, str]
    issued_on: datetime.date

    @property
    def kind_label(self) -> str:
        return str(CertificateKind(self.kind).label)

    @property
    def statement_in_reader_language(self) -> tuple[str, str]:
        """(language, text): the reader's language if the certificate states it, else the first it has."""
        language = (get_language() or "en").split("-")[0]
        if self.statement.get(language):
            return language, self.statement[language]
        for code in ("en", "ja", "mn"):
            if self.statement.get(code):
                return code, self.statement[code]
        return language, ""


def normalised(code: str) -> str:
    return code.strip().upper()[:20]


def verified(code: str) -> Verified | None:
    code = normalised(code)
    if not code:
        return None
    issued = IssuedCertificate.objects.filter(code=code).first()
    if issued is not None:
        return Verified(
            kind=issued.kind,
            serial=issued.serial,
            holder=issued.holder_printed,
            statement=dict(issued.statement_printed),
            issued_on=issued.issued_on,
        )
    from kakehashi.learning.selectors import certificate_by_code  # course certificates keep their table

    course = certificate_by_code(code)
    if course is None:
        return None
    return Verified(
        kind=CertificateKind.COURSE,
        serial=course.serial,
        holder=course.name_printed,
        statement=dict(course.course_title_printed),
        issued_on=course.issued_on,
    )

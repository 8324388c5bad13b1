"""Issuing certificates: once per thing certified, with a serial and a fixed date; and the rate limit of the
public verification page."""

from django.db import IntegrityError
from django.utils import timezone

from kakehashi.certificates.models import CertificateKind, IssuedCertificate
from kakehashi.certificates.serials import create_with_serial
from kakehashi.core.rate_limits import over_limit

VERIFY_LIMIT = 30
VERIFY_WINDOW_SECONDS = 600


def issue(*, kind: CertificateKind, source: str, holder: str, statement: dict[str, str]) -> IssuedCertificate:
    """The certificate of `source`, issued now if it was not before. A second call (a later download)
    returns the first one unchanged: same serial, same date, same words."""
    existing = IssuedCertificate.objects.filter(source=source).first()
    if existing is not None:
        return existing
    try:
        return create_with_serial(
            IssuedCertificate,
            kind,
            timezone.localdate(),
            kind=kind,
            source=source,
            holder_printed=holder,
            statement_printed=statement,
        )
    except IntegrityError:
        # The same source issued by a parallel request a moment ago: that one is the certificate.
        return IssuedCertificate.objects.get(source=source)


def verify_rate_limited(ip: str) -> bool:
    """Count one certificate lookup from this address; True once it went over 30 in 10 minutes, so that
    codes cannot be found by trying many."""
    return over_limit(f"certificates:verify:{ip}", limit=VERIFY_LIMIT, window_seconds=VERIFY_WINDOW_SECONDS)

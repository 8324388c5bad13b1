"""What every certificate PDF prints at its foot: serial, date of issue, verification code, and a QR code
that opens the verification page with the code filled in."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from kakehashi.certificates.qr import qr_data_uri


def verification_url(base: str, code: str) -> str:
    """`base` is the site's address as the request saw it (request.build_absolute_uri("/"))."""
    return base.rstrip("/") + reverse("certificates:verify") + "?" + urlencode({"code": code})


def verification_context(base: str, *, serial: str, code: str) -> dict[str, Any]:
    url = verification_url(base, code)
    return {"serial": serial, "code": code, "url": url, "qr": qr_data_uri(url)}

"""The client's address, decided in one place for the rate limits, allauth and the audit log.

Behind N trusted reverse proxies (settings.TRUSTED_PROXY_COUNT, from the environment), each proxy appends
the address it received the request from to X-Forwarded-For, so the Nth entry from the end was written by
the outermost trusted proxy: everything before it may be forged by the client. With 0 (no proxy), the
header is the client's own words and is ignored. When the header is missing, too short or not an address
(a probe from loopback that did not pass the proxy), REMOTE_ADDR is the client.
"""

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    """A normalised IP address from `text` ("1.2.3.4", "1.2.3.4:567", "[::1]:567", "::1"), else None."""
    text = text.strip()
    if text.startswith("["):  # [v6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))


def client_ip(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it; REMOTE_ADDR without them."""
    count = trusted_proxy_count()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= count and (address := _address(entries[-count])):
            return address
    return _address(request.META.get("REMOTE_ADDR", "")) or request.META.get("REMOTE_ADDR", "")


class ClientAddressAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware takes the FIRST X-Forwarded-For entry, which any client can write:
    the audit log records the address `client_ip` decides instead, and the forwarded port only when it
    came from a trusted proxy."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:  # type: ignore[override]
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request) or None

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        if trusted_proxy_count() == 0:
            return None
        try:
            return int(request.headers.get("X-Forwarded-Port", ""))
        except ValueError:
            return None

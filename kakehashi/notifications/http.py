"""Plain HTTP for the chat and SMS channels (the standard library's urllib: no SDK, no new dependency).

`post()` answers (status, parsed JSON body or {}); a connection that fails answers status 0 and the
error's name. Nothing here logs a request: the addresses and texts are personal data.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings


def post(url: str, *, data: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    # The address is a provider's API base from the settings; only http(s) is ever opened (never file:).
    if not url.startswith(("https://", "http://")):
        raise ValueError("a channel posts to an http(s) address only")
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    timeout = getattr(settings, "CHANNEL_HTTP_TIMEOUT", 10)
    try:
        # Checked above: http(s) only.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read())
    except (urllib.error.URLError, OSError) as error:
        return 0, {"message": type(error).__name__}


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return post(url, data=body, headers={"Content-Type": "application/json", **headers})


def _json(raw: bytes) -> dict[str, Any]:
    try:
        found = json.loads(raw.decode() or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def reason(status: int, message: str) -> str:
    """A failed delivery's reason: the HTTP status and the provider's own error message."""
    if status == 0:
        return f"connection failed: {message}"[:300]
    return f"HTTP {status}: {message}"[:300] if message else f"HTTP {status}"

"""Local fake servers of the chat and SMS providers, on 127.0.0.1: nothing leaves the machine.

`FakeProvider` records every request (method, path with its query, headers, body) and answers what the
test told it to (201/200 and a JSON body by default). `channels_on(settings, fake)` switches LINE,
Messenger and SMS on with their base addresses pointed at the fake.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode())

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode())


@dataclass
class FakeProvider:
    requests: list[Seen] = field(default_factory=list)
    # path -> list of (status, body) answered in turn (the last one repeats)
    answers: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    base: str = ""

    def answer(self, path: str, *replies: tuple[int, dict[str, Any]]) -> None:
        self.answers[path] = list(replies)

    def to(self, path_start: str) -> list[Seen]:
        return [r for r in self.requests if r.path.startswith(path_start)]


def _handler(fake: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            parts = urlsplit(self.path)
            fake.requests.append(
                Seen(
                    "POST",
                    parts.path,
                    parse_qs(parts.query),
                    dict(self.headers.items()),
                    self.rfile.read(length),
                )
            )
            replies = fake.answers.get(parts.path) or [(200, {})]
            status, body = replies.pop(0) if len(replies) > 1 else replies[0]
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    return Handler


@pytest.fixture
def fake_provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


LINE_TOKEN = "line-access-token"
LINE_SECRET = "line-channel-secret"
MESSENGER_TOKEN = "page-access-token"
MESSENGER_SECRET = "app-secret"
MESSENGER_VERIFY = "verify-me"
SMS_SID = "AC0123456789"
SMS_TOKEN = "sms-auth-token"
SMS_FROM = "+15005550006"


def channels_on(settings: Any, fake: FakeProvider) -> None:
    settings.LINE_CHANNEL_ACCESS_TOKEN, settings.LINE_CHANNEL_SECRET = LINE_TOKEN, LINE_SECRET
    settings.LINE_API_BASE = fake.base
    settings.MESSENGER_PAGE_ACCESS_TOKEN, settings.MESSENGER_APP_SECRET = MESSENGER_TOKEN, MESSENGER_SECRET
    settings.MESSENGER_VERIFY_TOKEN = MESSENGER_VERIFY
    settings.MESSENGER_API_BASE, settings.MESSENGER_API_VERSION = fake.base, "v21.0"
    settings.SMS_API_BASE, settings.SMS_ACCOUNT_SID = fake.base, SMS_SID
    settings.SMS_AUTH_TOKEN, settings.SMS_FROM = SMS_TOKEN, SMS_FROM
    fake.answer(f"/2010-04-01/Accounts/{SMS_SID}/Messages.json", (201, {"sid": "SM1", "status": "queued"}))
    fake.answer("/v21.0/me/messages", (200, {"recipient_id": "x", "message_id": "m"}))

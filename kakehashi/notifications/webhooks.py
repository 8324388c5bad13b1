"""The chat apps' webhooks: LINE and Messenger tell the platform what people wrote to the bot.

Each request is verified exactly as the provider documents it, before anything is read:
- LINE: `X-Line-Signature` is the base64 of the HMAC-SHA256 of the request body under the channel secret.
- Messenger: `X-Hub-Signature-256` is "sha256=" and the hex HMAC-SHA256 of the body under the app secret;
  the subscription (GET) echoes `hub.challenge` only when `hub.verify_token` is ours.
A missing or wrong signature answers 403 (also while the channel is switched off: there is no secret to
verify with). The requests come from the providers' servers, without a session: no CSRF token.
Nothing here logs the body or the sender's id.
"""

import base64
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from kakehashi.notifications import services


def _signed(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


def line_signature_ok(body: bytes, signature: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    expected = base64.b64encode(_signed(secret, body)).decode()
    return hmac.compare_digest(expected.encode(), signature.encode())


def messenger_signature_ok(body: bytes, header: str) -> bool:
    secret = settings.MESSENGER_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = "sha256=" + _signed(secret, body).hex()
    return hmac.compare_digest(expected.encode(), header.encode())


def _payload(body: bytes) -> dict[str, Any]:
    try:
        found = json.loads(body.decode() or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


@csrf_exempt
def line(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not line_signature_ok(request.body, request.headers.get("X-Line-Signature", "")):
        return HttpResponseForbidden()
    if not services.chat_channel_on("line"):
        return HttpResponse(status=200)  # verified, but the channel is off: nothing to do
    for event in _payload(request.body).get("events", []):
        if not isinstance(event, dict):
            continue
        message, source = event.get("message") or {}, event.get("source") or {}
        if (
            event.get("type") == "message"
            and message.get("type") == "text"
            and source.get("type") == "user"
            and source.get("userId")
        ):
            services.chat_incoming(
                channel="line", external_id=str(source["userId"]), text=str(message.get("text", ""))
            )
    return HttpResponse(status=200)


@csrf_exempt
def messenger(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        token = settings.MESSENGER_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(token.encode(), given.encode())
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not messenger_signature_ok(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden()
    payload = _payload(request.body)
    if payload.get("object") != "page" or not services.chat_channel_on("messenger"):
        return HttpResponse("EVENT_RECEIVED", content_type="text/plain")
    for entry in payload.get("entry", []):
        for item in (entry or {}).get("messaging", []) if isinstance(entry, dict) else []:
            if not isinstance(item, dict):
                continue
            message, sender = item.get("message") or {}, item.get("sender") or {}
            if message.get("is_echo") or "text" not in message or not sender.get("id"):
                continue
            services.chat_incoming(
                channel="messenger", external_id=str(sender["id"]), text=str(message["text"])
            )
    return HttpResponse("EVENT_RECEIVED", content_type="text/plain")

"""The Web Push channel against a fake push service on 127.0.0.1 that checks each request as RFC 8030
(TTL), RFC 8291 (aes128gcm, decrypted here with the browser's keys) and RFC 8292 (the VAPID Authorization
header: an ES256 JWT for the push service's origin, signed with the server's key) say; a subscription the
service says is gone is removed; the channel is on only with its keys; subscribing from the settings page.
Nothing leaves the machine."""

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from py_vapid import Vapid

from kakehashi.notifications import channels
from kakehashi.notifications.models import Delivery, PushSubscription, Status
from kakehashi.notifications.services import deliver, notify

pytestmark = pytest.mark.django_db
SUBJECT = "mailto:office@kakehashi.example"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_point(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


@dataclass
class FakePushService:
    """A push service on 127.0.0.1: keeps each request; answers 201, or the status a path asks for."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    service = FakePushService()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            service.requests.append(
                {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
            )
            self.send_response(service.answers.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def vapid(settings) -> Vapid:
    """Web Push switched on with a fresh VAPID key pair."""
    key = Vapid()
    key.generate_keys()
    private = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    settings.WEBPUSH_VAPID_PRIVATE_KEY = b64url(private)
    settings.WEBPUSH_VAPID_PUBLIC_KEY = b64url(public_point(key.private_key))
    settings.WEBPUSH_VAPID_SUBJECT = SUBJECT
    settings.WEBPUSH_TTL_SECONDS = 3600
    return key


@dataclass
class Browser:
    """A browser's push subscription keys (what PushSubscription.toJSON() gives)."""

    key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def new(cls) -> "Browser":
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    def subscribe(self, user: Any, endpoint: str) -> PushSubscription:
        return PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=b64url(public_point(self.key)), auth=b64url(self.auth)
        )

    def decrypt(self, body: bytes) -> dict[str, Any]:
        return json.loads(
            http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        )


def check_vapid(authorization: str, service: FakePushService, server_public: str) -> dict[str, Any]:
    """RFC 8292: "vapid t=<JWT>, k=<public key>"; the JWT is ES256, for the push service's origin."""
    scheme, _space, params = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    assert parts["k"] == server_public
    header, claims, signature = parts["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(server_public))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    payload = json.loads(unb64url(claims))
    assert payload["aud"] == service.url
    assert payload["sub"] == SUBJECT
    assert time.time() < payload["exp"] <= time.time() + 24 * 3600
    return payload


def test_a_notification_reaches_a_subscribed_browser_as_the_push_service_expects(
    push_service, vapid, demo_user, settings
) -> None:
    student = demo_user("student")  # reads Mongolian
    browser = Browser.new()
    browser.subscribe(student, f"{push_service.url}/push/student-phone")
    fanout = notify([student], "internships.result_published", {"round": "2026-03"}, url="/rounds/")
    push = Delivery.objects.get(recipient=student, channel="webpush")
    assert push.status == Status.QUEUED
    deliver(message_ids=fanout.message_ids)

    [request] = push_service.requests
    assert request["path"] == "/push/student-phone"
    headers = request["headers"]
    assert headers["ttl"] == "3600"  # header names are case-insensitive: kept in lower case here
    assert headers["content-encoding"] == "aes128gcm"
    check_vapid(headers["authorization"], push_service, settings.WEBPUSH_VAPID_PUBLIC_KEY)
    message = browser.decrypt(request["body"])
    assert message["url"] == "/rounds/"
    assert message["lang"] == "mn"
    assert message["title"] == "Kakehashi"  # the brand, in every language
    assert message["body"] == push.message.short
    assert any("\u0400" <= c <= "\u04ff" for c in message["body"])  # in her language: Mongolian
    push.refresh_from_db()
    assert push.status == Status.SENT


def test_a_subscription_the_push_service_says_is_gone_is_removed(push_service, vapid, demo_user) -> None:
    student = demo_user("student")
    gone = Browser.new().subscribe(student, f"{push_service.url}/push/old-phone")
    unknown = Browser.new().subscribe(student, f"{push_service.url}/push/reset-phone")
    push_service.answers = {"/push/old-phone": 410, "/push/reset-phone": 404}
    fanout = notify([student], "internships.result_published", {"round": "R"})
    deliver(message_ids=fanout.message_ids)
    failed = Delivery.objects.get(recipient=student, channel="webpush")
    assert failed.status == Status.FAILED
    assert "subscription gone (410)" in failed.reason
    assert "subscription gone (404)" in failed.reason
    assert not PushSubscription.objects.filter(pk__in=[gone.pk, unknown.pk]).exists()
    # Nobody to reach now: the next event queues no push for her.
    notify([student], "internships.result_published", {"round": "R2"})
    assert Delivery.objects.filter(recipient=student, channel="webpush").count() == 1


def test_one_browser_taking_it_is_enough_and_a_server_error_keeps_the_subscription(
    push_service, vapid, demo_user
) -> None:
    student = demo_user("student")
    Browser.new().subscribe(student, f"{push_service.url}/push/laptop")
    Browser.new().subscribe(student, f"{push_service.url}/push/phone")
    push_service.answers = {"/push/laptop": 500}
    fanout = notify([student], "internships.result_published", {"round": "R"})
    deliver(message_ids=fanout.message_ids)
    assert Delivery.objects.get(recipient=student, channel="webpush").status == Status.SENT
    assert sorted(r["path"] for r in push_service.requests) == ["/push/laptop", "/push/phone"]
    assert PushSubscription.objects.filter(user=student).count() == 2


def test_the_channel_is_on_only_with_its_keys_and_reaches_only_subscribers(
    push_service, demo_user, settings
) -> None:
    student, teacher = demo_user("student"), demo_user("teacher")
    Browser.new().subscribe(student, f"{push_service.url}/push/student")
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = None, ""
    assert channels.channel("webpush") is None
    notify([student], "internships.result_published", {"round": "R"})
    assert not Delivery.objects.filter(channel="webpush").exists()
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = "private", "public"
    notify([student, teacher], "internships.result_published", {"round": "R"})
    assert list(Delivery.objects.filter(channel="webpush").values_list("recipient", flat=True)) == [
        student.pk
    ]


def test_the_endpoint_is_kept_encrypted(push_service, demo_user) -> None:
    from django.db import connection

    subscription = Browser.new().subscribe(demo_user("student"), f"{push_service.url}/push/secret-device")
    with connection.cursor() as cursor:
        cursor.execute("SELECT endpoint FROM notifications_pushsubscription WHERE id = %s", [subscription.pk])
        stored = cursor.fetchone()[0]
    assert "secret-device" not in stored


def test_a_browser_subscribes_and_unsubscribes_from_the_settings_page(vapid, client_as, demo_user) -> None:
    student = client_as("student")
    page = student.get("/notifications/preferences/").content.decode()
    assert "data-push" in page
    assert "Turn on notifications on this device" in page
    browser = Browser.new()
    subscription = {
        "endpoint": "https://push.example.net/send/abc",
        "keys": {"p256dh": b64url(public_point(browser.key)), "auth": b64url(browser.auth)},
    }
    response = student.post("/notifications/push/subscribe/", subscription, content_type="application/json")
    assert response.json() == {"ok": True}
    kept = PushSubscription.objects.get()
    assert (kept.user, kept.endpoint) == (demo_user("student"), subscription["endpoint"])
    # Subscribed again (the browser renews it): still one.
    student.post("/notifications/push/subscribe/", subscription, content_type="application/json")
    assert PushSubscription.objects.count() == 1
    # Only the owner removes it.
    endpoint = {"endpoint": subscription["endpoint"]}
    other = client_as("teacher").post(
        "/notifications/push/unsubscribe/", endpoint, content_type="application/json"
    )
    assert other.json()["removed"] == 0
    mine = student.post("/notifications/push/unsubscribe/", endpoint, content_type="application/json")
    assert mine.json()["removed"] == 1
    assert not PushSubscription.objects.exists()
    # Not a push service's address: refused.
    bad = {**subscription, "endpoint": "http://192.168.0.1/x"}
    refused = student.post("/notifications/push/subscribe/", bad, content_type="application/json")
    assert refused.status_code == 400


def test_without_keys_the_settings_page_offers_no_push(client_as, settings) -> None:
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = None, ""
    assert "data-push" not in client_as("student").get("/notifications/preferences/").content.decode()
    refused = client_as("student").post(
        "/notifications/push/subscribe/",
        {"endpoint": "https://push.example.net/x"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_the_key_command_makes_a_pair_that_signs(push_service, demo_user, settings) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("webpush_keys", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = values["WEBPUSH_VAPID_PRIVATE_KEY"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = values["WEBPUSH_VAPID_PUBLIC_KEY"]
    settings.WEBPUSH_VAPID_SUBJECT = SUBJECT
    student = demo_user("student")
    Browser.new().subscribe(student, f"{push_service.url}/push/phone")
    deliver(message_ids=notify([student], "internships.result_published", {"round": "R"}).message_ids)
    [request] = push_service.requests
    check_vapid(request["headers"]["authorization"], push_service, values["WEBPUSH_VAPID_PUBLIC_KEY"])


def test_an_unreachable_push_service_is_logged_without_the_endpoint(vapid, demo_user) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    student = demo_user("student")
    Browser.new().subscribe(student, f"http://127.0.0.1:{port}/push/private-device-id")
    deliver(message_ids=notify([student], "internships.result_published", {"round": "R"}).message_ids)
    failed = Delivery.objects.get(recipient=student, channel="webpush")
    assert failed.status == Status.FAILED
    assert failed.reason == "push service unreachable (ConnectionError)"
    assert PushSubscription.objects.filter(user=student).exists()  # perhaps back later: kept

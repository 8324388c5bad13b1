"""LINE, Messenger and SMS against local fake servers that check each request as the providers document
it; the webhooks' signatures; linking an account by a one-time code."""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kakehashi.accounts.models import User
from kakehashi.core.permissions import build_viewer
from kakehashi.notifications import services
from kakehashi.notifications.channels import CHANNELS, international_number
from kakehashi.notifications.models import ChatLink, Delivery, LinkCode, Message, Status
from kakehashi.notifications.services import notify
from kakehashi.notifications.tests.fakes import (
    LINE_SECRET,
    LINE_TOKEN,
    MESSENGER_SECRET,
    MESSENGER_TOKEN,
    MESSENGER_VERIFY,
    SMS_FROM,
    SMS_SID,
    SMS_TOKEN,
    FakeProvider,
    channels_on,
)

pytestmark = pytest.mark.django_db

SMS_PATH = f"/2010-04-01/Accounts/{SMS_SID}/Messages.json"


@pytest.fixture
def on(settings: object, fake_provider: FakeProvider) -> FakeProvider:
    channels_on(settings, fake_provider)
    return fake_provider


def _link(user: User, channel: str, external_id: str) -> ChatLink:
    return ChatLink.objects.create(user=user, channel=channel, external_id=external_id)


def test_channels_are_off_without_their_settings() -> None:
    assert not CHANNELS["line"].enabled()
    assert not CHANNELS["messenger"].enabled()
    assert not CHANNELS["sms"].enabled()


def test_line_push_is_sent_as_line_documents_it(on: FakeProvider, demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    _link(student, "line", "U4af4980629abcdef")
    notify([student], "programme.report_built", {"report": "Q3"}, url="/programme/", send_now=True)
    [seen] = on.to("/v2/bot/message/push")
    assert seen.path == "/v2/bot/message/push"
    assert seen.headers["Authorization"] == f"Bearer {LINE_TOKEN}"
    assert seen.headers["Content-Type"] == "application/json"
    assert len(seen.headers["X-Line-Retry-Key"]) == 36
    payload = seen.json()
    assert set(payload) == {"to", "messages"}
    assert payload["to"] == "U4af4980629abcdef"
    [message] = payload["messages"]
    assert set(message) == {"type", "text"}
    assert message["type"] == "text"
    assert "Q3" in message["text"]
    assert message["text"].endswith("/programme/")
    delivery = Delivery.objects.get(channel="line", recipient=student)
    assert (delivery.status, delivery.attempts, delivery.reason) == (Status.SENT, 1, "")


def test_people_without_a_linked_account_get_no_chat_delivery(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    notify([demo_user("teacher")], "programme.report_built", {"report": "Q3"}, send_now=True)
    assert on.requests == []
    assert not Delivery.objects.filter(channel__in=["line", "messenger", "sms"]).exists()


def test_line_failure_keeps_the_status_and_the_providers_message(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    student = demo_user("student")
    _link(student, "line", "Ubad")
    on.answer(
        "/v2/bot/message/push", (400, {"message": "The property, 'to', in the request body is invalid"})
    )
    notify([student], "programme.report_built", {"report": "Q3"}, send_now=True)
    delivery = Delivery.objects.get(channel="line")
    assert delivery.status == Status.FAILED
    assert delivery.reason == "HTTP 400: The property, 'to', in the request body is invalid"


def test_an_urgent_line_message_is_retried_with_the_same_retry_key_and_a_409_counts_as_sent(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    safety = demo_user("safety")
    _link(safety, "line", "Usafety")
    on.answer("/v2/bot/message/push", (500, {"message": "Internal error"}), (409, {"message": "accepted"}))
    notify([safety], "operations.missed_checkin", {"intern": "Nomin", "level": 0, "link": "x"}, send_now=True)
    seen = on.to("/v2/bot/message/push")
    assert len(seen) == 2
    assert seen[0].headers["X-Line-Retry-Key"] == seen[1].headers["X-Line-Retry-Key"]
    assert Delivery.objects.get(channel="line").status == Status.SENT


def test_messenger_send_api_as_meta_documents_it(on: FakeProvider, demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    _link(student, "messenger", "6001234567")
    notify([student], "programme.report_built", {"report": "Q3"}, send_now=True)
    [seen] = on.to("/v21.0/me/messages")
    assert seen.query == {"access_token": [MESSENGER_TOKEN]}
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.json() == {
        "recipient": {"id": "6001234567"},
        "messaging_type": "UPDATE",
        "message": {"text": Message.objects.get(deliveries__channel="messenger").chat},
    }


def test_urgent_messenger_messages_carry_a_message_tag(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    safety = demo_user("safety")
    _link(safety, "messenger", "6009")
    notify([safety], "operations.missed_checkin", {"intern": "Nomin", "level": 0, "link": "x"}, send_now=True)
    payload = on.to("/v21.0/me/messages")[0].json()
    assert payload["messaging_type"] == "MESSAGE_TAG"
    assert payload["tag"] == "ACCOUNT_UPDATE"
    assert payload["recipient"] == {"id": "6009"}


def test_messenger_error_message_is_the_reason(on: FakeProvider, demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    _link(student, "messenger", "6001")
    on.answer(
        "/v21.0/me/messages",
        (400, {"error": {"message": "(#100) No matching user found", "type": "OAuthException", "code": 100}}),
    )
    notify([student], "programme.report_built", {"report": "Q3"}, send_now=True)
    assert Delivery.objects.get(channel="messenger").reason == "HTTP 400: (#100) No matching user found"


def test_sms_is_only_sent_when_asked_for_and_as_the_adapter_documents(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    safety = demo_user("safety")
    safety.phone = "090-1234-5678"
    safety.save(update_fields=["phone"])
    context = {"intern": "Nomin", "level": 3, "link": "https://k.example/a/"}
    notify([safety], "operations.missed_checkin", context, send_now=True)
    assert on.to(SMS_PATH) == []  # never a default channel
    notify([safety], "operations.missed_checkin", context, send_now=True, only=("sms",))
    [seen] = on.to(SMS_PATH)
    expected = base64.b64encode(f"{SMS_SID}:{SMS_TOKEN}".encode()).decode()
    assert seen.headers["Authorization"] == f"Basic {expected}"
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = seen.form()
    assert form["To"] == ["+819012345678"]
    assert form["From"] == [SMS_FROM]
    assert "Nomin" in form["Body"][0]
    assert Delivery.objects.get(channel="sms").status == Status.SENT


def test_sms_failure_reason_has_the_code_and_message(
    on: FakeProvider, demo_user: Callable[[str], User]
) -> None:
    safety = demo_user("safety")
    safety.phone = "+976 9911 2233"
    safety.save(update_fields=["phone"])
    on.answer(SMS_PATH, (400, {"code": 21211, "message": "The 'To' number is not a valid phone number."}))
    notify([safety], "programme.report_built", {"report": "Q3"}, send_now=True, only=("sms",))
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.status == Status.FAILED
    assert delivery.reason == "HTTP 400: The 'To' number is not a valid phone number. (code 21211)"


def test_an_unreachable_provider_fails_with_a_reason(
    settings: object, demo_user: Callable[[str], User]
) -> None:
    from kakehashi.notifications.tests.fakes import FakeProvider as Fake

    channels_on(settings, Fake(base="http://127.0.0.1:9"))
    student = demo_user("student")
    _link(student, "line", "U1")
    notify([student], "programme.report_built", {"report": "Q3"}, send_now=True)
    delivery = Delivery.objects.get(channel="line")
    assert delivery.status == Status.FAILED
    assert delivery.reason.startswith("connection failed")


@pytest.mark.parametrize(
    ("raw", "number"),
    [("090-1234-5678", "+819012345678"), ("+976 9911 2233", "+97699112233"), ("abc", ""), ("12", "")],
)
def test_international_numbers(raw: str, number: str) -> None:
    assert international_number(raw) == number


# --- webhooks and linking ----------------------------------------------------------------------------


def _line_post(client: Client, payload: dict[str, object], secret: str = LINE_SECRET) -> int:
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    response = client.post(
        reverse("notifications:webhook_line"),
        body,
        content_type="application/json",
        headers={"X-Line-Signature": signature},
    )
    return response.status_code


def _line_text(user_id: str, text: str) -> dict[str, object]:
    return {
        "destination": "Ubot",
        "events": [
            {
                "type": "message",
                "message": {"type": "text", "id": "1", "text": text},
                "source": {"type": "user", "userId": user_id},
                "replyToken": "r",
                "mode": "active",
                "timestamp": 0,
            }
        ],
    }


def _messenger_post(client: Client, payload: dict[str, object], secret: str = MESSENGER_SECRET) -> int:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    response = client.post(
        reverse("notifications:webhook_messenger"),
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )
    return response.status_code


def _messenger_text(psid: str, text: str) -> dict[str, object]:
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE",
                "time": 0,
                "messaging": [
                    {
                        "sender": {"id": psid},
                        "recipient": {"id": "PAGE"},
                        "timestamp": 0,
                        "message": {"mid": "m", "text": text},
                    }
                ],
            }
        ],
    }


def test_line_webhook_refuses_a_bad_or_missing_signature(on: FakeProvider) -> None:
    client = Client()
    assert _line_post(client, _line_text("U1", "hi"), secret="wrong") == 403
    response = client.post(reverse("notifications:webhook_line"), b"{}", content_type="application/json")
    assert response.status_code == 403
    assert _line_post(client, {"destination": "U", "events": []}) == 200


def test_messenger_webhook_signature_and_subscription(on: FakeProvider) -> None:
    client = Client()
    assert _messenger_post(client, _messenger_text("1", "hi"), secret="wrong") == 403
    url = reverse("notifications:webhook_messenger")
    ok = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": MESSENGER_VERIFY, "hub.challenge": "42"}
    )
    assert (ok.status_code, ok.content) == (200, b"42")
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"})
    assert wrong.status_code == 403
    assert _messenger_post(client, {"object": "page", "entry": []}) == 200


@pytest.mark.parametrize("channel", ["line", "messenger"])
def test_linking_by_a_one_time_code(
    channel: str,
    on: FakeProvider,
    client_as: Callable[[str], Client],
    demo_user: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    student = demo_user("student")
    page = client_as("student").post(reverse("notifications:chat_link", args=[channel]))
    assert page.status_code == 200
    code = page.context["chats"][[c["key"] for c in page.context["chats"]].index(channel)]["code"]
    assert len(code) == 8
    assert code in page.content.decode()
    assert not LinkCode.objects.filter(code_hash=code).exists()  # only its hash is kept
    sent = f"{code[:4].lower()}-{code[4:]}"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        if channel == "line":
            assert _line_post(Client(), _line_text("Uabc123", sent)) == 200
        else:
            assert _messenger_post(Client(), _messenger_text("7001", sent)) == 200
    link = ChatLink.objects.get(user=student, channel=channel)
    assert link.external_id == ("Uabc123" if channel == "line" else "7001")
    assert not LinkCode.objects.exists()  # one use
    # The identifier is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT external_id FROM notifications_chatlink WHERE id = %s", [link.pk])
        stored = cursor.fetchone()[0]
    assert link.external_id not in stored
    # The bot answers by the same channel, from the delivery task.
    assert len(on.requests) == 1
    assert Delivery.objects.filter(
        event="notifications.chat_linked", channel=channel, status=Status.SENT
    ).exists()


def test_a_wrong_or_expired_code_links_nobody(on: FakeProvider, demo_user: Callable[[str], User]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    student = demo_user("student")
    code = services.link_code_issue(viewer=build_viewer(student), channel="line")
    assert services.chat_incoming(channel="line", external_id="U9", text="ABCDEFGH") == "not_linked"
    later = timezone.now() + timedelta(minutes=31)
    assert services.chat_incoming(channel="line", external_id="U9", text=code, now=later) == "not_linked"
    assert not ChatLink.objects.exists()


def test_preferences_page_offers_the_chat_apps_when_they_are_on(
    on: FakeProvider,
    client_as: Callable[[str], Client],
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = client_as("student")
    with django_assert_max_num_queries(20):  # type: ignore[attr-defined]
        page = client.get(reverse("notifications:preferences"))
    text = page.content.decode()
    assert "LINE" in text
    assert "Messenger" in text
    assert 'value="sms"' not in text  # SMS is not chosen per kind of event

"""The notifications app's rows of the URL x role matrix.

Everyone has an inbox and settings; a notification is its owner's only (another person's answers 404);
the delivery log of safety events is the program office's and the travel and safety officer's.
"""

from typing import Any

from kakehashi.core.testing.matrix import PROGRAM_OFFICE, ROLES, MatrixContext, Row, everyone, expect


def students_notification(c: MatrixContext) -> dict[str, Any]:
    from kakehashi.notifications.models import Notification

    def make(c: MatrixContext) -> Notification:
        return Notification.objects.create(
            user=c.user("student"), event="internships.phase_opened", text="Open", url="/rounds/"
        )

    return {"notification_id": c.once("notification", make).pk}


ONLY_THE_STUDENT = {**everyone(404), "student": 302}

ROWS = [
    Row("notifications:inbox", everyone()),
    Row("notifications:preferences", everyone()),
    Row("notifications:mark_all_read", everyone(302), method="post"),
    Row("notifications:open", ONLY_THE_STUDENT, kwargs=students_notification),
    Row("notifications:mark_read", ONLY_THE_STUDENT, kwargs=students_notification, method="post"),
    Row("notifications:safety_deliveries", expect(PROGRAM_OFFICE | {"safety"})),
    # A link code for a chat app that is switched off (as in the matrix's settings): 404.
    Row("notifications:chat_link", everyone(404), kwargs=lambda c: {"channel": "line"}, method="post"),
    # The webhooks answer the providers, not people: without a valid signature 403, for everyone.
    Row("notifications:webhook_line", dict.fromkeys(ROLES, 403), method="post"),
    Row("notifications:webhook_line", dict.fromkeys(ROLES, 405), label="notifications:webhook_line (get)"),
    Row("notifications:webhook_messenger", dict.fromkeys(ROLES, 403), method="post"),
    Row(
        "notifications:webhook_messenger",
        dict.fromkeys(ROLES, 403),
        label="notifications:webhook_messenger (get, no verify token)",
    ),
    # Web Push is off in the tests (no VAPID keys): a subscription is refused, whoever sends it; removing
    # one's own (none here) answers 200 for everyone (kakehashi.notifications.tests.test_webpush).
    Row("notifications:push_subscribe", everyone(400), method="post"),
    Row("notifications:push_unsubscribe", everyone(200), method="post"),
]

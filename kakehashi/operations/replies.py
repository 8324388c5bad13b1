"""What an intern may answer the bot on LINE or Messenger (kakehashi.notifications.services.chat_incoming):
a recognised "OK", in Japanese, Mongolian or English, records today's check-in."""

import unicodedata
from datetime import datetime

from kakehashi.accounts.models import User

# Compared after NFKC (full-width letters), case folding and without spaces or end punctuation.
OK_WORDS = frozenset(
    {
        # English
        "ok",
        "okay",
        "ok!",
        "yes",
        "safe",
        "fine",
        # Japanese
        "はい",
        "大丈夫",
        "だいじょうぶ",
        "大丈夫です",
        "無事",
        "無事です",
        # Mongolian
        "тийм",
        "зүгээр",
        "зүгээр ээ",
        "за",
        "ок",
    }
)
_STRIP = " \t\n\u3000.!。！、,?？~〜ー"


def is_ok(text: str) -> bool:
    word = unicodedata.normalize("NFKC", text).casefold().strip(_STRIP)
    return word in OK_WORDS or word.replace(" ", "") in OK_WORDS


def handle(*, user: User, text: str, channel: str, now: datetime) -> str | None:
    """A recognised "OK" from an intern in Japan today checks them in, and the bot thanks them."""
    from django.core.exceptions import ValidationError

    from kakehashi.notifications.services import notify
    from kakehashi.operations.services.safety import checkin_without_login, todays_case

    if not is_ok(text):
        return None
    case = todays_case(user, now=now)
    if case is None:
        return None
    try:
        checkin_without_login(case=case, now=now)
    except ValidationError:
        return None
    notify([user], "operations.checked_in_by_reply", now=now, only=(channel,))
    return "checked_in"

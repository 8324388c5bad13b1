"""A browser context signed in without the login page, for the walks that visit hundreds of pages as each
role: the session Django's test client makes, handed to the browser as its cookie."""

from typing import Any

from django.test import Client


def signed_in_cookies(user: Any, site: str, language: str = "en") -> list[dict[str, str]]:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"]
    return [
        {"name": session.key, "value": session.value, "url": site},
        {"name": "kakehashi_language", "value": language, "url": site},
    ]

"""The help under a new password is in the page's language, whichever language the process served before.

Django's Mongolian catalog lacks three of its validators' help texts (their msgids changed), and Django
falls back to LANGUAGE_CODE (Japanese) for a msgid missing in a language: see kakehashi/accounts/passwords.py.
"""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.urls import reverse
from django.utils import translation

from kakehashi.core.testing.language_check import JAPANESE, wrong_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["mn", "en"])
def test_every_validators_help_is_in_the_language_not_in_the_fallback_japanese(language):
    with translation.override("ja"):
        password_validators_help_texts()
    with translation.override(language):
        helps = password_validators_help_texts()
    assert helps
    assert [text for text in helps if JAPANESE.search(text)] == []


def test_the_change_password_page_in_japanese_then_in_mongolian(client_as):
    url = reverse("account_change_password")
    japanese = client_as("student", language="ja").get(url).content.decode()
    assert "数字だけのパスワードにはできません。" in japanese
    mongolian = client_as("student", language="mn").get(url).content.decode()
    assert wrong_language(mongolian, "mn") == []
    assert "Нууц үг зөвхөн тооноос бүрдэж болохгүй." in mongolian

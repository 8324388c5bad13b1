"""Environment switches read at start-up: a typo stops the start with a message, never a silent default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kakehashi.settings import env_bool, env_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("OFF", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("KAKEHASHI_TEST_SWITCH", raw)
    assert env_bool("KAKEHASHI_TEST_SWITCH") is expected
    assert env_bool("KAKEHASHI_TEST_SWITCH", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_gives_the_default(monkeypatch: pytest.MonkeyPatch, default: bool) -> None:
    monkeypatch.delenv("KAKEHASHI_TEST_SWITCH", raising=False)
    assert env_bool("KAKEHASHI_TEST_SWITCH", default) is default
    monkeypatch.setenv("KAKEHASHI_TEST_SWITCH", "  ")
    assert env_bool("KAKEHASHI_TEST_SWITCH", default) is default


@pytest.mark.parametrize("raw", ["ture", "flase", "2", "enabled", "y e s"])
def test_env_bool_refuses_a_typo_naming_the_variable_and_the_value(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("KAKEHASHI_TEST_SWITCH", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("KAKEHASHI_TEST_SWITCH")
    assert "KAKEHASHI_TEST_SWITCH" in str(refused.value)
    assert repr(raw) in str(refused.value)


def test_env_int_reads_a_number_and_defaults_when_unset_or_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAKEHASHI_TEST_NUMBER", " 587 ")
    assert env_int("KAKEHASHI_TEST_NUMBER", 25) == 587
    monkeypatch.setenv("KAKEHASHI_TEST_NUMBER", "")
    assert env_int("KAKEHASHI_TEST_NUMBER", 25) == 25
    monkeypatch.delenv("KAKEHASHI_TEST_NUMBER")
    assert env_int("KAKEHASHI_TEST_NUMBER", 25) == 25


@pytest.mark.parametrize("raw", ["25a", "2.5", "twenty", "1e3"])
def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("KAKEHASHI_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("KAKEHASHI_TEST_NUMBER", 25)
    assert "KAKEHASHI_TEST_NUMBER" in str(refused.value)
    assert repr(raw) in str(refused.value)

"""Free text shown as its author wrote it is marked with its language (issue 19, WCAG 3.1.2)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from kakehashi.core.multilingual.text import language_name
from kakehashi.core.multilingual.written import as_written, script_language, written_lang


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("よくできました。明日は測定の手順を一緒に確認しましょう。", "ja"),
        ("SIMカードがまだ届いていません（KDDIに確認中）。", "ja"),
        ("為替変動（MNT/JPY）に留意し、現地活動費を管理する。", "ja"),
        ("Ажлын орчин маш сайн байсан.", "mn"),
        ("Hotel New Otani Nagaoka", "en"),
        ("5G test SIM cards for the robotics course", "en"),
        ("12:00 – 13:30", None),
        ("", None),
    ],
)
def test_the_language_is_read_from_the_script(text, language):
    assert script_language(text) == language


def test_text_in_the_pages_language_is_left_as_it_is():
    with translation.override("ja"):
        assert as_written("真面目で、質問が的確でした。") == "真面目で、質問が的確でした。"
        assert written_lang("真面目で") == ""


def test_text_in_another_language_is_wrapped_in_its_lang_and_escaped():
    with translation.override("mn"):
        assert as_written("真面目で<b>") == '<span lang="ja">真面目で&lt;b&gt;</span>'
    with translation.override("ja"):
        assert as_written("Lost the way home.") == '<span lang="en">Lost the way home.</span>'


def test_the_writers_language_when_known_wins_over_the_script():
    with translation.override("ja"):
        assert as_written("IoT", "mn") == '<span lang="mn">IoT</span>'
        assert as_written("Би IoT сурна", "ja") == "Би IoT сурна"


def test_each_half_of_a_bilingual_text_is_marked():
    with translation.override("mn"):
        assert as_written("IoT技術者 / IoT engineer") == (
            '<span lang="ja">IoT技術者</span> / <span lang="en">IoT engineer</span>'
        )
        assert (
            as_written("Баталгааны захидал (身元保証書)")
            == 'Баталгааны захидал (<span lang="ja">身元保証書</span>)'
        )
        assert as_written("毎日この時刻までに / Өдөр бүр энэ цагаас өмнө:") == (
            '<span lang="ja">毎日この時刻までに</span> / Өдөр бүр энэ цагаас өмнө:'
        )


def test_the_template_filters():
    page = Template("{% load kakehashi %}<p{{ note|lang_attr }}>{{ note }}</p>{{ note|as_written }}")
    with translation.override("mn"):
        assert (
            page.render(Context({"note": "対応済み"}))
            == '<p lang="ja">対応済み</p><span lang="ja">対応済み</span>'
        )
        assert page.render(Context({"note": "Хийж дууссан"})) == "<p>Хийж дууссан</p>Хийж дууссан"


def test_keys_are_shown_as_code():
    page = Template("{% load kakehashi %}{{ types|as_code }}")
    assert page.render(Context({"types": ["pdf", "<py>"]})) == (
        '<code lang="en">pdf</code>, <code lang="en">&lt;py&gt;</code>'
    )


@pytest.mark.parametrize(
    ("page", "names"),
    [("ja", ["日本語", "モンゴル語", "英語"]), ("mn", ["Япон хэл", "Монгол хэл", "Англи хэл"])],
)
def test_languages_are_named_in_the_pages_language(page, names):
    # Needs the catalogs with /work/pending-translations/lang19.json merged ("Mongolian", "English").
    with translation.override(page):
        assert [language_name(code) for code in ("ja", "mn", "en")] == names


def test_a_language_the_program_does_not_name_is_named_by_django_or_by_its_own_name():
    with translation.override("en"):
        assert language_name("fr") == "French"
        assert language_name("xx") == "xx"

"""The rule that finds text in the wrong language on a page (kakehashi.core.testing.language_check)."""

from kakehashi.core.testing.language_check import wrong_language


def page(body: str, lang: str = "mn") -> str:
    return f'<html lang="{lang}"><head><title>x</title></head><body>{body}</body></html>'


def test_a_page_wholly_in_its_language_passes():
    assert (
        wrong_language(page("<h1>Өргөдөл</h1><p>Таны өргөдөл 2026-12-06-нд ирсэн. KOSEN, JICA.</p>"), "mn")
        == []
    )
    assert wrong_language(page("<h1>応募</h1><p>応募は12月6日に届きました。</p>", "ja"), "ja") == []


def test_japanese_on_a_mongolian_page_and_cyrillic_on_a_japanese_page_are_found():
    assert wrong_language(page("<td>直接人件費</td>"), "mn")
    assert wrong_language(page("<td>Шууд хөдөлмөрийн зардал</td>", "ja"), "ja")


def test_text_marked_with_its_own_language_is_deliberate():
    assert wrong_language(page('<blockquote lang="ja">日報です</blockquote>'), "mn") == []
    assert wrong_language(page('<nav><a lang="en" href="/">English</a></nav>'), "mn") == []


def test_english_sentences_keys_and_codes_are_found_but_addresses_and_abbreviations_are_not():
    assert wrong_language(page("<p>Internship round, March 2026-д гаргасан</p>"), "mn")
    assert wrong_language(page("<td>careers.retention_12m</td>"), "mn")
    assert wrong_language(page("<td>in_progress</td>"), "ja")
    assert wrong_language(page("<td>None → 2</td>"), "ja")
    assert wrong_language(page('<button aria-label="Close the dialog now">×</button>'), "mn")
    assert wrong_language(page("<p>student@demo.kakehashi.example https://example.com/a_b</p>"), "mn") == []
    assert wrong_language(page("<p>IoT AI PDF</p>"), "mn") == []
    assert wrong_language(page("<script>var some_code = 'English words here';</script>"), "mn") == []


def test_keys_shown_as_code_and_proper_names_marked_translate_no_are_deliberate():
    # Column names and file types people type as they are: code (includes/import_columns.html).
    assert wrong_language(page('<td><code lang="en">family_name_latin</code></td>'), "mn") == []
    # Brand names: WCAG 3.1.2 leaves proper names out; translate="no" says a text is one.
    assert (
        wrong_language(page('<li translate="no">Google Authenticator Microsoft Authenticator</li>'), "ja")
        == []
    )
    # Unmarked, the same words are found.
    assert wrong_language(page("<td>family_name_latin</td>"), "mn")
    assert wrong_language(page("<li>Google Authenticator Microsoft Authenticator</li>"), "ja")

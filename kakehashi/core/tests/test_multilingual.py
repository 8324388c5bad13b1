"""One mechanism for texts written in several languages (kakehashi.core.multilingual)."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from kakehashi.core.multilingual import TranslatedText, fallback_chain
from kakehashi.core.multilingual.forms import TranslatedFormField
from kakehashi.core.multilingual.query import missing_language, translated_contains, translated_order
from kakehashi.core.multilingual.schema import TranslatedSchemaText
from kakehashi.privacy.models import ConsentKind, ConsentText


class ConsentTitleForm(forms.ModelForm):
    """A content form defined (as every form class is) before the language list changes."""

    class Meta:
        model = ConsentText
        fields = ["title"]


FOUR_LANGUAGES = [("ja", "日本語"), ("mn", "Монгол"), ("en", "English"), ("ko", "한국어")]


def test_a_text_prints_in_the_readers_language_then_along_the_fallback_chain():
    text = TranslatedText({"ja": "長岡", "en": "Nagaoka", "mn": ""})
    with translation.override("ja"):
        assert str(text) == "長岡"
    with translation.override("en"):
        assert f"{text}" == "Nagaoka"
    # No Mongolian yet: English comes next in CONTENT_FALLBACK_LANGUAGES, and it says it is a stand-in.
    with translation.override("mn"):
        assert str(text) == "Nagaoka"
        assert text.lang == "en"
        assert text.is_fallback
        assert text.missing() == ["mn"]
    assert "mn" not in text  # empty texts are not stored


def test_the_fallback_chain_comes_from_settings():
    with override_settings(CONTENT_FALLBACK_LANGUAGES=["mn", "en"]):
        assert fallback_chain("ja") == ["ja", "mn", "en"]
    assert fallback_chain("mn") == ["mn", "en", "ja"]


def test_a_text_must_be_strings():
    with pytest.raises(TypeError):
        TranslatedText({"ja": 3})


@pytest.mark.django_db
def test_the_model_field_stores_and_reads_every_language():
    consent = ConsentText.objects.create(
        kind=ConsentKind.SENSITIVE_DATA,
        version=99,
        title={"ja": " 同意 ", "mn": "Зөвшөөрөл"},
        text={"en": "x"},
    )
    assert isinstance(consent.title, TranslatedText)  # assignment is wrapped at once, not only on reading
    consent.refresh_from_db()
    assert consent.title == {"ja": "同意", "mn": "Зөвшөөрөл"}
    with translation.override("mn"):
        assert str(consent.title) == "Зөвшөөрөл"
    consent.title = {"en": "Consent"}
    assert str(consent.title) == "Consent"


@pytest.mark.django_db
def test_search_finds_a_text_in_any_language_and_sorting_follows_the_reader():
    for version, title in enumerate(
        [{"ja": "あ", "mn": "Өргөдөл", "en": "Zebra"}, {"ja": "い", "mn": "Аймаг", "en": "Apple"}], start=50
    ):
        ConsentText.objects.create(
            kind=ConsentKind.SENSITIVE_DATA, version=version, title=title, text={"en": "t"}
        )
    ours = ConsentText.objects.filter(version__gte=50)
    assert (
        ours.filter(translated_contains("title", "өргө")).count() == 1
        or ours.filter(translated_contains("title", "Өргө")).count() == 1
    )
    assert list(ours.filter(translated_contains("title", "Өргөдөл")).values_list("version", flat=True)) == [
        50
    ]
    assert list(ours.filter(translated_contains("title", "い")).values_list("version", flat=True)) == [51]
    assert list(ours.order_by(translated_order("title", "en")).values_list("version", flat=True)) == [51, 50]
    assert list(ours.order_by(translated_order("title", "ja")).values_list("version", flat=True)) == [50, 51]
    assert ours.filter(missing_language("title", "mn")).count() == 0


def test_the_form_field_has_one_labelled_input_per_language():
    field = TranslatedFormField(max_length=10, required=True)
    html = field.widget.render("title", TranslatedText({"ja": "題"}))
    for code in ("ja", "mn", "en"):
        assert f'lang="{code}"' in html
    assert "Монгол" in html
    assert html.count("not translated yet") == 2
    assert field.clean(["題", "", "Title"]) == {"ja": "題", "en": "Title"}


def test_the_form_field_asks_for_at_least_one_language_and_refuses_bad_text():
    field = TranslatedFormField(max_length=5, required=True)
    with pytest.raises(ValidationError, match="at least one language"):
        field.clean(["", " ", ""])
    with pytest.raises(ValidationError, match="control characters"):
        field.clean(["a\x07b", "", ""])
    with pytest.raises(ValidationError, match="at most 5 characters"):
        field.clean(["123456", "", ""])
    consent_field = TranslatedFormField(required=True, required_languages=("mn",))
    with pytest.raises(ValidationError, match="Монгол"):
        consent_field.clean(["同意", "", "Consent"])


def test_the_api_type_takes_configured_languages_only():
    adapter = TypeAdapter(TranslatedSchemaText)
    assert adapter.validate_python({"mn": " Сайн ", "ja": ""}) == {"mn": "Сайн"}
    with pytest.raises(PydanticValidationError):
        adapter.validate_python({"xx": "?"})


@pytest.mark.django_db
def test_a_fourth_language_is_configuration_only():
    """Adding Korean to LANGUAGES offers it in forms, the API, search and the fallback chain — no migration."""
    with override_settings(LANGUAGES=FOUR_LANGUAGES):
        field = TranslatedFormField(required=True)
        assert 'lang="ko"' in field.widget.render("title", None)
        assert 'lang="ko"' in str(ConsentTitleForm()["title"])  # a model form defined before the change too
        edited = ConsentTitleForm({"title_ko": "제목"})
        assert edited.is_valid(), edited.errors
        assert edited.cleaned_data["title"] == {"ko": "제목"}
        title = field.clean(["", "", "Consent", "동의"])
        assert TypeAdapter(TranslatedSchemaText).validate_python({"ko": "동의"}) == {"ko": "동의"}
        consent = ConsentText.objects.create(
            kind=ConsentKind.SENSITIVE_DATA, version=77, title=title, text={"ko": "본문"}
        )
        consent.refresh_from_db()
        with translation.override("ko"):
            assert str(consent.title) == "동의"
        with translation.override("ja"):
            assert str(consent.text) == "본문"  # the only language written
        assert ConsentText.objects.filter(translated_contains("title", "동의")).get() == consent
        assert fallback_chain("ko")[0] == "ko"


def test_a_stand_in_language_is_marked_on_the_page_and_missing_ones_are_named_for_editors():
    from django.template import Context, Template

    title = TranslatedText({"ja": "講座", "en": "Course"})
    page = Template("{% load kakehashi %}<h1>{{ title|with_lang }}</h1>{% missing_languages title %}")
    with translation.override("mn"):
        html = page.render(Context({"title": title}))
    assert '<h1><span lang="en">Course</span></h1>' in html
    assert "Монгол" in html
    with translation.override("ja"):
        html = page.render(Context({"title": title}))
    assert "<h1>講座</h1>" in html
    script = TranslatedText({"ja": "<script>"})
    with translation.override("ja"):
        assert "&lt;script&gt;" in Template("{% load kakehashi %}{{ t|with_lang }}").render(
            Context({"t": script})
        )


def test_no_model_writes_the_language_list_into_its_migrations():
    """A field whose choices are the languages takes them from a callable (language_choices): a list would be
    copied into a migration, and adding a language would need a new one."""
    codes = {code for code, _name in FOUR_LANGUAGES[:3]}
    offending = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "deconstruct", None) and field.deconstruct()[3].get("choices")
            if isinstance(choices, list | tuple) and {str(value) for value, _label in choices} == codes:
                offending.append(f"{model._meta.label}.{field.name}")
    assert offending == []


def test_text_a_person_wrote_is_marked_with_the_language_of_its_script() -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template("{% load kakehashi %}{{ text|as_written }}")
    with translation.override("mn"):
        assert page.render(Context({"text": "MUST Technology College, IoT lab"})) == (
            '<span lang="en">MUST Technology College, IoT lab</span>'
        )
        assert (
            page.render(Context({"text": "長岡精機 本社工場"})) == '<span lang="ja">長岡精機 本社工場</span>'
        )
        assert page.render(Context({"text": "ШУТИС-ийн лаборатори"})) == "ШУТИС-ийн лаборатори"
        assert page.render(Context({"text": "<b>x</b>"})) == '<span lang="en">&lt;b&gt;x&lt;/b&gt;</span>'
    with translation.override("ja"):
        assert page.render(Context({"text": "長岡精機 本社工場"})) == "長岡精機 本社工場"
        assert page.render(Context({"text": "2F"})) == '<span lang="en">2F</span>'
        assert page.render(Context({"text": "12"})) == "12"


def test_a_contact_persons_name_carries_the_lang_of_its_script() -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template("{% load kakehashi %}{{ name|person_name|default:'—' }}")
    with translation.override("mn"):
        assert page.render(Context({"name": "山田 太郎"})) == '<span lang="ja">山田 太郎</span>'
        assert page.render(Context({"name": ""})) == "—"
    with translation.override("ja"):
        assert page.render(Context({"name": "山田 太郎"})) == "山田 太郎"


def test_a_distinct_list_sorts_by_a_translated_text_with_the_parameters_sent_apart(db: None) -> None:
    """On PostgreSQL the parameters go apart from the statement (settings.DB_PREPARED_STATEMENTS): a
    DISTINCT ordered by a translated text must write the language codes into the statement, or PostgreSQL
    takes the ORDER BY's `title ->> $1` and the select list's `title ->> $5` for two expressions."""
    from django.db import connection

    for version, title in enumerate([{"en": "Zebra", "ja": "あ"}, {"en": "Apple", "ja": "い"}], start=60):
        ConsentText.objects.create(
            kind=ConsentKind.SENSITIVE_DATA, version=version, title=title, text={"en": "t"}
        )
    ours = ConsentText.objects.filter(version__gte=60).order_by(translated_order("title", "en")).distinct()
    assert list(ours.values_list("version", flat=True)) == [61, 60]
    sql, params = ours.query.get_compiler(connection=connection).as_sql()
    if connection.vendor == "postgresql":
        assert connection.settings_dict["OPTIONS"].get("server_side_binding") is True
        assert "->> 'en'" in sql
        assert "en" not in params
        assert "" not in params

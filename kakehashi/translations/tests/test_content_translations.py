"""Editors see what content lacks a language, send it to a translator as a workbook and import it back."""

import io

import openpyxl
import pytest
from django.urls import reverse

from kakehashi.privacy.models import ConsentKind, ConsentText
from kakehashi.translations.models import ImportStatus, TranslationImport


@pytest.fixture
def texts(db):
    return [
        ConsentText.objects.create(
            kind=ConsentKind.SENSITIVE_DATA,
            version=40 + number,
            title={"ja": f"題{number}", "en": f"Title {number}"},
            text={"ja": "本文", "mn": "Текст", "en": "Body"},
        )
        for number in range(3)
    ]


def workbook_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(client, rows: list[list]) -> object:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "back.xlsx"
    return client.post(reverse("translations:upload"), {"file": buffer})


def test_the_overview_counts_what_each_language_lacks(client_as, texts, django_assert_max_num_queries):
    client = client_as("manager")
    client.get("/")
    with django_assert_max_num_queries(40):
        page = client.get(reverse("translations:overview"))
    assert page.status_code == 200
    gaps = {(gap.entry.key, gap.field): gap for gap in page.context["gaps"]}
    title = gaps[("privacy.consenttext", "title")]
    # The demo's consent texts are complete; the three made here have no Mongolian title.
    assert title.total == ConsentText.objects.count()
    assert title.missing == {"ja": 0, "mn": 3, "en": 0}
    assert gaps[("privacy.consenttext", "text")].missing["mn"] == 0
    assert "3 missing" in page.content.decode()


def test_only_the_program_office_manages_translations(client_as, db):
    client = client_as("student")
    assert client.get(reverse("translations:overview")).status_code == 403
    assert client.get(reverse("translations:export")).status_code == 403


def test_a_workbook_of_what_lacks_mongolian_goes_out_and_comes_back(client_as, texts):
    client = client_as("manager")
    exported = workbook_rows(
        client.get(reverse("translations:export") + "?missing=mn&record=privacy.consenttext")
    )
    header, *rows = exported
    assert header[:3] == ["record", "id", "field"]
    assert header[4:] == ["ja", "mn", "en"]
    assert sorted(row[1] for row in rows) == sorted(text.pk for text in texts)
    assert all(row[2] == "title" and row[5] is None for row in rows)

    filled = [header] + [[*row[:5], f"Гарчиг {row[1]}", row[6]] for row in rows]
    preview = upload(client, filled)
    batch = TranslationImport.objects.get()
    assert preview.url == reverse("translations:preview", args=[batch.pk])
    assert len(batch.changes) == 3
    assert not batch.errors
    texts[0].refresh_from_db()
    assert "mn" not in texts[0].title  # nothing written before the office confirms

    client.post(reverse("translations:apply", args=[batch.pk]))
    for text in texts:
        text.refresh_from_db()
        assert text.title["mn"] == f"Гарчиг {text.pk}"
        assert text.title["ja"].startswith("題")  # the other languages are untouched
    assert TranslationImport.objects.get().status == ImportStatus.APPLIED


def test_a_bad_row_names_itself_and_nothing_is_written(client_as, texts):
    client = client_as("manager")
    rows = [
        ["record", "id", "field", "what", "ja", "mn", "en"],
        ["privacy.consenttext", texts[0].pk, "title", "", "", "Зөв", ""],
        ["privacy.consenttext", texts[1].pk, "title", "", "", "x" * 201, ""],
        ["privacy.consenttext", 999999, "title", "", "", "Байхгүй", ""],
        ["accounts.user", 1, "email", "", "", "hack@example.com", ""],
        ["privacy.consenttext", texts[2].pk, "title", "", "", "a\nb", ""],
    ]
    upload(client, rows)
    batch = TranslationImport.objects.get()
    assert [error["row"] for error in batch.errors] == [3, 4, 5, 6]
    assert "200" in batch.errors[0]["message"]
    page = client.get(reverse("translations:preview", args=[batch.pk]))
    assert "Row 4" in page.content.decode()
    client.post(reverse("translations:apply", args=[batch.pk]))
    texts[0].refresh_from_db()
    assert "mn" not in texts[0].title


def test_a_text_edited_since_the_preview_stops_the_whole_import(client_as, texts):
    client = client_as("manager")
    rows = [
        ["record", "id", "field", "what", "ja", "mn", "en"],
        ["privacy.consenttext", texts[0].pk, "title", "", "", "Нэг", ""],
        ["privacy.consenttext", texts[1].pk, "title", "", "", "Хоёр", ""],
    ]
    upload(client, rows)
    batch = TranslationImport.objects.get()
    texts[1].title = {**texts[1].title, "mn": "Өөр хүн засав"}
    texts[1].save()
    response = client.post(reverse("translations:apply", args=[batch.pk]), follow=True)
    assert "Rows 3 were changed" in response.content.decode()
    texts[0].refresh_from_db()
    assert "mn" not in texts[0].title
    assert TranslationImport.objects.get().status == ImportStatus.PREVIEW


def test_a_text_that_starts_like_a_formula_goes_out_quoted_and_comes_back_as_written(client_as, texts):
    texts[0].title = {"en": "=HYPERLINK(1)", "ja": "題"}
    texts[0].save()
    client = client_as("manager")
    exported = workbook_rows(
        client.get(reverse("translations:export") + "?missing=mn&record=privacy.consenttext")
    )
    row = next(row for row in exported if row[1] == texts[0].pk)
    assert row[6] == "'=HYPERLINK(1)"
    upload(client, [exported[0], [*row[:5], "Томъёо", row[6]]])
    client.post(reverse("translations:apply", args=[TranslationImport.objects.get().pk]))
    texts[0].refresh_from_db()
    assert texts[0].title == {"en": "=HYPERLINK(1)", "ja": "題", "mn": "Томъёо"}


def test_an_import_of_another_program_is_not_found(client_as, texts):
    from kakehashi.accounts.models import Program

    other = Program.objects.create(
        key="other", title={"en": "Other"}, starts_on="2026-01-01", ends_on="2027-01-01"
    )
    batch = TranslationImport.objects.create(program=other, uploaded_by=_manager(), file_name="x.xlsx")
    client = client_as("manager")
    assert client.get(reverse("translations:preview", args=[batch.pk])).status_code == 404


def _manager():
    from kakehashi.accounts.demo import demo_email
    from kakehashi.accounts.models import User

    return User.objects.get(email=demo_email("manager"))


def test_an_optional_text_nobody_wrote_is_not_waiting_for_a_translation(client_as, texts):
    from kakehashi.learning.models import Question

    empty = Question.objects.filter(feedback={}).count()
    assert empty, "the demo has questions without feedback"
    page = client_as("manager").get(reverse("translations:overview"))
    gaps = {(gap.entry.key, gap.field): gap for gap in page.context["gaps"]}
    feedback = gaps[("learning.question", "feedback")]
    assert feedback.missing == {"ja": 0, "mn": 0, "en": 0}

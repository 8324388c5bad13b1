"""The agreement document: Japanese and the student's language side by side, in the HTML and in the PDF's
text; the signed copy carries a signature page with the verification code."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kakehashi.agreements import document
from kakehashi.agreements.models import Agreement
from kakehashi.agreements.terms import terms_of
from kakehashi.core.testing.pdf import text_of
from kakehashi.operations.models import InternCase

from .conftest import ORDER

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def test_the_html_puts_japanese_beside_mongolian(case: InternCase) -> None:
    html = document.document_html(terms=terms_of(case), language="mn", serial="KH-A26-00001", number=1)
    assert "インターンシップ実施に関する協定書" in html
    assert "Дадлага хийх тухай гэрээ" in html
    assert "第1条（目的）" in html
    assert "1 дүгээр зүйл (Зорилго)" in html
    student = terms_of(case)["student"]["local"]
    assert "Номин-Эрдэнэ" in student
    assert student in html  # the student's name in Cyrillic, in the document only
    assert "Article 1" not in html


def test_the_html_puts_japanese_beside_english_for_a_student_who_reads_english(case: InternCase) -> None:
    html = document.document_html(terms=terms_of(case), language="en", serial="KH-A26-00001", number=1)
    assert "Internship agreement" in html
    assert "Article 1 (Purpose)" in html
    assert "Дадлага" not in html


@needs_poppler
def test_the_pdf_text_holds_both_languages(drawn: Agreement, tmp_path: Path) -> None:
    text = text_of(drawn.versions.get().pdf_bytes, tmp_path)
    assert "インターンシップ実施に関する協定書" in text
    assert "Дадлага хийх тухай гэрээ" in text
    assert drawn.serial in text


@needs_poppler
def test_the_signed_pdf_has_a_signature_page_with_the_verification_code(
    drawn: Agreement, sign: Callable[..., Any], tmp_path: Path
) -> None:
    for key in ORDER:
        sign(key, drawn)
    drawn.refresh_from_db()
    text = text_of(drawn.final_pdf_bytes, tmp_path)
    assert drawn.code in text
    assert "/agreements/verify/?code=" in text
    assert "203.0.113.7" in text
    sha256 = drawn.versions.get().sha256
    assert all(sha256[i : i + 8] in text for i in range(0, 64, 8))  # printed in groups of eight

"""Every PDF prints each script in one font: Mongolian names never switch font mid-word (Ө ө Ү ү)."""

import re
import shutil
from pathlib import Path

import pytest

from kakehashi.core.pdf import html_to_pdf
from kakehashi.core.testing.pdf import fonts_of, text_of

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils")

MONGOLIAN = "Батсүх Өлзийбаяр: Үйлдвэрийн дижитал шилжилт, өөрчлөлт, үр дүн"
JAPANESE = "長岡市 架け橋 インターンシップ 2026年"


def test_every_glyph_of_a_mongolian_sample_comes_from_one_font(tmp_path: Path) -> None:
    pdf = html_to_pdf(f"<html><body><p>{MONGOLIAN}</p></body></html>")
    assert fonts_of(pdf, tmp_path) == {"Noto-Sans"}
    assert MONGOLIAN in text_of(pdf, tmp_path)


def test_a_template_that_asks_for_the_cjk_font_first_still_prints_mongolian_in_one_font(
    tmp_path: Path,
) -> None:
    """The old stack started with Noto Sans CJK, which has Б but not ү: the name changed font mid-word."""
    html = f"<html><body style=\"font-family: 'Noto Sans CJK JP'\"><p>{MONGOLIAN}</p></body></html>"
    assert fonts_of(html_to_pdf(html), tmp_path) == {"Noto-Sans"}


def test_japanese_and_mongolian_together_use_the_two_noto_faces_and_nothing_else(tmp_path: Path) -> None:
    pdf = html_to_pdf(f"<html><body><p>{JAPANESE}</p><p><b>{MONGOLIAN}</b></p></body></html>")
    # Digits and spaces in the Japanese line come from Noto Sans too: same design, one family.
    assert fonts_of(pdf, tmp_path) == {"Noto-Sans-CJK-JP", "Noto-Sans", "Noto-Sans-Bold"}


def test_no_module_renders_a_pdf_but_the_one_helper() -> None:
    package = Path(__file__).resolve().parents[2]
    helper = package / "core" / "pdf.py"
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path != helper and "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bfrom weasyprint import\b|\bwrite_pdf\(", line)
    ]
    assert offenders == []

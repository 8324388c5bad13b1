"""Every PDF the platform writes is made here, so that every document uses the same fonts.

Noto Sans CJK has no Ө ө Ү ү (Cyrillic Extended), so a Mongolian name printed in it switched to another
font mid-word ("Батсүх"). The family stack below puts Noto Sans (complete Latin and Cyrillic, Debian's
fonts-noto-core) first and Noto Sans CJK JP (kana and kanji, fonts-noto-cjk) second: each script comes
whole from one face of the same Noto design, and no glyph falls back to a third font. A single
@font-face family composed with unicode-range was tried first: WeasyPrint 66 merged the two subsets
under one name and printed wrong digits in Japanese text.
"""

from functools import cache
from typing import Any

FONT_FAMILY = '"Noto Sans", "Noto Sans CJK JP"'


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS  # imported here: it is slow to load and only documents need it

    # `!important` so that a template cannot bring back a stack that starts with the CJK font.
    return CSS(
        string=(
            f"html, body, body * {{ font-family: {FONT_FAMILY} !important; }}"
            f"@page {{ @top-center {{ font-family: {FONT_FAMILY}; }}"
            f" @bottom-center {{ font-family: {FONT_FAMILY}; }} }}"
        )
    )


def html_to_pdf(html: str) -> bytes:
    """The HTML of a document, rendered to PDF with the platform's fonts."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(stylesheets=[_stylesheet()]))

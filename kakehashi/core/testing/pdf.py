"""What a PDF is made of, read with poppler-utils (pdffonts, pdftotext)."""

import re
import subprocess
from pathlib import Path

NOTO_FACES = {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-CJK-JP", "Noto-Sans-CJK-JP-Bold"}
# Subset prefixes (ABCDEF+) differ per file; the face names are what matters.
FONT_LINE = re.compile(r"^[A-Z]{6}\+(\S+)", re.MULTILINE)


def fonts_of(pdf: bytes, tmp_path: Path) -> set[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return set(FONT_LINE.findall(listing))


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

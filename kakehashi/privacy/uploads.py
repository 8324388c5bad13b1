"""Checking an uploaded file before anything reads it: its real type (magic bytes), its size, its shape.

    from kakehashi.privacy.uploads import validate_upload
    kind = validate_upload(form.cleaned_data["file"], allowed={"pdf", "png", "jpg"}, max_bytes=5 * 1024**2)

Refuses: a type not allowed, a name whose extension does not match the content, executables and scripts
under any name, oversized files, PDFs without their end marker, and Office files (zip) that are not what
they claim, have too many entries, or would expand far beyond their size (zip bombs).
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100

EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "xlsx": {"xlsx"},
    "docx": {"docx"},
    "csv": {"csv"},
}
# Content that is never accepted, whatever it is called.
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
ZIP_MEMBERS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


def _read(file: Any, max_bytes: int) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file[: max_bytes + 1])
    stream: IO[bytes] = file
    if hasattr(stream, "seek"):
        stream.seek(0)
    content = stream.read(max_bytes + 1)
    if hasattr(stream, "seek"):
        stream.seek(0)
    return content


def detect(content: bytes) -> str | None:
    """The kind the content really is, from its first bytes (None when unknown)."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _check_zip(content: bytes, kind: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("The file is damaged and cannot be opened.")) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(_("The file has too many parts to be a normal document."))
    expanded = sum(entry.file_size for entry in entries)
    compressed = max(1, sum(entry.compress_size for entry in entries))
    if expanded > MAX_ZIP_EXPANDED_BYTES or expanded / compressed > MAX_ZIP_RATIO:
        raise ValidationError(_("The file would expand to far more than its size; it is refused."))
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or ZIP_MEMBERS[kind] not in names:
        raise ValidationError(_("The file is not a real %(kind)s document.") % {"kind": kind.upper()})
    if any(name.startswith("/") or ".." in name.split("/") for name in names):
        raise ValidationError(_("The file is damaged and cannot be opened."))
    for entry in entries:
        if entry.filename.lower().endswith((".bin", ".exe", ".dll")) and "vbaProject" in entry.filename:
            raise ValidationError(_("Files with macros are not accepted."))


def _check_csv(content: bytes) -> None:
    if b"\x00" in content:
        raise ValidationError(_("The file is not a text file."))
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file is not UTF-8 text.")) from None


def _megabytes(size: int) -> str:
    """5242880 -> "5", 1572864 -> "1.5": the limit as people say it."""
    return f"{size / 1024**2:g}"


def validate_upload(
    file: Any,
    allowed: set[str] | frozenset[str] = frozenset({"pdf", "png", "jpg", "xlsx", "docx"}),
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    name: str | None = None,
) -> str:
    """Return the file's kind ("pdf", "png", ...) or raise ValidationError with a message to act on.

    `file` is an UploadedFile (its name is used) or bytes with `name=`.
    """
    file_name = name if name is not None else getattr(file, "name", "") or ""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    kind = next((k for k in allowed if extension in EXTENSIONS.get(k, {k})), None)
    if kind is None:
        raise ValidationError(
            _("This kind of file is not accepted. Upload one of: %(kinds)s.")
            % {"kinds": ", ".join(sorted(allowed))}
        )
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": _megabytes(max_bytes)})
    content = _read(file, max_bytes)
    if len(content) > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": _megabytes(max_bytes)})
    if not content:
        raise ValidationError(_("The file is empty."))
    if content.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(_("Programs and scripts are not accepted."))
    detected = detect(content)
    if kind == "csv":
        if detected is not None:
            raise ValidationError(
                _("The file's content does not match its name (.%(ext)s).") % {"ext": extension}
            )
        _check_csv(content)
        return kind
    expected = "zip" if kind in ZIP_MEMBERS else kind
    if detected != expected:
        raise ValidationError(
            _("The file's content does not match its name (.%(ext)s).") % {"ext": extension}
        )
    if kind == "pdf" and b"%%EOF" not in content[-1024:]:
        raise ValidationError(_("The PDF file is incomplete or damaged."))
    if kind in ZIP_MEMBERS:
        _check_zip(content, kind)
    return kind

"""Checking an uploaded file before anything reads it, and serving it back: the one place for both.

    from kakehashi.privacy.uploads import validate_upload, serve_upload
    kind = validate_upload(form.cleaned_data["file"], allowed={"pdf", "png", "jpg"}, max_bytes=5 * 1024**2)
    return serve_upload(record.file, filename="receipt.pdf")

`validate_upload` takes the kind the name claims and checks the content is that kind (content sniffing):

- pdf: the `%PDF-` signature and the end marker;
- png, jpg, gif, webp: the signature, then Pillow decodes the image (a limit on pixels stops image bombs);
- docx, xlsx, pptx: a zip with the parts of that document; zip: any archive; for every zip the entries'
  uncompressed sizes and count are checked *before* anything expands them (zip bombs), paths and macros too;
- csv, txt, md, py, json, ipynb: text (UTF-8 with or without BOM, or Japanese Excel's cp932), not markup.

Refused under any name: executables and scripts, HTML, SVG and XML documents (a browser would run them),
empty and oversized files. An extension this module does not know (a teacher may allow any in an
assignment) gets these general checks only; such files are served as downloads of unknown type.

`serve_upload` answers with the Content-Type of what the stored bytes really are (sniffed again: files
stored before these checks existed are served safely too), `X-Content-Type-Options: nosniff`, and
`Content-Disposition: attachment` for everything that is not a raster image shown inline.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_IMAGE_PIXELS = 40_000_000

# kind -> the extensions that claim it
EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "xlsx": {"xlsx"},
    "docx": {"docx"},
    "pptx": {"pptx"},
    "zip": {"zip"},
    "csv": {"csv"},
    "txt": {"txt"},
    "md": {"md"},
    "py": {"py"},
    "json": {"json"},
    "ipynb": {"ipynb"},
}
KIND_OF_EXTENSION = {extension: kind for kind, extensions in EXTENSIONS.items() for extension in extensions}
IMAGES = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}  # kind -> Pillow's format name
TEXT = {"csv", "txt", "md", "py", "json", "ipynb"}
ZIP_MEMBERS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "py": "text/plain; charset=utf-8",
    "json": "application/json",
    "ipynb": "application/json",
}
UNKNOWN_CONTENT_TYPE = "application/octet-stream"
# Content that is never accepted, whatever it is called.
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
# Markup a browser would render (and run scripts in) if it were ever served as such.
MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<!--",
)


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
    """The kind the content really is, from its first bytes (None when unknown or text)."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def looks_like_markup(content: bytes) -> bool:
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
    return head.startswith(MARKUP_STARTS)


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is dropped), else cp932, the Shift_JIS that Japanese Excel writes.

    UTF-8 is tried first: cp932 bytes of Japanese text are almost never valid UTF-8, while plain ASCII is
    both. Raises ValidationError naming the first line that is in neither encoding.
    """
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp932"), "cp932"
    except UnicodeDecodeError:
        pass
    for number, line in enumerate(content.split(b"\n"), start=1):
        try:
            line.decode("utf-8-sig" if number == 1 else "utf-8")
            continue
        except UnicodeDecodeError:
            pass
        try:
            line.decode("cp932")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    "Line %(line)d of the file is neither UTF-8 nor Shift_JIS (cp932) text. Save the file "
                    "again as “CSV UTF-8” and upload it again."
                )
                % {"line": number}
            ) from None
    # Every line decodes alone but the whole does not: the file mixes the two encodings.
    raise ValidationError(
        _(
            "The file mixes UTF-8 and Shift_JIS (cp932) text. Save the file again as “CSV UTF-8” and upload "
            "it again."
        )
    )


def _check_zip(content: bytes, kind: str) -> None:
    """Only the central directory is read: the declared sizes bound what zipfile would ever expand."""
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
    if any(name.startswith("/") or ".." in name.replace("\\", "/").split("/") for name in names):
        raise ValidationError(_("The file is damaged and cannot be opened."))
    if kind in ZIP_MEMBERS and ("[Content_Types].xml" not in names or ZIP_MEMBERS[kind] not in names):
        raise ValidationError(_("The file is not a real %(kind)s document.") % {"kind": kind.upper()})
    for entry in entries:
        if entry.filename.lower().endswith((".bin", ".exe", ".dll")) and "vbaProject" in entry.filename:
            raise ValidationError(_("Files with macros are not accepted."))


def _check_image(content: bytes, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError

    damaged = ValidationError(_("The image is damaged or is not a %(kind)s image.") % {"kind": kind.upper()})
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != IMAGES[kind]:
                raise damaged
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels; make it smaller and upload it again.")
                )
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()  # verify() skips the pixel data of some formats; decoding it proves the image.
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise damaged from None


def _check_text(content: bytes, kind: str) -> None:
    if b"\x00" in content:
        raise ValidationError(_("The file is not a text file."))
    text, _encoding = decode_text(content)
    if kind in {"json", "ipynb"}:
        try:
            json.loads(text)
        except ValueError:
            raise ValidationError(_("The file is not valid JSON.")) from None


def _megabytes(size: int) -> str:
    """5242880 -> "5", 1572864 -> "1.5": the limit as people say it."""
    return f"{size / 1024**2:g}"


def validate_upload(
    file: Any,
    allowed: set[str] | frozenset[str] | list[str] = frozenset({"pdf", "png", "jpg", "xlsx", "docx"}),
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    name: str | None = None,
) -> str:
    """Return the file's kind ("pdf", "png", ...) or raise ValidationError with a message to act on.

    `file` is an UploadedFile (its name is used) or bytes with `name=`. `allowed` names kinds or extensions
    ("jpeg" is the kind "jpg"); an extension unknown here is accepted by name after the general checks.
    """
    file_name = name if name is not None else getattr(file, "name", "") or ""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    allowed_extensions = {e for k in allowed for e in EXTENSIONS.get(KIND_OF_EXTENSION.get(k, k), {k})}
    if not extension or extension not in allowed_extensions:
        raise ValidationError(
            _("This kind of file is not accepted. Upload one of: %(kinds)s.")
            % {"kinds": ", ".join(sorted(set(allowed)))}
        )
    kind = KIND_OF_EXTENSION.get(extension)
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": _megabytes(max_bytes)})
    content = _read(file, max_bytes)
    if len(content) > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": _megabytes(max_bytes)})
    if not content:
        raise ValidationError(_("The file is empty."))
    # A Python file the assignment asks for may start with "#!"; it is stored and served as text.
    if content.startswith(EXECUTABLE_MAGIC) and not (kind == "py" and content.startswith(b"#!")):
        raise ValidationError(_("Programs and scripts are not accepted."))
    if looks_like_markup(content):
        raise ValidationError(_("Web pages, SVG and XML files are not accepted, whatever their name."))
    detected = detect(content)
    mismatch = ValidationError(
        _("The file's content does not match its name (.%(ext)s).") % {"ext": extension}
    )
    if kind is None:
        return extension
    if kind in TEXT:
        if detected is not None:
            raise mismatch
        _check_text(content, kind)
        return kind
    expected = "zip" if kind in ZIP_MEMBERS else kind
    if detected != expected:
        raise mismatch
    if kind == "pdf" and b"%%EOF" not in content[-1024:]:
        raise ValidationError(_("The PDF file is incomplete or damaged."))
    if kind in IMAGES:
        _check_image(content, kind)
    if expected == "zip":
        _check_zip(content, kind)
    return kind


def sniffed_kind(head: bytes, file_name: str) -> str | None:
    """The kind stored bytes really are, agreeing with their name; None when they do not agree."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    claimed = KIND_OF_EXTENSION.get(extension)
    if claimed is None or looks_like_markup(head):
        return None
    if head.startswith(EXECUTABLE_MAGIC) and not (claimed == "py" and head.startswith(b"#!")):
        return None
    detected = detect(head)
    if claimed in TEXT:
        return claimed if detected is None else None
    expected = "zip" if claimed in ZIP_MEMBERS else claimed
    return claimed if detected == expected else None


def serve_upload(
    field_file: Any, *, filename: str | None = None, inline_images: bool = False
) -> FileResponse:
    """A FileResponse for an uploaded file: the real type, nosniff, and a download unless an inline image."""
    handle = field_file.open("rb")
    head = handle.read(512)
    handle.seek(0)
    name = filename or (field_file.name or "").rsplit("/", 1)[-1] or "download"
    kind = sniffed_kind(head, name)
    inline = inline_images and kind in IMAGES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=name,
        content_type=CONTENT_TYPES.get(kind or "", UNKNOWN_CONTENT_TYPE),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

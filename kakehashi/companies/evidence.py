"""Evidence files for readiness items: checked by extension, size and content (magic bytes)."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "xlsx", "docx")


def _kind_of(head: bytes, content: bytes) -> str | None:
    """What the bytes really are, whatever the file is called."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        if any(name.startswith("word/") for name in names):
            return "docx"
    return None


def check_evidence(upload: UploadedFile) -> None:
    """Refuse a file that is too large, of another type, or whose content does not match its name."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    name = (upload.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(_("Upload a PDF, PNG, JPEG, Excel (.xlsx) or Word (.docx) file."))
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    expected = "jpg" if extension == "jpeg" else extension
    if _kind_of(content[:16], content) != expected:
        raise ValidationError(
            _("The content of the file does not match its type. Save it again and upload it.")
        )

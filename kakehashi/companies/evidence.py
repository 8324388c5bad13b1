"""Evidence files for readiness items: checked by type, size and content before they are stored."""

from django.core.files.uploadedfile import UploadedFile

from kakehashi.privacy.uploads import validate_upload

MAX_BYTES = 5 * 1024 * 1024
ALLOWED = frozenset({"pdf", "png", "jpg", "xlsx", "docx"})


def check_evidence(upload: UploadedFile) -> str:
    """Refuse a file that is too large, of another type, or whose content does not match its name; the
    kind its content was recognised as otherwise."""
    return validate_upload(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)

"""The S3 storage of uploads and generated documents (configured by kakehashi/core/storage_url.py)."""

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 storage with one more option, `downloads`: how a permitted download reaches the
    browser, `stream` (through the app) or `redirect` (to a presigned URL of `querystring_expire` seconds).
    The privacy options themselves (no ACL, presigned URLs, no overwrite) are fixed by storage_url.py."""

    downloads: str

    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "downloads": "stream"}

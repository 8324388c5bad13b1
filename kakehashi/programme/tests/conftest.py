import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Receipts and reports go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"

"""The storage `collectstatic` writes production's static files with: whitenoise's hashed names and
precompressed copies, gzip only.

nginx serves /static/ itself (deploy/nginx/kakehashi-app.conf) with `gzip_static`; Debian's nginx has no
brotli module, so the .br copies whitenoise also writes were never sent to anyone. Compressing them at
brotli's highest quality was 30 of collectstatic's 34 seconds on a two-core machine, on every deploy and
in every CI run."""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)

"""Sending a stored generated document (a programme report) to a viewer who may read it.

The download view first finds the object through its selector, which checks the viewer's permission, and
only then calls `file_download`. Nothing else serves stored files: there is no MEDIA_URL route, and an
object store's bucket is private. On object storage configured with `downloads=redirect` the document is
handed over as a presigned URL that lives `expire` seconds (60 by default), issued here, after the check,
so that large files do not pass through the web processes; otherwise the app streams the bytes.

Uploads are not served here but by kakehashi.privacy.uploads: they are always streamed, because their real
type is checked again at each download.
"""

import os
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header


def file_download(
    file: FieldFile, *, filename: str = "", content_type: str | None = None
) -> HttpResponseBase:
    """The response that gives the generated document `file`, as a download, to a viewer already checked
    to be allowed it."""
    response: HttpResponseBase
    storage: Any = file.storage  # PrivateS3Storage's url() takes parameters; not imported here (boto3)
    if getattr(storage, "downloads", "stream") == "redirect":
        disposition = content_disposition_header(True, filename or os.path.basename(file.name or ""))
        parameters = {"ResponseContentDisposition": disposition or "attachment"}
        if content_type:
            parameters["ResponseContentType"] = content_type
        response = HttpResponseRedirect(storage.url(file.name, parameters=parameters))
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    # A private document, or a link to it that soon expires: no shared cache may keep either.
    response["Cache-Control"] = "private, no-store"
    return response

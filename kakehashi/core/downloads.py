"""Sending a stored file (an upload or a generated document) to a viewer who may read it.

Every download view first finds the object through its selector, which checks the viewer's permission,
and only then calls `file_download`. Nothing else serves these files: there is no MEDIA_URL route, and an
object store's bucket is private. On object storage configured with `downloads=redirect` an attachment is
handed over as a presigned URL that lives `expire` seconds (60 by default), issued here, after the check;
otherwise, and for files a page embeds (lesson images: the CSP allows same-origin images only), the app
streams the bytes.
"""

import os
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header


def file_download(
    file: FieldFile,
    *,
    filename: str = "",
    as_attachment: bool = True,
    content_type: str | None = None,
    embedded: bool = False,
) -> HttpResponseBase:
    """The response that gives `file` to a viewer already checked to be allowed it. `embedded`: a page
    shows it (an image), so it must come from the site's own origin."""
    response: HttpResponseBase
    storage: Any = file.storage  # PrivateS3Storage's url() takes parameters; not imported here (boto3)
    if not embedded and getattr(storage, "downloads", "stream") == "redirect":
        disposition = content_disposition_header(as_attachment, filename or os.path.basename(file.name or ""))
        parameters = {"ResponseContentDisposition": disposition or "inline"}
        if content_type:
            parameters["ResponseContentType"] = content_type
        response = HttpResponseRedirect(storage.url(file.name, parameters=parameters))
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    # A private file, or a link to it that soon expires: no shared cache may keep either.
    response["Cache-Control"] = "private, no-store"
    return response

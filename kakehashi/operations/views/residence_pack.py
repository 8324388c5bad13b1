"""The status-of-residence pack of a case: its page (the documents of the route, who prepares each, the
build's progress), the build request, the ZIP and one document of it."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.downloads import file_download
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.models import InternCase, PackStatus
from kakehashi.operations.residence_pack import PREPARED_BY, document_for, documents_for, read_member
from kakehashi.privacy.uploads import serve_upload


def _context(viewer: Viewer, case: InternCase) -> dict[str, object]:
    pack = selectors.residence_pack_of(viewer, case)
    ready = pack is not None and pack.status == PackStatus.READY and pack.route == case.route
    generated = {d["key"] for d in pack.documents} if ready and pack else set()
    uploaded = selectors.pack_uploads_of(viewer, case)
    return {
        "case": case,
        "pack": pack,
        "ready": ready,
        "stale": pack is not None and pack.status == PackStatus.READY and pack.route != case.route,
        "can_build": rules.can_build_residence_pack(viewer, case),
        "can_read_diary": rules.can_read_diary(viewer, case),
        "documents": [
            {
                "document": document,
                "prepared_by": PREPARED_BY[document.prepared_by],
                "generated": document.key in generated,
                "uploaded": uploaded.get(document.key),
                "may_sign": rules.can_download_pack_document(viewer, case, document.prepared_by),
                "can_download": document.key in generated
                and rules.can_download_pack_document(viewer, case, document.prepared_by),
            }
            for document in documents_for(case.route)
        ],
    }


@login_required
def residence_pack(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET: the pack's documents and status (htmx polls the status while it builds). POST: build it."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    if request.method == "POST":
        require(rules.can_build_residence_pack(viewer, case))
        try:
            services.residence_pack_request(viewer=viewer, case=case)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The documents are being generated. This page shows when they are ready.")
            )
        return redirect("operations:residence_pack", case.pk)
    template = "operations/residence_pack.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#status"
    return render(request, template, _context(viewer, case))


@login_required
def residence_pack_download(request: HttpRequest, case_id: int) -> HttpResponseBase:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    require(rules.can_build_residence_pack(viewer, case))
    pack = selectors.residence_pack_of(viewer, case)
    if pack is None or pack.status != PackStatus.READY or not pack.file:
        raise Http404
    return file_download(
        pack.file, filename=f"status-of-residence-{case.pk}.zip", content_type="application/zip"
    )


@login_required
def residence_pack_document(request: HttpRequest, case_id: int, key: str) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    found = document_for(case.route, key)
    if found is None:
        raise Http404
    position, document = found
    require(rules.can_download_pack_document(viewer, case, document.prepared_by))
    pack = selectors.residence_pack_of(viewer, case)
    if pack is None or pack.status != PackStatus.READY or pack.route != case.route or not pack.file:
        raise Http404
    with pack.file.open("rb") as stored:
        content = read_member(stored.read(), document.filename(position))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename(position)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def residence_pack_signed(request: HttpRequest, case_id: int, key: str) -> HttpResponseBase:
    """GET: the signed copy of one document. POST: upload it (a PDF or a scan), which ticks the checklist."""
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    found = document_for(case.route, key)
    if found is None:
        raise Http404
    _position, document = found
    require(rules.can_download_pack_document(viewer, case, document.prepared_by))
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose the signed document to upload."))
        else:
            try:
                services.pack_document_upload(viewer=viewer, case=case, key=key, upload=upload)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The signed document was uploaded."))
        return redirect("operations:residence_pack", case.pk)
    record = selectors.pack_upload_of(viewer, case, key)
    if record is None:
        raise Http404
    return serve_upload(record.file, filename=f"{key}-signed{Path(record.file.name).suffix}")

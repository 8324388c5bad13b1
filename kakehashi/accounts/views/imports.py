from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import people_import, selectors, services
from kakehashi.accounts.forms import PeopleImportForm
from kakehashi.accounts.models import ImportStatus
from kakehashi.core.permissions import require, viewer_for


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(selectors.can_import_people(viewer))
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > people_import.MAX_BYTES:
                raise ValidationError(
                    _("The file is larger than %(mb)s MB.") % {"mb": f"{people_import.MAX_BYTES / 1024**2:g}"}
                )
            batch = services.people_import_preview(
                viewer=viewer, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("accounts:import_preview", batch.pk)
    return render(
        request,
        "accounts/import_upload.html",
        {"form": form, "columns": people_import.column_help()},
    )


PREVIEW_ROWS = 200  # rows listed on the page; the whole file is checked and imported


@login_required
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """The checked file, then, once applied, the progress of the background import (polled by HTMX)."""
    viewer = viewer_for(request)
    batch = selectors.people_import_for(viewer, import_id)
    template = "accounts/import_preview.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#status"
    return render(
        request,
        template,
        {
            "batch": batch,
            "shown_rows": [people_import.preview_row(row) for row in batch.rows[:PREVIEW_ROWS]],
            "hidden_rows": max(0, len(batch.rows) - PREVIEW_ROWS),
            "done": selectors.people_import_progress(batch),
            "can_apply": batch.status == ImportStatus.PREVIEW and not batch.errors,
        },
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.people_import_for(viewer, import_id)
    try:
        services.people_import_apply(viewer=viewer, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:import_preview", batch.pk)


@login_required
@require_POST
def import_discard(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.people_import_for(viewer, import_id)
    services.people_import_discard(viewer=viewer, batch=batch)
    messages.info(request, _("The import was discarded; nobody was added."))
    return redirect("accounts:import_upload")

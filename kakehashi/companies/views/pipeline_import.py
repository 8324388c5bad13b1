"""Prospects imported into the pipeline from a spreadsheet: the upload, the preview of what would be
added, and applying or discarding the import.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.companies import prospect_import, rules, selectors, services
from kakehashi.companies.forms import ProspectImportForm
from kakehashi.companies.models import CompanySize, ImportStatus, Industry
from kakehashi.core.permissions import require, viewer_for


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_edit_pipeline(viewer))
    form = ProspectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > prospect_import.MAX_BYTES:
                raise ValidationError(_("The file is larger than 2 MB."))
            batch = services.prospect_import_preview(
                viewer=viewer, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("companies:import_preview", batch.pk)
    context = {
        "form": form,
        "columns": prospect_import.columns(),
        "industries": [value for value, _label in Industry.choices],
        "sizes": [value for value, _label in CompanySize.choices],
    }
    return render(request, "companies/import_upload.html", context)


@login_required
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.prospect_import_for(viewer, import_id)
    return render(
        request,
        "companies/import_preview.html",
        {"batch": batch, "can_apply": batch.status == ImportStatus.PREVIEW and not batch.errors},
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.prospect_import_for(viewer, import_id)
    try:
        created = services.prospect_import_apply(viewer=viewer, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:import_preview", batch.pk)
    messages.success(request, _("%(count)d companies were added to the pipeline.") % {"count": created})
    return redirect("companies:outreach_list")


@login_required
@require_POST
def import_discard(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.prospect_import_for(viewer, import_id)
    services.prospect_import_discard(viewer=viewer, batch=batch)
    messages.info(request, _("The import was discarded; no company was added."))
    return redirect("companies:import_upload")

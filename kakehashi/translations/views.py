from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kakehashi.core.exports import CONTENT_TYPES
from kakehashi.core.multilingual.text import content_languages, language_name
from kakehashi.core.permissions import require, viewer_for
from kakehashi.translations import selectors, services, workbook
from kakehashi.translations.forms import TranslationUploadForm
from kakehashi.translations.models import ImportStatus
from kakehashi.translations.registry import translated_model
from kakehashi.translations.rules import can_manage_content_translations

PREVIEW_ROWS = 300


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What is left to translate, per kind of content and language, with a workbook to send a translator."""
    viewer = viewer_for(request)
    gaps = selectors.translation_gaps(viewer)
    # Named in the reader's language: the names stand in sentences ("Workbook of what lacks Mongolian").
    totals = [
        (code, language_name(code), sum(gap.missing[code] for gap in gaps)) for code in content_languages()
    ]
    return render(
        request,
        "translations/overview.html",
        {"gaps": gaps, "totals": totals, "form": TranslationUploadForm()},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    language = request.GET.get("missing") or None
    if language not in (None, *content_languages()):
        language = None
    model_key = request.GET.get("record") or None
    if model_key and translated_model(model_key) is None:
        model_key = None
    content = workbook.build(selectors.rows_to_translate(viewer, language=language, model_key=model_key))
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    name = f"translations-{language or 'all'}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(can_manage_content_translations(viewer))
    form = TranslationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            if file.size > workbook.MAX_BYTES:
                raise ValidationError(
                    _("The file is larger than %(mb)s MB.") % {"mb": workbook.MAX_BYTES // 1024**2}
                )
            batch = services.translation_import_preview(
                viewer=viewer, file_name=file.name, content=file.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("translations:preview", batch.pk)
    return render(request, "translations/upload.html", {"form": form})


@login_required
def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.import_for(viewer, import_id)
    names = {code: language_name(code) for code in content_languages()}
    return render(
        request,
        "translations/preview.html",
        {
            "batch": batch,
            "shown": [
                {
                    **change,
                    "language_name": names.get(change["language"], change["language"]),
                }
                for change in batch.changes[:PREVIEW_ROWS]
            ],
            "hidden": max(0, len(batch.changes) - PREVIEW_ROWS),
            "can_apply": batch.status == ImportStatus.PREVIEW and not batch.errors and batch.changes,
        },
    )


@login_required
@require_POST
def apply(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.import_for(viewer, import_id)
    try:
        count = services.translation_import_apply(viewer=viewer, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d translation was saved.", "%(count)d translations were saved.", count)
            % {"count": count},
        )
    return redirect("translations:preview", batch.pk)


@login_required
@require_POST
def discard(request: HttpRequest, import_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    batch = selectors.import_for(viewer, import_id)
    services.translation_import_discard(viewer=viewer, batch=batch)
    messages.info(request, _("The import was discarded; nothing was changed."))
    return redirect("translations:overview")

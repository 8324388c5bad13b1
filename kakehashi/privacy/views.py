import json
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.exports import csv_writer
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.core.query_params import id_param
from kakehashi.privacy import rules, selectors, services
from kakehashi.privacy.fields import mask
from kakehashi.privacy.forms import DeletionDecisionForm, DeletionRequestForm, PersonalRecordForm
from kakehashi.privacy.models import ConsentKind, DeletionStatus, PersonalRecord

# How many of the latest reads of a person's own data their "My data" page lists.
MY_READS = 20


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/mfa_required.html")


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.own_record(viewer)
    return render(
        request,
        "privacy/my_data.html",
        {
            "consents": selectors.consent_overview(viewer),
            "record": record,
            "masked": _masked(record),
            "reads": selectors.with_reader_organizations(selectors.reads_of_my_data(viewer)[:MY_READS]),
            "limit": MY_READS,
            "deletion_requests": selectors.my_deletion_requests(viewer),
        },
    )


def _masked(record: PersonalRecord | None) -> list[tuple[str, str, str]]:
    """(field, label, masked value) for each sensitive field."""
    if record is None:
        return []
    rows = []
    for name in PersonalRecord.SENSITIVE_FIELDS:
        label = str(PersonalRecord._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        rows.append((name, label, mask(getattr(record, name))))
    return rows


@login_required
def consent_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(request, "privacy/consent_list.html", {"consents": selectors.consent_overview(viewer)})


@login_required
@require_POST
def consent_give(request: HttpRequest, kind: str) -> HttpResponse:
    viewer = viewer_for(request)
    text = selectors.consent_text_for(kind)
    try:
        services.consent_give(user=viewer.user, text=text)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you: your consent is recorded. You can withdraw it here at any time.")
        )
    return redirect("privacy:consent_list")


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, kind: str) -> HttpResponse:
    viewer = viewer_for(request)
    selectors.consent_text_for(kind)
    services.consent_withdraw(user=viewer.user, kind=kind)
    messages.info(request, _("Your consent is withdrawn. Actions that need it are no longer possible."))
    return redirect("privacy:consent_list")


@login_required
def record_edit(request: HttpRequest) -> HttpResponse:
    """The person's own sensitive record. The form starts empty: stored values are never sent back."""
    viewer = viewer_for(request)
    record = selectors.own_record(viewer)
    has_consent = services.has_consent(viewer.user, ConsentKind.SENSITIVE_DATA)
    form = PersonalRecordForm(request.POST or None, initial={"version": record.version if record else 0})
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name in PersonalRecord.SENSITIVE_FIELDS
            if form.cleaned_data[name]
        }
        try:
            services.personal_record_update(
                viewer=viewer, user=viewer.user, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your record is saved, encrypted."))
            return redirect("privacy:my_data")
    return render(
        request,
        "privacy/record_form.html",
        {"form": form, "masked": _masked(record), "has_consent": has_consent},
    )


@login_required
def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.record_for(viewer, record_id)
    revealed: dict[str, str] = {}
    if request.method == "POST":
        field = request.POST.get("field", "")
        if field in PersonalRecord.SENSITIVE_FIELDS:
            revealed[field] = services.reveal(viewer, record, field)
    rows = [(name, label, revealed.get(name), value) for name, label, value in _masked(record)]
    response = render(request, "privacy/record_detail.html", {"record": record, "rows": rows})
    return response


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """A download, asked for with a form (POST): no link prefetch or crawler triggers it."""
    viewer = viewer_for(request)
    data = services.export_personal_data(viewer.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kakehashi-my-data-{day}.json"'
    return response


@login_required
def deletion_request(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_request_create(user=viewer.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request is sent. The program office will answer it."))
        return redirect("privacy:my_data")
    return render(request, "privacy/deletion_request.html", {"form": form})


@login_required
def deletion_request_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    status = request.GET.get("status", DeletionStatus.PENDING)
    requests = selectors.deletion_requests(viewer, status=status)
    return render(
        request,
        "privacy/deletion_request_list.html",
        {"page": paginate(request, requests), "status": status, "statuses": DeletionStatus.choices},
    )


@login_required
def deletion_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    deletion = selectors.deletion_request_for(viewer, request_id)
    form = DeletionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.deletion_request_approve(viewer=viewer, request=deletion)
                messages.success(request, _("The person's data was anonymised."))
            else:
                services.deletion_request_reject(
                    viewer=viewer, request=deletion, reason=form.cleaned_data["rejection_reason"]
                )
                messages.info(request, _("The request was rejected; the person sees your reason."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("privacy:deletion_request_list")
    return render(
        request,
        "privacy/deletion_request_decide.html",
        {"deletion": deletion, "form": form, "can_decide": rules.can_handle_deletion_requests(viewer)},
    )


# --- the audit of sensitive reads ----------------------------------------------------------------


def _date_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _audit_filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "subject_id": id_param(request.GET, "subject"),
        "reader_id": id_param(request.GET, "reader"),
        "field": request.GET.get("field", "").strip(),
        "since": _date_or_none(request.GET.get("from", "")),
        "until": _date_or_none(request.GET.get("to", "")),
        "search": request.GET.get("q", "").strip(),
    }


@login_required
def sensitive_read_list(request: HttpRequest) -> HttpResponse:
    """Who read whose sensitive data in clear, and when: never the values (they are not kept)."""
    viewer = viewer_for(request)
    filters = _audit_filters(request)
    reads = selectors.sensitive_reads(viewer, **filters)
    page = paginate(request, reads)
    page.object_list = selectors.with_reader_organizations(page.object_list)
    person = reader = None
    wanted = {filters["subject_id"], filters["reader_id"]} - {None}
    if wanted:
        people = selectors.audited_people(viewer, wanted)  # type: ignore[arg-type]
        person = people.get(filters["subject_id"] or 0)
        reader = people.get(filters["reader_id"] or 0)
    context = {
        "page": page,
        "filters": filters,
        "fields": selectors.sensitive_read_fields(viewer),
        "person": person,
        "reader": reader,
        "filtered": any(value not in (None, "") for value in filters.values()),
    }
    template = "privacy/sensitive_read_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def sensitive_read_export(request: HttpRequest) -> HttpResponse:
    """The same list, with the same filters, as a CSV file (UTF-8 with a BOM, for Excel)."""
    viewer = viewer_for(request)
    reads = selectors.sensitive_reads(viewer, **_audit_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kakehashi-sensitive-reads-{day}.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)  # text that would run as a formula is written as text
    writer.writerow(
        [
            _("When"),
            _("Whose data"),
            _("Read by"),
            _("Organization of the reader"),
            _("Kind of record"),
            _("Which field"),
        ]
    )
    for read in selectors.with_reader_organizations(reads.iterator(chunk_size=500)):
        writer.writerow(
            (
                timezone.localtime(read.read_at).isoformat(timespec="seconds"),
                read.subject.display_name if read.subject else "",
                read.reader.display_name if read.reader else "",
                ", ".join(read.reader_organizations),  # type: ignore[attr-defined]
                read.record_label,
                read.field_label,
            )
        )
    return response

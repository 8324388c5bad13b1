"""Pages of host companies: the public call, the pipeline, readiness, seminars, network support."""

import os
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.companies import prospect_import, rules, selectors, services
from kakehashi.companies.forms import (
    ActivityForm,
    AnswerForm,
    CommentForm,
    InterestForm,
    MoveForm,
    OutreachCompanyForm,
    ProfileForm,
    ProspectImportForm,
    ReadinessItemForm,
    ReviewForm,
    SeminarForm,
    StatusForm,
    SupportRequestForm,
)
from kakehashi.companies.models import (
    ActivityKind,
    ImportStatus,
    Industry,
    OutreachActivity,
    OutreachCompany,
    Stage,
    SupportStatus,
)
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for

INTEREST_SALT = "kakehashi.companies.interest"


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- the public call -----------------------------------------------------------------------------


def public_call(request: HttpRequest) -> HttpResponse:
    """The call for host companies: no sign-in; the form makes a prospect of the company."""
    program = services.open_call_program()
    form = InterestForm(
        request.POST or None, initial={"started": signing.dumps(time.time(), salt=INTEREST_SALT)}
    )
    if request.method == "POST" and program is not None and form.is_valid():
        data = form.cleaned_data
        if data.get("homepage"):
            # A robot filled the hidden field: thank it and keep nothing.
            return redirect("companies:public_thanks")
        try:
            started = float(
                signing.loads(data["started"], salt=INTEREST_SALT, max_age=services.MAX_FORM_AGE_SECONDS)
            )
        except (signing.BadSignature, TypeError, ValueError):
            started = 0.0
        if services.interest_form_too_fast(started):
            form.add_error(None, _("Please take a moment to check the form, then send it again."))
            fresh = request.POST.copy()
            fresh["started"] = signing.dumps(time.time(), salt=INTEREST_SALT)
            form.data = fresh
        elif services.interest_rate_limited(request.META.get("REMOTE_ADDR", "")):
            form.add_error(
                None, _("Too many forms were sent from your network. Please try again in an hour.")
            )
        else:
            try:
                services.interest_submit(
                    program=program, data=data, language=translation.get_language() or "ja"
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("companies:public_thanks")
    return render(request, "companies/public_call.html", {"form": form, "program": program})


def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "companies/public_thanks.html")


# --- dashboard -----------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    data = selectors.dashboard(viewer)
    return render(
        request,
        "companies/dashboard.html",
        {"data": data, "show_names": rules.can_see_names_on_dashboard(viewer)},
    )


# --- the pipeline --------------------------------------------------------------------------------


def _board_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    return {
        "columns": selectors.pipeline_board(viewer, search=search),
        "stages": Stage.choices,
        "search": search,
        "can_edit": rules.can_edit_pipeline(viewer),
        **extra,
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    template = "companies/board.html"
    if _htmx(request):
        template += "#board"
    return render(request, template, _board_context(request))


@login_required
@require_POST
def outreach_move(request: HttpRequest, company_id: int) -> HttpResponse:
    """Move a company to another stage: a plain form, or htmx that redraws the board."""
    viewer = viewer_for(request)
    company = selectors.outreach_company_for(viewer, company_id)
    form = MoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose a stage.")
    else:
        try:
            services.outreach_company_move(viewer=viewer, company=company, stage=form.cleaned_data["stage"])
        except ValidationError as problem:
            error = " ".join(problem.messages)
    if _htmx(request):
        notice = error or _("%(company)s moved to %(stage)s.") % {
            "company": company.name,
            "stage": Stage(form.cleaned_data["stage"]).label,
        }
        return render(
            request, "companies/board.html#board", _board_context(request, notice=notice, error=bool(error))
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(company)s moved to %(stage)s.")
            % {"company": company.name, "stage": Stage(form.cleaned_data["stage"]).label},
        )
    if request.POST.get("next") == "detail":
        return redirect(company)
    return redirect("companies:board")


@login_required
def outreach_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    industry = request.GET.get("industry", "")
    overdue = request.GET.get("overdue") == "1"
    companies = selectors.outreach_companies(
        viewer, search=search, stage=stage, industry=industry, overdue=overdue
    )
    context = {
        "page": paginate(request, companies),
        "search": search,
        "stage": stage,
        "industry": industry,
        "overdue": overdue,
        "stages": Stage.choices,
        "industries": Industry.choices,
        "can_edit": rules.can_edit_pipeline(viewer),
    }
    template = "companies/outreach_list.html"
    if _htmx(request):
        template += "#results"
    return render(request, template, context)


@login_required
def outreach_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    """The company's card and its activity log; POST adds an activity."""
    viewer = viewer_for(request)
    company = selectors.outreach_company_for(viewer, company_id)
    can_edit = rules.can_edit_pipeline(viewer)
    form = ActivityForm(request.POST or None, initial={"kind": ActivityKind.VISIT})
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                services.activity_add(viewer=viewer, company=company, activity=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The activity was saved."))
                return redirect(company)
    return render(
        request,
        "companies/outreach_detail.html",
        {
            "company": company,
            "activities": selectors.activities_of(company),
            "form": form,
            "move_form": MoveForm(initial={"stage": company.stage}),
            "can_edit": can_edit,
        },
    )


@login_required
def outreach_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_edit_pipeline(viewer))
    company = OutreachCompany(program=viewer.program) if viewer.program else OutreachCompany()
    return _outreach_form(request, company)


@login_required
def outreach_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    company = selectors.outreach_company_for(viewer, company_id)
    require(rules.can_edit_pipeline(viewer))
    return _outreach_form(request, company)


def _outreach_form(request: HttpRequest, company: OutreachCompany) -> HttpResponse:
    viewer = viewer_for(request)
    organizations = selectors.linkable_organizations(viewer, company) if company.program_id else None
    form = OutreachCompanyForm(request.POST or None, instance=company, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.outreach_company_save(viewer=viewer, company=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company was saved."))
            return redirect(saved)
    return render(request, "companies/outreach_form.html", {"form": form, "company": company})


@login_required
@require_POST
def activity_done(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    try:
        activity = OutreachActivity.objects.select_related("company").get(pk=activity_id)
    except OutreachActivity.DoesNotExist:
        raise Http404 from None
    company = selectors.outreach_company_for(viewer, activity.company_id)
    services.activity_mark_done(viewer=viewer, activity=activity)
    messages.success(request, _("The next step is marked as done."))
    return redirect(company)


# --- import --------------------------------------------------------------------------------------


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
    return render(request, "companies/import_upload.html", {"form": form, "columns": prospect_import.COLUMNS})


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


# --- companies and readiness ---------------------------------------------------------------------


@login_required
def my_company(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    ids = selectors.my_company_ids(viewer)
    if not ids:
        raise Http404
    return redirect("companies:readiness", ids[0])


@login_required
def profile(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    return render(
        request,
        "companies/profile.html",
        {
            "organization": organization,
            "profile": selectors.profile_of(organization),
            "can_edit": rules.can_edit_company(viewer, organization.pk),
            "ready": selectors.is_company_ready(organization),
        },
    )


@login_required
def profile_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_edit_company(viewer, organization.pk))
    form = ProfileForm(request.POST or None, instance=selectors.profile_of(organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(viewer=viewer, profile=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company profile was saved."))
            return redirect("companies:profile", organization.pk)
    return render(request, "companies/profile_form.html", {"form": form, "organization": organization})


@login_required
def readiness(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    return render(
        request,
        "companies/readiness.html",
        {
            "organization": organization,
            "readiness": selectors.readiness_of(viewer, organization),
            "can_answer": rules.can_answer_readiness(viewer, organization.pk),
            "can_verify": rules.can_verify_readiness(viewer),
            "review_form": ReviewForm(),
        },
    )


@login_required
def certificate(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The readiness certificate, once the company is ready; before that there is none (404)."""
    from kakehashi.companies.documents import readiness_certificate_pdf

    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    state = selectors.readiness_of(viewer, organization)
    if not state.ready:
        raise Http404
    response = HttpResponse(readiness_certificate_pdf(state), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="readiness-{organization.key}.pdf"'
    return response


@login_required
def answer_edit(request: HttpRequest, organization_id: int, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_answer_readiness(viewer, organization.pk))
    item = selectors.readiness_item_for(item_id)
    answer = organization.readiness_answers.filter(item=item).first()
    form = AnswerForm(
        request.POST or None, request.FILES or None, initial={"text": answer.text if answer else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_submit(
                viewer=viewer,
                organization=organization,
                item=item,
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data.get("evidence") or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error("evidence" if form.cleaned_data.get("evidence") else None, error)
        else:
            messages.success(request, _("Your answer was sent for verification."))
            return redirect("companies:readiness", organization.pk)
    return render(
        request,
        "companies/answer_form.html",
        {"organization": organization, "item": item, "answer": answer, "form": form},
    )


@login_required
@require_POST
def answer_review(request: HttpRequest, organization_id: int, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    require(rules.can_verify_readiness(viewer))
    answer = selectors.answer_for(viewer, organization, item_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verify or return."))
    else:
        try:
            services.answer_review(
                viewer=viewer,
                answer=answer,
                verify=form.cleaned_data["decision"] == "verify",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if form.cleaned_data["decision"] == "verify":
                messages.success(request, _("The answer was verified."))
            else:
                messages.success(request, _("The answer was returned to the company with your comment."))
    return redirect("companies:readiness", organization.pk)


@login_required
def answer_file(request: HttpRequest, organization_id: int, item_id: int) -> FileResponse:
    viewer = viewer_for(request)
    organization = selectors.company_for(viewer, organization_id)
    answer = selectors.answer_for(viewer, organization, item_id)
    if not answer.evidence:
        raise Http404
    return FileResponse(
        answer.evidence.open("rb"), as_attachment=True, filename=os.path.basename(answer.evidence.name or "")
    )


@login_required
def verify_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.answers_to_verify(viewer))
    return render(request, "companies/verify_queue.html", {"page": page})


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(request, "companies/item_list.html", {"items": selectors.readiness_items(viewer)})


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    item = selectors.readiness_item_to_edit(viewer, item_id)
    form = ReadinessItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_item_save(viewer=viewer, item=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The readiness item was saved."))
            return redirect("companies:item_list")
    return render(request, "companies/item_form.html", {"form": form, "item": item})


# --- seminars ------------------------------------------------------------------------------------


@login_required
def seminar_list(request: HttpRequest) -> HttpResponse:
    """Seminars of the program; POST adds one."""
    viewer = viewer_for(request)
    seminars = selectors.seminars(viewer)
    can_edit = rules.can_edit_pipeline(viewer)
    form = SeminarForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                seminar = services.seminar_save(viewer=viewer, seminar=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The seminar was added."))
                return redirect("companies:seminar_detail", seminar.pk)
    return render(
        request,
        "companies/seminar_list.html",
        {"page": paginate(request, seminars), "form": form, "can_edit": can_edit},
    )


@login_required
def seminar_detail(request: HttpRequest, seminar_id: int) -> HttpResponse:
    """Who attended; POST saves the ticked companies."""
    viewer = viewer_for(request)
    seminar = selectors.seminar_for(viewer, seminar_id)
    can_edit = rules.can_edit_pipeline(viewer)
    if request.method == "POST":
        require(can_edit)
        ids = [int(value) for value in request.POST.getlist("company") if value.isdigit()]
        services.seminar_attendance_set(viewer=viewer, seminar=seminar, company_ids=ids)
        messages.success(request, _("The attendance was saved."))
        return redirect("companies:seminar_detail", seminar.pk)
    attended = set(seminar.attendees.values_list("pk", flat=True))
    companies = selectors.outreach_companies(viewer).select_related(None).only("pk", "name_ja", "name_en")
    return render(
        request,
        "companies/seminar_detail.html",
        {"seminar": seminar, "companies": companies, "attended": attended, "can_edit": can_edit},
    )


# --- network support -----------------------------------------------------------------------------


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    context = {
        "page": paginate(request, selectors.support_requests(viewer, status=status, search=search)),
        "status": status,
        "search": search,
        "statuses": SupportStatus.choices,
        "can_create": rules.can_create_support_request(viewer),
    }
    template = "companies/support_list.html"
    if _htmx(request):
        template += "#results"
    return render(request, template, context)


@login_required
def support_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_create_support_request(viewer))
    form = SupportRequestForm(request.POST or None, organizations=selectors.requester_organizations(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.support_request_create(
                viewer=viewer, requester=form.cleaned_data["requester"], request=form.save(commit=False)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request was sent to %(telecom)s.") % {"telecom": created.telecom.name},
            )
            return redirect(created)
    return render(request, "companies/support_form.html", {"form": form})


@login_required
def support_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """The request and its comments; POST adds a comment."""
    viewer = viewer_for(request)
    support = selectors.support_request_for(viewer, request_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_comment_add(viewer=viewer, request=support, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(support)
    can_handle = rules.can_handle_support_request(viewer, support.telecom_id)
    can_close = rules.can_close_support_request(viewer, support.requester_id, support.telecom_id)
    statuses = [
        (value, label)
        for value, label in SupportStatus.choices
        if value != support.status and (can_handle or (can_close and value == SupportStatus.CLOSED))
    ]
    return render(
        request,
        "companies/support_detail.html",
        {
            "support": support,
            "comments": support.comments.select_related("author"),
            "form": form,
            "statuses": statuses if support.status != SupportStatus.CLOSED else [],
        },
    )


@login_required
@require_POST
def support_status(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    support = selectors.support_request_for(viewer, request_id)
    form = StatusForm(request.POST)
    status_field = form.fields["status"]
    status_field.choices = SupportStatus.choices  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(support)
    try:
        services.support_status_set(viewer=viewer, request=support, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status of the request was changed."))
    return redirect(support)

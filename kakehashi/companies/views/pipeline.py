"""The outreach pipeline: the board of companies by stage (moved by a form or htmx), the filtered list,
a company's card with its activity log, a company created or edited, and a next step marked as done.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.companies import rules, selectors, services
from kakehashi.companies.forms import ActivityForm, MoveForm, OutreachCompanyForm
from kakehashi.companies.models import ActivityKind, Industry, OutreachActivity, OutreachCompany, Stage
from kakehashi.companies.views._common import _htmx
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for


def _board_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    return {
        "columns": selectors.pipeline_board(viewer, search=search),
        "stages": Stage.choices,
        "search": search,
        "can_edit": rules.can_edit_pipeline(viewer),
        # The same rule as the verification queue's own (its selector requires it).
        "can_verify": rules.can_verify_readiness(viewer),
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
        # The same rule as the verification queue's own (its selector requires it).
        "can_verify": rules.can_verify_readiness(viewer),
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

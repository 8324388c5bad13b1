"""Cases: the list of the cases a person may see, the intern's own case, a case's page (checklist,
check-ins, alerts, incidents, evaluations) and the board of every case's checklist by owner."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.core.query_params import id_param
from kakehashi.operations import rules, selectors
from kakehashi.operations.models import CaseStage, EvaluationKind


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    cases = selectors.case_list(viewer, search=search, stage=stage)
    context = {
        "page": paginate(request, cases),
        "search": search,
        "stage": stage,
        "stages": [(s.value, s.label) for s in CaseStage if s != CaseStage.CANCELLED],
        "today": timezone.localdate(),
        "can_see_board": rules.can_see_board(viewer),
        "can_see_alerts": rules.can_see_alerts(viewer),
        "can_edit_items": rules.can_edit_support_items(viewer),
    }
    template = "operations/case_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def my_case(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_list_cases(viewer))
    case = selectors.my_case(viewer)
    if case is not None:
        return redirect(case)
    return render(request, "operations/my_case.html", {})


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    today = timezone.localdate()
    tasks = selectors.tasks_of(case)
    can_read_diary = rules.can_read_diary(viewer, case)
    from kakehashi.agreements.selectors import agreement_of, status_text  # the agreement's app reads cases

    return render(
        request,
        "operations/case_detail.html",
        {
            "case": case,
            "today": today,
            "stage": CaseStage(case.stage_on(today)).label,
            "tasks": [
                (task, rules.can_update_task(viewer, task), task.is_overdue_on(today)) for task in tasks
            ],
            "checkins": case.checkins.all()[:7],
            "alerts": case.alerts.all()[:5],
            "incidents": case.incidents.all(),
            "evaluations": case.evaluations.select_related("author") if can_read_diary else [],
            "can_read_diary": can_read_diary,
            "is_intern": rules.is_intern(viewer, case),
            "can_see_sensitive": rules.can_see_sensitive(viewer, case),
            "can_edit_stay": rules.can_edit_stay(viewer, case),
            "can_evaluate_intern": rules.can_evaluate(viewer, case, EvaluationKind.OF_INTERN),
            "can_evaluate_company": rules.can_evaluate(viewer, case, EvaluationKind.OF_COMPANY),
            # Who reads the diary reads the agreement (kakehashi.agreements.rules.can_read).
            "agreement_status": status_text(agreement_of(case)) if can_read_diary else None,
        },
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    round_ref = request.GET.get("round", "")
    blocked_only = request.GET.get("blocked") == "1"
    data = selectors.board(viewer, round_ref=id_param(request.GET, "round"), blocked_only=blocked_only)
    from kakehashi.agreements.selectors import attach_statuses

    page = paginate(request, data["cases"], count=data["count"])
    page.object_list = list(page.object_list)
    selectors.attach_board_items(page.object_list)  # one query: each case's first open items
    attach_statuses(page.object_list)  # one query: each case's agreement status
    context = {
        "page": page,
        "by_owner": data["by_owner"],
        "today": data["today"],
        "round": round_ref,
        "blocked_only": blocked_only,
    }
    return render(request, "operations/board.html", context)

"""The living-support checklist: updating one task of a case, and the program's list of support
items that new cases copy (listing and editing them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.permissions import require, viewer_for
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.forms import SupportItemForm, TaskForm
from kakehashi.operations.views._common import _add_errors


@login_required
def task_edit(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_for(viewer, case_id)
    task = selectors.task_for(viewer, case, task_id)
    require(rules.can_update_task(viewer, task))
    initial = {"status": task.status, "evidence": task.evidence, "blocked_reason": task.blocked_reason}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(viewer=viewer, task=task, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The checklist item was updated."))
            return redirect(case)
    return render(request, "operations/task_edit.html", {"case": case, "task": task, "form": form})


@login_required
def support_item_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(request, "operations/support_item_list.html", {"items": selectors.support_items_of(viewer)})


@login_required
def support_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    item = selectors.support_item_for(viewer, item_id)
    form = SupportItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_item_save(viewer=viewer, item=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The support item was saved. New cases use it from now on."))
            return redirect("operations:support_item_list")
    return render(request, "operations/support_item_edit.html", {"item": item, "form": form})

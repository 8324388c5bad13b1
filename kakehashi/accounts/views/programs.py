from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import selectors, services
from kakehashi.accounts.forms import ProgramForm
from kakehashi.accounts.models import Program
from kakehashi.core.multilingual.query import translated_order
from kakehashi.core.permissions import (
    Viewer,
    can_create_program,
    can_manage_program,
    require,
    viewer_for,
)
from kakehashi.core.query_params import id_param


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(
        request,
        "accounts/program_list.html",
        {"programs": selectors.programs_visible_to(viewer), "can_create": can_create_program(viewer)},
    )


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_for(viewer, program_id)
    participants = program.organizations.order_by("kind", translated_order("name"))
    return render(
        request,
        "accounts/program_detail.html",
        {
            "program": program,
            "participants": participants,
            "can_edit": can_manage_program(viewer, program),
            "is_current": viewer.program is not None and viewer.program.pk == program.pk,
        },
    )


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(can_create_program(viewer))
    return _program_form(request, viewer, Program())


@login_required
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    program = selectors.program_for(viewer, program_id)
    require(can_manage_program(viewer, program))
    return _program_form(request, viewer, program)


def _program_form(request: HttpRequest, viewer: Viewer, program: Program) -> HttpResponse:
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.program_save(viewer=viewer, program=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The program was saved."))
            return redirect(saved)
    return render(request, "accounts/program_form.html", {"form": form, "program": program})


@login_required
@require_POST
def program_switch(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    program_id = id_param(request.POST, "program")
    if program_id is None:
        messages.error(request, _("Choose a program."))
        return redirect("core:home")
    program = selectors.program_for(viewer, program_id)
    services.program_switch(request=request, viewer=viewer, program=program)
    messages.success(request, _("You are now working in “%(program)s”.") % {"program": program.title})
    return redirect("core:home")

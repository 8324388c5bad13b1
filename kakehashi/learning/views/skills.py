"""Skills: a learner's skill profile, and the skill list the program office edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.forms import SkillForm


@login_required
def my_skills(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_study(viewer))
    return render(request, "learning/my_skills.html", {"profile": selectors.skill_profile(viewer.user)})


@login_required
def skill_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.skills_for_editing(viewer), per_page=100)
    return render(request, "learning/skill_list.html", {"page": page})


@login_required
def skill_edit(request: HttpRequest, skill_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    skill = selectors.skills_for_editing(viewer).filter(pk=skill_id).first()
    if skill is None:
        raise Http404
    form = SkillForm(request.POST or None, instance=skill)
    if request.method == "POST" and form.is_valid():
        services.skill_save(viewer=viewer, skill=form.save(commit=False))
        messages.success(request, _("The skill was saved."))
        return redirect("learning:skill_list")
    return render(request, "learning/form.html", {"form": form, "title": _("Edit the skill")})

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.models import Organization
from kakehashi.core.permissions import require, viewer_for
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind
from kakehashi.talent import rules, selectors, services
from kakehashi.talent.forms import InviteForm, JoinForm, PoolFilterForm

PAGE_SIZE = 20


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The student's side: join or update, who viewed, invitations to answer."""
    viewer = viewer_for(request)
    profile = selectors.my_profile(viewer)
    in_pool = (
        profile is not None and profile.listed and privacy.has_consent(viewer.user, ConsentKind.TALENT_POOL)
    )
    form = JoinForm(
        request.POST or None, instance=profile, initial={"headline_language": request.LANGUAGE_CODE}
    )
    if privacy.has_consent(viewer.user, ConsentKind.TALENT_POOL):
        del form.fields["agree"]  # agreed already: updating the profile does not ask again
    if request.method == "POST" and form.is_valid():
        try:
            services.talent_join(
                viewer=viewer,
                graduation_on=form.cleaned_data["graduation_on"],
                headline=form.cleaned_data["headline"],
                headline_language=form.cleaned_data["headline_language"],
                listed=form.cleaned_data["listed"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your talent-pool profile is saved."))
            return redirect("talent:mine")
    return render(
        request,
        "talent/mine.html",
        {
            "profile": profile,
            "in_pool": in_pool,
            "form": form,
            "consent_text": privacy.current_text(ConsentKind.TALENT_POOL),
            "views": selectors.views_of(profile)[:50] if profile else [],
            "invitations": selectors.invitations_of(profile) if profile else [],
        },
    )


@login_required
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    services.talent_leave(viewer=viewer_for(request))
    messages.info(request, _("You left the talent pool. Companies no longer find you."))
    return redirect("talent:mine")


@login_required
@require_POST
def answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    invitation = selectors.invitation_for_student(viewer, invitation_id)
    try:
        services.talent_invitation_answer(
            viewer=viewer, invitation=invitation, accept=request.POST.get("accept") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("talent:mine")


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    """The companies' side: everyone in the pool, filtered, a page at a time."""
    viewer = viewer_for(request)
    require(rules.can_search(viewer))
    filters_form = PoolFilterForm(request.GET or None)
    filters = selectors.PoolFilters()
    if filters_form.is_valid():
        data = filters_form.cleaned_data
        filters = selectors.PoolFilters(
            search=data["q"] or "",
            skill=data["skill"].pk if data["skill"] else None,
            japanese_at_least=data["japanese"] or "",
            graduating_by=data["graduating_by"],
        )
    page = Paginator(selectors.pool_search(viewer, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/pool.html",
        {"page": page, "profiles": selectors.with_evidence(list(page.object_list)), "filters": filters_form},
    )


@login_required
def profile(request: HttpRequest, profile_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    found = selectors.profile_for(viewer, profile_id)
    services.talent_profile_viewed(viewer=viewer, profile=found)
    companies = Organization.objects.filter(pk__in=rules.inviting_company_ids(viewer))
    form = InviteForm(request.POST or None, companies=companies, initial={"company": companies.first()})
    if request.method == "POST":
        require(rules.can_invite(viewer))
        if form.is_valid():
            try:
                services.talent_invite(
                    viewer=viewer,
                    profile=found,
                    company=form.cleaned_data["company"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The invitation was sent. You will be told when they answer."))
                return redirect("talent:profile", found.pk)
    return render(
        request,
        "talent/profile.html",
        {
            "profile": selectors.with_evidence([found])[0],
            "form": form if rules.can_invite(viewer) and found.user_id != viewer.user.pk else None,
        },
    )


@login_required
def invitations_sent(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = Paginator(selectors.invitations_sent(viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talent/invitations_sent.html", {"page": page})

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.models import Organization
from kakehashi.careers import rules, selectors, services
from kakehashi.careers.forms import (
    AlumniProfileForm,
    HireForm,
    JobChangeForm,
    OfferForm,
    ResidencePeriodForm,
    RetentionForm,
)
from kakehashi.careers.models import AlumniProfile, OfferStatus
from kakehashi.core.multilingual.query import translated_order
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for


def _add_errors(form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    offers = selectors.offers_visible_to(viewer, status=status, search=search)
    return render(
        request,
        "careers/offer_list.html",
        {
            "page": paginate(request, offers),
            "status": status,
            "search": search,
            "statuses": OfferStatus.choices,
            "can_make_offers": rules.can_make_offers(viewer),
            "hires": selectors.hires_visible_to(viewer)[:20],
        },
    )


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_make_offers(viewer))
    companies = Organization.objects.filter(pk__in=rules.admin_company_ids(viewer)).order_by(
        translated_order("name")
    )
    form = OfferForm(request.POST or None, companies=companies, students=services.offer_students(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(viewer=viewer, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The offer was sent to the student."))
            return redirect(offer)
    return render(request, "careers/offer_form.html", {"form": form})


@login_required
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    offer = selectors.offer_for(viewer, offer_id)
    return render(
        request,
        "careers/offer_detail.html",
        {
            "offer": offer,
            "hire": getattr(offer, "hire", None) if offer.status == OfferStatus.ACCEPTED else None,
            "can_respond": rules.can_respond(viewer, offer),
            "can_withdraw": rules.can_withdraw(viewer, offer),
        },
    )


@login_required
@require_POST
def offer_respond(request: HttpRequest, offer_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    offer = selectors.offer_for(viewer, offer_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.offer_respond(viewer=viewer, offer=offer, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if accept:
            messages.success(request, _("Congratulations! You accepted the offer."))
        else:
            messages.success(request, _("You declined the offer."))
    return redirect(offer)


@login_required
def offer_withdraw(request: HttpRequest, offer_id: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws."""
    viewer = viewer_for(request)
    offer = selectors.offer_for(viewer, offer_id)
    require(rules.can_withdraw(viewer, offer))
    if request.method == "POST":
        services.offer_withdraw(viewer=viewer, offer=offer)
        messages.success(request, _("The offer was withdrawn."))
        return redirect(offer)
    return render(request, "careers/offer_withdraw.html", {"offer": offer})


@login_required
def hire_detail(request: HttpRequest, hire_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    hire = selectors.hire_for(viewer, hire_id)
    can_update = rules.can_update_hire(viewer, hire)
    documents = list(hire.documents.all())
    form = None
    if can_update:
        initial = {
            "start_on": hire.start_on,
            "graduated_on": hire.graduated_on,
            "left_on": hire.left_on,
            "documents": [d.key for d in documents if d.done],
        }
        form = HireForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.hire_update(
                    viewer=viewer,
                    hire=hire,
                    start_on=data["start_on"],
                    graduated_on=data["graduated_on"],
                    left_on=data["left_on"],
                    done_keys=data["documents"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The hire was saved."))
                return redirect(hire)
    elif request.method == "POST":
        require(False)
    checks = [(check, rules.retention_side(viewer, check)) for check in hire.retention_checks.all()]
    periods = list(hire.residence_periods.all())
    return render(
        request,
        "careers/hire_detail.html",
        {
            "hire": hire,
            "documents": documents,
            "form": form,
            "checks": checks,
            "periods": periods,
            "renewal_due": services.renewal_due(periods[0] if periods else None) and hire.left_on is None,
            "job_change": getattr(hire, "job_change", None),
            "period_form": ResidencePeriodForm() if can_update else None,
            "job_change_form": JobChangeForm() if can_update and hire.left_on is None else None,
        },
    )


@login_required
def retention_answer(request: HttpRequest, check_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    check = selectors.retention_check_for(viewer, check_id)
    side = rules.retention_side(viewer, check)
    require(side is not None)
    assert side is not None
    form = RetentionForm(request.POST or None, side=side)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.retention_answer(
                viewer=viewer,
                check=check,
                satisfaction=data["satisfaction"],
                comment=data["comment"],
                still_employed=data.get("still_employed"),
                wants_to_stay=data.get("wants_to_stay"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect(check.hire)
    return render(request, "careers/retention_form.html", {"check": check, "form": form})


@login_required
def alumni_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    profiles = selectors.alumni_visible_to(viewer, search=search)
    return render(
        request,
        "careers/alumni_list.html",
        {
            "page": paginate(request, profiles),
            "search": search,
            "can_keep_profile": rules.can_keep_alumni_profile(viewer),
        },
    )


@login_required
def alumni_profile(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_keep_alumni_profile(viewer))
    profile = AlumniProfile.objects.filter(user=viewer.user).first()
    initial = (
        {"listed": profile.listed, "headline": profile.headline, "contact": profile.contact}
        if profile
        else {}
    )
    form = AlumniProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.alumni_profile_save(viewer=viewer, **form.cleaned_data)
        messages.success(request, _("Your alumni profile was saved."))
        return redirect("careers:alumni_list")
    return render(request, "careers/alumni_profile.html", {"form": form})


def _record_on_hire(
    request: HttpRequest, hire_id: int, form_class: Any, record: Any, done: str
) -> HttpResponse:
    """A follow-up record posted from the hire's page: the form checked, the service called, the outcome
    told on the hire's page."""
    viewer = viewer_for(request)
    hire = selectors.hire_for(viewer, hire_id)
    require(rules.can_update_hire(viewer, hire))
    form = form_class(request.POST)
    if not form.is_valid():
        _message_errors(request, ValidationError(form.errors))
        return redirect(hire)
    try:
        record(viewer=viewer, hire=hire, **form.cleaned_data)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, done)
    return redirect(hire)


@login_required
@require_POST
def residence_period_add(request: HttpRequest, hire_id: int) -> HttpResponse:
    return _record_on_hire(
        request,
        hire_id,
        ResidencePeriodForm,
        services.residence_period_add,
        _("The period of stay was recorded."),
    )


@login_required
@require_POST
def job_change_record(request: HttpRequest, hire_id: int) -> HttpResponse:
    return _record_on_hire(
        request,
        hire_id,
        JobChangeForm,
        services.job_change_record,
        _("The job change was recorded; the hire ends on that day."),
    )


def _message_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def hire_pack(request: HttpRequest, hire_id: int) -> HttpResponse:
    """The documents of the change of status of residence: the list and its status for everyone who sees
    the hire; POST generates them (the company's administrator, the program office)."""
    from kakehashi.careers.hire_pack import HIRE_PACK
    from kakehashi.careers.models import HirePack, HirePackStatus

    viewer = viewer_for(request)
    hire = selectors.hire_for(viewer, hire_id)
    can_build = rules.can_update_hire(viewer, hire)
    if request.method == "POST":
        require(can_build)
        try:
            services.hire_pack_request(viewer=viewer, hire=hire)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The documents are being generated. This page shows when they are ready.")
            )
        return redirect("careers:hire_pack", hire.pk)
    pack = HirePack.objects.filter(hire=hire).first()
    ready = pack is not None and pack.status == HirePackStatus.READY
    context = {
        "hire": hire,
        "pack": pack,
        "ready": ready,
        "can_build": can_build,
        "documents": [(document, ready) for document in HIRE_PACK],
    }
    template = "careers/hire_pack.html#status" if request.htmx else "careers/hire_pack.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def hire_pack_download(request: HttpRequest, hire_id: int) -> Any:
    from django.http import Http404

    from kakehashi.careers.models import HirePack, HirePackStatus
    from kakehashi.core.downloads import file_download

    viewer = viewer_for(request)
    hire = selectors.hire_for(viewer, hire_id)
    require(rules.can_update_hire(viewer, hire))
    pack = HirePack.objects.filter(hire=hire).first()
    if pack is None or pack.status != HirePackStatus.READY or not pack.file:
        raise Http404
    return file_download(pack.file, filename=f"hire-{hire.pk}.zip", content_type="application/zip")

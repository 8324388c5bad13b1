"""Thin views: build the viewer, parse, call a selector or a service, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import exports, interviews, rules, selectors, services
from kakehashi.internships.explain import student_lines
from kakehashi.internships.forms import (
    ApplicationForm,
    NominationForm,
    PhaseDatesForm,
    PhaseForm,
    PlaceForm,
    ReviewForm,
    RoundForm,
    RunForm,
    SlotForm,
)
from kakehashi.internships.models import (
    DATED_PHASES,
    InterviewOutcome,
    InterviewSlot,
    Nomination,
    Phase,
    Place,
    PlaceStatus,
    RoundPhase,
    RunStatus,
)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version(request: HttpRequest) -> int:
    """The version a ranking form was rendered with; a form without one counts as the oldest (0)."""
    try:
        return max(int(request.POST.get("version", "0")), 0)
    except ValueError:
        return 0


# --- rounds ------------------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.rounds_visible_to(viewer))
    return render(
        request,
        "internships/round_list.html",
        {"page": page, "can_create": rules.can_manage_rounds(viewer)},
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_manage_rounds(viewer))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(viewer=viewer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round was created."))
            return redirect(round_)
    return render(request, "internships/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    phases = {p.phase: p for p in RoundPhase.objects.filter(round=round_)}
    timeline = [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "dates": phases.get(phase),
            "state": "done" if round_.is_past(phase) else "current" if round_.phase == phase else "next",
        }
        for phase in DATED_PHASES
    ]
    context = {
        "round": round_,
        "timeline": timeline,
        "can_manage": rules.can_manage_round(viewer, round_),
        "can_apply": rules.can_apply(viewer, round_),
        "can_list_applicants": selectors.can_list_applicants(viewer),
        "is_company": bool(rules.company_ids(viewer)),
        "counts": selectors.application_counts(round_) if rules.can_manage_round(viewer, round_) else None,
    }
    return render(request, "internships/round_detail.html", context)


@login_required
def round_phase(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    phase_form = PhaseForm(initial={"phase": round_.phase})
    dates_form = PhaseDatesForm(prefix="dates")
    if request.method == "POST":
        if request.POST.get("action") == "dates":
            dates_form = PhaseDatesForm(request.POST, prefix="dates")
            if dates_form.is_valid():
                try:
                    services.phase_dates_save(viewer=viewer, round_=round_, **dates_form.cleaned_data)
                except ValidationError as error:
                    dates_form.add_error(None, error)
                else:
                    messages.success(request, _("The dates were saved."))
                    return redirect(round_)
        else:
            phase_form = PhaseForm(request.POST)
            if phase_form.is_valid():
                try:
                    services.round_set_phase(
                        viewer=viewer, round_=round_, phase=phase_form.cleaned_data["phase"]
                    )
                except ValidationError as error:
                    phase_form.add_error(None, error)
                else:
                    messages.success(request, _("The round moved to the new phase."))
                    return redirect(round_)
    return render(
        request,
        "internships/round_phase.html",
        {"round": round_, "phase_form": phase_form, "dates_form": dates_form},
    )


# --- places ------------------------------------------------------------------------------------------


@login_required
def place_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    page = paginate(request, selectors.places_of(viewer, round_, search=search, status=status))
    template = "internships/place_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "round": round_,
            "page": page,
            "search": search,
            "status": status,
            "statuses": PlaceStatus.choices,
            "can_write": bool(rules.company_ids(viewer)) and round_.phase == Phase.PLACES,
        },
    )


@login_required
def place_create(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    companies = sorted(rules.company_ids(viewer))
    require(bool(companies), _("Only host companies offer internship places."))
    from kakehashi.accounts.models import Organization

    place = Place(round=round_, company=Organization.objects.get(pk=companies[0]))
    return _place_form(request, viewer, place)


@login_required
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    require(rules.can_edit_place(viewer, place))
    return _place_form(request, viewer, place)


def _place_form(request: HttpRequest, viewer: Any, place: Place) -> HttpResponse:
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.place_save(viewer=viewer, place=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place was sent to the program office for review."))
            return redirect(saved)
    return render(
        request, "internships/place_form.html", {"form": form, "place": place, "round": place.round}
    )


@login_required
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    return render(
        request,
        "internships/place_detail.html",
        {
            "place": place,
            "can_edit": rules.can_edit_place(viewer, place),
            "can_review": rules.can_review_place(viewer, place),
            "is_owner": place.company_id in rules.company_ids(viewer),
        },
    )


@login_required
def place_review(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    require(rules.can_review_place(viewer, place))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_review(
                viewer=viewer,
                place=place,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review was saved and the company was told."))
            return redirect(place)
    return render(request, "internships/place_review.html", {"form": form, "place": place})


@login_required
def place_ranking(request: HttpRequest, place_id: int) -> HttpResponse:
    """The company ranks the confirmed nominees who ranked its place; equal numbers are ties."""
    viewer = viewer_for(request)
    place = selectors.own_place_for(viewer, place_id)
    if request.method == "POST":
        ranks: dict[int, int | None] = {}
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("rank-"):
                try:
                    ranks[int(key[5:])] = int(value) if value.strip() else None
                except ValueError:
                    messages.error(request, _("A rank is a whole number from 1."))
                    return redirect("internships:place_ranking", place_id=place.pk)
        try:
            services.company_ranking_save(
                viewer=viewer, place=place, ranks=ranks, expected_version=_version(request)
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your ranking was saved."))
        return redirect("internships:place_ranking", place_id=place.pk)
    candidates = selectors.candidates_for(viewer, place)
    candidates.sort(key=lambda row: (row[1] is None, row[1] or 0, row[0].name_latin))
    return render(
        request,
        "internships/place_ranking.html",
        {"place": place, "candidates": candidates, "can_rank": rules.can_rank_applicants(viewer, place)},
    )


@login_required
def place_not_placed(request: HttpRequest, place_id: int) -> HttpResponse:
    """After publication: the applicants the company ranked for its place who were not placed there."""
    viewer = viewer_for(request)
    place = selectors.own_place_for(viewer, place_id)
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.not_placed_for(viewer, place, search=search))
    template = "internships/place_not_placed.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "place": place,
            "page": page,
            "search": search,
            "published": bool(selectors.published_runs(place.round)),
        },
    )


# --- applications ------------------------------------------------------------------------------------


@login_required
def application_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
    application = selectors.my_application(viewer, round_)
    initial = {}
    if application is None:
        initial = {"name_latin": viewer.user.name_latin, "name_cyrillic": viewer.user.name_local}
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
        try:
            application = services.application_save(
                viewer=viewer,
                round_=round_,
                data=data,
                cv=form.cleaned_data.get("cv_upload"),
                consent=request.POST.get("consent") == "yes",
            )
            if "submit" in request.POST:
                services.application_submit(viewer=viewer, application=application)
                messages.success(request, _("Your application was submitted."))
            else:
                messages.success(request, _("Your application was saved as a draft."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("internships:my_ranking", round_id=round_.pk)
    return render(
        request,
        "internships/application_form.html",
        {
            "form": form,
            "round": round_,
            "application": application,
            **_consent_context(viewer),
        },
    )


def _consent_context(viewer: Any) -> dict[str, Any]:
    """The privacy app's current text of the consent to the transfer to Japan, and whether it is given."""
    from kakehashi.privacy import services as privacy
    from kakehashi.privacy.models import ConsentKind

    kind = ConsentKind.CROSS_BORDER_TRANSFER
    return {"consent_text": privacy.current_text(kind), "consent": privacy.active_consent(viewer.user, kind)}


@login_required
def my_ranking(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    application = selectors.my_application(viewer, round_)
    if application is None:
        require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
        messages.info(request, _("Write your application first; then rank the places."))
        return redirect("internships:application_edit", round_id=round_.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            place_id = int(request.POST.get("place", "0"))
        except ValueError:
            place_id = 0
        version = _version(request)
        try:
            if action == "add":
                place = Place.objects.filter(pk=place_id).first()
                if place is None:
                    raise Http404
                services.ranking_add(
                    viewer=viewer, application=application, place=place, expected_version=version
                )
            elif action in ("up", "down"):
                services.ranking_move(
                    viewer=viewer,
                    application=application,
                    place_id=place_id,
                    direction=action,
                    expected_version=version,
                )
            elif action == "remove":
                services.ranking_remove(
                    viewer=viewer, application=application, place_id=place_id, expected_version=version
                )
            elif action == "submit":
                services.application_submit(viewer=viewer, application=application)
                messages.success(request, _("Your application was submitted."))
        except ValidationError as error:
            _errors(request, error)
        if not request.htmx:  # type: ignore[attr-defined]
            return redirect("internships:my_ranking", round_id=round_.pk)
    ranking = selectors.ranking_of(application)
    template = "internships/my_ranking.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#ranking"
    return render(
        request,
        template,
        {
            "round": round_,
            "application": application,
            "ranking": ranking,
            "available": selectors.places_to_rank(application, ranking),
            "can_change": rules.can_change_application(viewer, application),
        },
    )


@login_required
def applicant_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(selectors.can_list_applicants(viewer))
    search = request.GET.get("q", "").strip()
    nomination = request.GET.get("nomination", "")
    page = paginate(
        request, selectors.applications_visible_to(viewer, round_, search=search, nomination=nomination)
    )
    template = "internships/applicant_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "round": round_,
            "page": page,
            "search": search,
            "nomination": nomination,
            "nominations": Nomination.choices,
            "is_company": bool(rules.company_ids(viewer)) and not rules.sees_all_applicants(viewer),
            "can_export": rules.can_export(viewer, round_),
        },
    )


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    is_company = (
        bool(rules.company_ids(viewer))
        and not rules.sees_all_applicants(viewer)
        and application.student_id != viewer.user.pk
    )
    return render(
        request,
        "internships/application_detail.html",
        {
            "application": application,
            "choices": selectors.visible_choices(viewer, application),
            "can_nominate": rules.can_nominate(viewer, application),
            "can_confirm": rules.can_confirm(viewer, application),
            "nomination_form": NominationForm(),
            "skill_profile": selectors.skill_profile(application) if is_company else None,
            "links": [line.strip() for line in application.portfolio_links.splitlines() if line.strip()],
        },
    )


@login_required
def application_cv(request: HttpRequest, application_id: int) -> HttpResponseBase:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    if not application.cv:
        raise Http404
    return FileResponse(application.cv.open("rb"), content_type="application/pdf", filename="cv.pdf")


@login_required
@require_POST
def application_nominate(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a decision and give a reason."))
        require(rules.can_nominate(viewer, application))
        return redirect(application)
    try:
        services.nomination_decide(
            viewer=viewer,
            application=application,
            nominate=form.cleaned_data["decision"] == "nominate",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The decision was saved and the student was told."))
    return redirect(application)


@login_required
@require_POST
def application_confirm(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    services.nomination_confirm(viewer=viewer, application=application)
    messages.success(request, _("The decision was confirmed."))
    return redirect(application)


# --- matching runs -----------------------------------------------------------------------------------


@login_required
def run_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    form = RunForm(request.POST or None, colleges=selectors.colleges_of_nominees(round_))
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(viewer=viewer, round_=round_, **form.parameters())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The matching run was started."))
            return redirect(run)
    return render(
        request,
        "internships/run_list.html",
        {
            "round": round_,
            "runs": selectors.runs_of(viewer, round_),
            "form": form,
            "can_run": rules.can_run_matching(viewer, round_),
        },
    )


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    context: dict[str, Any] = {"run": run, "round": run.round}
    if request.htmx and run.is_busy:  # type: ignore[attr-defined]
        return render(request, "internships/run_detail.html#status", context)
    if run.status == RunStatus.DONE and not request.htmx:  # type: ignore[attr-defined]
        digest = selectors.run_digest(run)
        context["stats"] = selectors.run_statistics(run, digest)
        context["page"] = selectors.run_row_page(request, run, digest)
        context["problems"] = digest["violations"] + [
            _("%(student)s and %(place)s block this assignment.") % pair for pair in digest["blocking_pairs"]
        ]
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "internships/run_detail.html", context)


@login_required
def run_input(request: HttpRequest, run_id: int) -> HttpResponse:
    """The stored input, to reproduce the run with `python -m kakehashi.matching solve`."""
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id)
    response = JsonResponse(run.instance, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-input.json"'
    return response


@login_required
@require_POST
def run_check(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id)
    try:
        lines = services.run_check(viewer=viewer, run=run)
    except ValidationError as error:
        _errors(request, error)
    else:
        if lines:
            messages.warning(
                request, _("The check found problems: %(problems)s") % {"problems": "; ".join(lines)}
            )
        else:
            messages.success(request, _("The check passed: the assignment is valid and stable."))
    return redirect(run)


@login_required
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    if request.method == "POST":
        try:
            services.run_publish(viewer=viewer, run=run)
        except ValidationError as error:
            _errors(request, error)
            return redirect(run)
        messages.success(
            request, _("The publication has started; this page shows its progress until it is done.")
        )
        return redirect(run)
    return render(request, "internships/run_publish.html", {"run": run, "round": run.round})


@login_required
def run_compare(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    runs = list(selectors.runs_of(viewer, round_).filter(status=RunStatus.DONE))
    chosen = []
    for key in ("a", "b"):
        try:
            wanted = int(request.GET.get(key, "0"))
        except ValueError:
            wanted = 0
        chosen.append(next((r for r in runs if r.pk == wanted), None))
    first, second = chosen
    context: dict[str, Any] = {"round": round_, "runs": runs, "first": first, "second": second}
    if first and second:
        first, second = selectors.run_for(viewer, first.pk), selectors.run_for(viewer, second.pk)
        context.update(
            first=first,
            second=second,
            rows=selectors.compare_runs(first, second),
            stats=[selectors.run_statistics(first), selectors.run_statistics(second)],
        )
    return render(request, "internships/run_compare.html", context)


# --- results -----------------------------------------------------------------------------------------


@login_required
def result(request: HttpRequest, round_id: int) -> HttpResponse:
    """Each person's result with its explanation; the company's and the office's lists."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    page = paginate(request, selectors.placements_visible_to(viewer, round_), per_page=100)
    context: dict[str, Any] = {"round": round_, "page": page, "placements": page.object_list}
    application = selectors.my_application(viewer, round_)
    published = bool(selectors.published_runs(round_))
    if application is not None and published:
        _published, explanation = selectors.student_explanation(round_, application)
        names = {place.key: place.title for place in Place.objects.filter(round=round_)}
        context["explanation"] = student_lines(explanation, names)
    context["published"] = bool(published)
    context["viewer_id"] = viewer.user.pk
    context["company_ids"] = rules.company_ids(viewer)
    return render(request, "internships/result.html", context)


@login_required
@require_POST
def placement_answer(request: HttpRequest, placement_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    placement = selectors.placement_for(viewer, placement_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.placement_answer(viewer=viewer, placement=placement, accept=accept)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your answer was recorded."))
    return redirect("internships:result", round_id=placement.round_id)


# --- exports and notifications -----------------------------------------------------------------------


@login_required
def round_export(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_export(viewer, round_))
    response = HttpResponse(
        exports.round_workbook(round_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="round-{round_.key}.xlsx"'
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    if request.method == "POST":
        selectors.notifications_of(viewer).filter(read_at__isnull=True).update(
            read_at=services.timezone.now()
        )
        return redirect("internships:notification_list")
    page = paginate(request, selectors.notifications_of(viewer))
    return render(request, "internships/notification_list.html", {"page": page})


# --- interviews --------------------------------------------------------------------------------------


@login_required
def place_interviews(request: HttpRequest, place_id: int) -> HttpResponse:
    """The company's interview slots for a place: offer slots, see who booked, record outcomes."""
    viewer = viewer_for(request)
    place = selectors.own_place_for(viewer, place_id)
    form = SlotForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                if form.is_valid():
                    interviews.slot_add(viewer=viewer, place=place, **form.cleaned_data)
                    messages.success(request, _("The interview slot was added."))
                    return redirect("internships:place_interviews", place_id=place.pk)
            else:
                slot = next(
                    (s for s in interviews.slots_of(place) if str(s.pk) == request.POST.get("slot")), None
                )
                if slot is None:
                    raise Http404
                interviews.outcome_record(
                    viewer=viewer,
                    slot=slot,
                    outcome=request.POST.get("outcome", ""),
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("The outcome was recorded."))
                return redirect("internships:place_interviews", place_id=place.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "internships/place_interviews.html",
        {
            "place": place,
            "slots": interviews.slots_of(place),
            "form": form,
            "can_offer": rules.can_offer_interviews(viewer, place),
            "outcomes": InterviewOutcome.choices,
        },
    )


@login_required
def my_interviews(request: HttpRequest, round_id: int) -> HttpResponse:
    """The nominee's interviews: free slots of the places they ranked, and the ones they booked."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    application = selectors.my_application(viewer, round_)
    require(application is not None, _("Only applicants have interviews."))
    assert application is not None
    if request.method == "POST":
        slot = InterviewSlot.objects.filter(pk=request.POST.get("slot") or 0, place__round=round_).first()
        if slot is None:
            raise Http404
        try:
            interviews.slot_book(
                viewer=viewer,
                application=application,
                slot=slot,
                interpreter=request.POST.get("interpreter") == "yes",
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your interview is booked; the invitation was sent by email."))
        return redirect("internships:my_interviews", round_id=round_.pk)
    return render(
        request,
        "internships/my_interviews.html",
        {
            "round": round_,
            "application": application,
            "options": interviews.options_for(application),
            "can_book": rules.can_book_interview(viewer, application),
        },
    )


@login_required
def interview_ics(request: HttpRequest, slot_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    slot = interviews.slot_for(viewer, slot_id)
    response = HttpResponse(interviews.ics(slot), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{slot.pk}.ics"'
    return response

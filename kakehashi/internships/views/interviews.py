"""Interview views: a company's slots for its place (offer, see bookings, record outcomes), a
nominee's interviews to book, an interview's calendar invitation, and the interpreters the NGO coordinator
and the program office arrange."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import times
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.internships import interview_moves, interview_office, interviews, rules, selectors
from kakehashi.internships.forms import (
    CancelInterviewForm,
    InterpreterForm,
    InterviewFilterForm,
    MoveInterviewForm,
    ScorecardForm,
    SlotForm,
)
from kakehashi.internships.models import SCORE_CRITERIA, InterviewOutcome, InterviewSlot
from kakehashi.internships.views._common import _errors


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
            "home_zone": times.home_zone(viewer.user),
            "now": timezone.now(),
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
            "home_zone": times.home_zone(viewer.user),
        },
    )


@login_required
def interview_ics(request: HttpRequest, slot_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    slot = interviews.slot_for(viewer, slot_id)
    response = HttpResponse(interviews.ics(slot), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{slot.pk}.ics"'
    return response


@login_required
def interpreter_list(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's booked interviews that asked for an interpreter: not arranged yet (default), or all."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    show = request.GET.get("show", "todo")
    if show not in interviews.INTERPRETER_FILTERS:
        show = "todo"
    page = paginate(request, interviews.interpreter_requests(viewer, round_, show=show))
    template = "internships/interpreter_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    context = {"round": round_, "page": page, "show": show, "home_zone": times.home_zone(viewer.user)}
    return render(request, template, context)


@login_required
def interpreter_edit(request: HttpRequest, round_id: int, slot_id: int) -> HttpResponse:
    """Set the interpreter of one interview; the student and the company are notified."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    slot = interviews.interpreter_slot_for(viewer, round_, slot_id)
    initial = {"name": slot.interpreter_name, "contact": slot.interpreter_contact}
    form = InterpreterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interpreter_arrange(viewer=viewer, slot=slot, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The interpreter was saved; the student and the company were notified.")
            )
            return redirect("internships:interpreter_list", round_id=round_.pk)
    context = {"round": round_, "slot": slot, "form": form, "home_zone": times.home_zone(viewer.user)}
    return render(request, "internships/interpreter_form.html", context)


@login_required
def round_interviews(request: HttpRequest, round_id: int) -> HttpResponse:
    """The program office's list of every interview of the round, filtered, with links to move or cancel
    the ones still to come."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(
        rules.can_manage_round(viewer, round_),
        _("The list of every interview of a round is the program office's."),
    )
    zone = times.home_zone(viewer.user)
    form = InterviewFilterForm(
        request.GET,
        places=interview_office.places_to_filter(round_),
        statuses=interview_office.STATUSES,
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = interview_office.InterviewFilters(
        company=data.get("company"),
        place=data.get("place"),
        status=data.get("status") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        search=data.get("q") or "",
        zone=zone,
    )
    page = paginate(request, interview_office.round_interviews(viewer, round_, filters))
    now = timezone.now()
    rows = [(slot, interview_office.status_of(slot, now)) for slot in page.object_list]
    template = "internships/round_interviews.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    context = {
        "round": round_,
        "form": form,
        "page": page,
        "rows": rows,
        "statuses": dict(interview_office.STATUSES),
        "home_zone": zone,
        "zone_name": times.zone_label(zone),
    }
    return render(request, template, context)


def _back(viewer: Viewer, slot: InterviewSlot) -> str:
    """The company goes back to its place's interviews, the program office to the round's interviews."""
    if slot.place.company_id in rules.company_ids(viewer):
        return reverse("internships:place_interviews", args=[slot.place_id])
    if rules.can_manage_round(viewer, slot.place.round):
        return reverse("internships:round_interviews", args=[slot.place.round_id])
    return slot.place.round.get_absolute_url()


@login_required
def interview_cancel(request: HttpRequest, slot_id: int) -> HttpResponse:
    """Cancel a booked interview, after a confirmation page that asks for the reason."""
    viewer = viewer_for(request)
    slot = interview_moves.slot_to_change(viewer, slot_id)
    form = CancelInterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview_moves.interview_cancel(viewer=viewer, slot=slot, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The interview was cancelled; everyone concerned was told."))
            return redirect(_back(viewer, slot))
    context = {
        "slot": slot,
        "form": form,
        "home_zone": times.home_zone(viewer.user),
        "back": _back(viewer, slot),
    }
    return render(request, "internships/interview_cancel.html", context)


@login_required
def interview_move(request: HttpRequest, slot_id: int) -> HttpResponse:
    """Move a booked interview to another time, with a reason; the overlaps are checked."""
    viewer = viewer_for(request)
    slot = interview_moves.slot_to_change(viewer, slot_id)
    form = MoveInterviewForm(request.POST or None, initial={"minutes": slot.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            interview_moves.interview_reschedule(viewer=viewer, slot=slot, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The interview was moved; everyone concerned was told the new time."))
            return redirect(_back(viewer, slot))
    context = {
        "slot": slot,
        "form": form,
        "home_zone": times.home_zone(viewer.user),
        "back": _back(viewer, slot),
    }
    return render(request, "internships/interview_move.html", context)


@login_required
def interview_scorecard(request: HttpRequest, slot_id: int) -> HttpResponse:
    """The viewer's short scorecard of an interview of their company, written after it."""
    viewer = viewer_for(request)
    slot = interview_moves.slot_to_score(viewer, slot_id)
    mine = interview_moves.my_scorecard(viewer, slot)
    initial = {name: getattr(mine, name) for name in (*SCORE_CRITERIA, "note")} if mine else None
    form = ScorecardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            interview_moves.scorecard_save(viewer=viewer, slot=slot, scores=data, note=note)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scorecard was saved."))
            return redirect(_back(viewer, slot))
    context = {
        "slot": slot,
        "form": form,
        "home_zone": times.home_zone(viewer.user),
        "back": _back(viewer, slot),
    }
    return render(request, "internships/interview_scorecard.html", context)

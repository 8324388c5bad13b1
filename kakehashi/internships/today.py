"""What a round asks of each person today (kakehashi.core.today): the student's application, interview and
result; the partner teacher's screening; the NGO's confirmations and interpreters; the company's places,
nominees and interviews; the office's places to approve and each round's phase and next deadline.

A fixed number of queries whatever the number of applications, places or interviews: counts are
aggregated per round in SQL, lists are capped."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kakehashi.accounts.roles import Role
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer
from kakehashi.core.today import AT, INFO, MOST, NOW, SOON, UNTIL, TodayItem
from kakehashi.internships import rules, selectors
from kakehashi.internships.models import (
    Application,
    InterviewSlot,
    Nomination,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
)

AREA = "rounds"


def _phase_end(round_: Round, phase: str):  # type: ignore[no-untyped-def]
    for planned in round_.phases.all():
        if planned.phase == phase:
            return planned.ends_on
    return None


def items(viewer: Viewer) -> list[TodayItem]:
    if viewer.program is None:
        return []
    rounds = selectors.rounds_under_way(viewer)
    if not rounds:
        return []
    found: list[TodayItem] = []
    if rules.student_college_ids(viewer):
        found += _student(viewer, rounds)
    if rules.college_ids(viewer):
        found += _teacher(viewer, rounds)
    if viewer.has_role(Role.NGO_COORDINATOR) or viewer.is_platform_admin:
        found += _ngo(viewer, rounds)
    if rules.company_ids(viewer):
        found += _company(viewer, rounds)
    if rules.can_manage_rounds(viewer):
        found += _office(viewer, rounds)
    return found


# --- the student ---------------------------------------------------------------------------------------


def _student(viewer: Viewer, rounds: list[Round]) -> list[TodayItem]:
    found: list[TodayItem] = []
    # Only what the steps are read from: not every name part, the skills and the portfolio links.
    mine = {
        application.round_id: application
        for application in Application.objects.filter(student=viewer.user, round__in=rounds)
        .only("round_id", "cv", "statement", "submitted_at", "nomination", "confirmed_at")
        .annotate(ranked=Count("choices"))
    }
    now = timezone.now()
    for round_ in rounds:
        application = mine.get(round_.pk)
        if round_.is_in(Phase.APPLICATIONS) and rules.can_apply(viewer, round_):
            deadline = _phase_end(round_, Phase.APPLICATIONS)
            url = reverse("internships:application_edit", args=[round_.pk])
            if application is None:
                found.append(
                    TodayItem(
                        AREA,
                        _("Applications are open for %(round)s: apply before the deadline.")
                        % {"round": round_.name},
                        url,
                        due=deadline,
                        urgency=SOON,
                    )
                )
            elif not application.is_submitted:
                steps = []
                if not application.ranked:
                    steps.append(_("rank the places you want"))
                if not application.cv:
                    steps.append(_("add your CV"))
                if not application.statement:
                    steps.append(_("write your statement"))
                steps.append(_("submit"))
                found.append(
                    TodayItem(
                        AREA,
                        ngettext(
                            "Your application to %(round)s: %(count)d step left.",
                            "Your application to %(round)s: %(count)d steps left.",
                            len(steps),
                        )
                        % {"round": round_.name, "count": len(steps)},
                        url,
                        count=len(steps),
                        due=deadline,
                        urgency=SOON,
                        detail=_("Still to do: %(steps)s.") % {"steps": _(", ").join(str(s) for s in steps)},
                    )
                )
        if application is not None and round_.is_in(Phase.INTERVIEWS) and application.is_confirmed:
            found.append(
                TodayItem(
                    AREA,
                    _("You are nominated for %(round)s: book your interviews.") % {"round": round_.name},
                    reverse("internships:my_interviews", args=[round_.pk]),
                    due=_phase_end(round_, Phase.INTERVIEWS),
                    urgency=SOON,
                )
            )
    slots = list(
        InterviewSlot.objects.filter(
            application__student=viewer.user, application__round__in=rounds, starts_at__gte=now
        )
        .select_related("place")
        .only("starts_at", "place__round_id", "place__title")
        .order_by("starts_at")[:MOST]
    )
    for slot in slots:
        found.append(
            TodayItem(
                AREA,
                _("Interview for %(place)s.") % {"place": localized(slot.place, "title")},
                reverse("internships:my_interviews", args=[slot.place.round_id]),
                due=slot.starts_at,
                when=AT,
                urgency=NOW if timezone.localdate(slot.starts_at) == timezone.localdate() else SOON,
            )
        )
    offered = (
        Placement.objects.filter(
            application__student=viewer.user,
            round__in=rounds,
            student_answer=PlacementStatus.OFFERED,
            status=PlacementStatus.OFFERED,
        )
        .select_related("place")
        .only("round_id", "place__title")
        .order_by("pk")[:MOST]
    )
    by_round = {round_.pk: round_ for round_ in rounds}
    for placement in offered:
        round_ = by_round[placement.round_id]
        found.append(
            TodayItem(
                AREA,
                _("You are offered %(place)s: accept or decline.")
                % {"place": localized(placement.place, "title")},
                reverse("internships:result", args=[round_.pk]),
                due=_phase_end(round_, Phase.ACCEPTANCE) or _phase_end(round_, Phase.RESULTS),
                urgency=NOW,
            )
        )
    return found


# --- the partner teacher -------------------------------------------------------------------------------


def _teacher(viewer: Viewer, rounds: list[Round]) -> list[TodayItem]:
    screening = [round_ for round_ in rounds if round_.is_in(Phase.SCREENING)]
    if not screening:
        return []
    counts = dict(
        Application.objects.filter(
            round__in=screening,
            college_id__in=rules.college_ids(viewer),
            submitted_at__isnull=False,
            nomination=Nomination.PENDING,
        )
        .values_list("round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = []
    for round_ in screening:
        if counts.get(round_.pk):
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d application to screen in %(round)s.",
                        "%(count)d applications to screen in %(round)s.",
                        counts[round_.pk],
                    )
                    % {"count": counts[round_.pk], "round": round_.name},
                    reverse("internships:applicant_list", args=[round_.pk]) + "?nomination=pending",
                    count=counts[round_.pk],
                    due=_phase_end(round_, Phase.SCREENING),
                    urgency=SOON,
                )
            )
    return found


# --- the NGO coordinator -------------------------------------------------------------------------------


def _ngo(viewer: Viewer, rounds: list[Round]) -> list[TodayItem]:
    found = []
    screening = [round_ for round_ in rounds if round_.is_in(Phase.SCREENING)]
    to_confirm = {}
    if screening:
        to_confirm = dict(
            Application.objects.filter(
                round__in=screening, submitted_at__isnull=False, confirmed_at__isnull=True
            )
            .exclude(nomination=Nomination.PENDING)
            .values_list("round_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    for round_ in screening:
        if to_confirm.get(round_.pk):
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d nomination to confirm in %(round)s.",
                        "%(count)d nominations to confirm in %(round)s.",
                        to_confirm[round_.pk],
                    )
                    % {"count": to_confirm[round_.pk], "round": round_.name},
                    reverse("internships:applicant_list", args=[round_.pk]) + "?nomination=nominated",
                    count=to_confirm[round_.pk],
                    due=_phase_end(round_, Phase.SCREENING),
                    urgency=SOON,
                )
            )
    interpreters = (
        InterviewSlot.objects.filter(
            place__round__in=rounds,
            application__isnull=False,
            interpreter=True,
            interpreter_name="",
            starts_at__gte=timezone.now(),
        )
        .values_list("place__round_id")
        .annotate(n=Count("pk"), first=Min("starts_at"))
        .order_by()
    )
    by_round = {round_.pk: round_ for round_ in rounds}
    for round_id, count, first in interpreters:
        if rules.can_arrange_interpreters(viewer, by_round[round_id]):
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d interview needs an interpreter in %(round)s.",
                        "%(count)d interviews need an interpreter in %(round)s.",
                        count,
                    )
                    % {"count": count, "round": by_round[round_id].name},
                    reverse("internships:interpreter_list", args=[round_id]),
                    count=count,
                    due=first,
                    urgency=SOON,
                )
            )
    return found


# --- the host company ----------------------------------------------------------------------------------


def _company(viewer: Viewer, rounds: list[Round]) -> list[TodayItem]:
    found = []
    companies = rules.company_ids(viewer)
    for round_ in rounds:
        if round_.is_in(Phase.PLACES) and any(rules.can_write_place(viewer, round_, c) for c in companies):
            found.append(
                TodayItem(
                    AREA,
                    _("Post your internship places for %(round)s.") % {"round": round_.name},
                    reverse("internships:place_create", args=[round_.pk]),
                    due=_phase_end(round_, Phase.PLACES),
                    urgency=SOON,
                )
            )
    # One query: the company's places in live rounds, with their returned status, nominees and interviews.
    now = timezone.now()
    confirmed = Q(
        choices__application__nomination=Nomination.NOMINATED,
        choices__application__confirmed_at__isnull=False,
    )
    places = list(
        Place.objects.filter(round__in=rounds, company_id__in=companies)
        .annotate(
            nominees=Count("choices", filter=confirmed, distinct=True),
            interviews=Count(
                "interview_slots",
                filter=Q(interview_slots__application__isnull=False, interview_slots__starts_at__gte=now),
                distinct=True,
            ),
            next_interview=Min(
                "interview_slots__starts_at",
                filter=Q(interview_slots__application__isnull=False, interview_slots__starts_at__gte=now),
            ),
        )
        .filter(
            Q(status=PlaceStatus.RETURNED)
            | Q(round__phase__in=[Phase.INTERVIEWS, Phase.RANKINGS])
            | Q(round__phase=Phase.SCREENING)
        )
        .order_by("round_id", "pk")[: 3 * MOST]
    )
    by_round = {round_.pk: round_ for round_ in rounds}
    for place in places:
        round_ = by_round[place.round_id]
        title = localized(place, "title")
        if place.status == PlaceStatus.RETURNED and round_.is_in(Phase.PLACES):
            found.append(
                TodayItem(
                    AREA,
                    _("The office returned %(place)s: correct it and send it again.") % {"place": title},
                    reverse("internships:place_edit", args=[place.pk]),
                    due=_phase_end(round_, Phase.PLACES),
                    urgency=NOW,
                    detail=place.return_reason,
                )
            )
        if place.interviews:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d interview booked for %(place)s.",
                        "%(count)d interviews booked for %(place)s.",
                        place.interviews,
                    )
                    % {"count": place.interviews, "place": title},
                    reverse("internships:place_interviews", args=[place.pk]),
                    count=place.interviews,
                    due=place.next_interview,
                    when=AT,
                    urgency=NOW
                    if place.next_interview
                    and timezone.localdate(place.next_interview) == timezone.localdate()
                    else SOON,
                )
            )
        if place.nominees and round_.is_in(Phase.INTERVIEWS, Phase.RANKINGS):
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "Rank the %(count)d nominee for %(place)s.",
                        "Rank the %(count)d nominees for %(place)s.",
                        place.nominees,
                    )
                    % {"count": place.nominees, "place": title},
                    reverse("internships:place_ranking", args=[place.pk]),
                    count=place.nominees,
                    due=_phase_end(round_, Phase.RANKINGS),
                    urgency=SOON if round_.is_in(Phase.RANKINGS) else INFO,
                )
            )
    return found


# --- the program office --------------------------------------------------------------------------------


def _office(viewer: Viewer, rounds: list[Round]) -> list[TodayItem]:
    found = []
    submitted = dict(
        Place.objects.filter(round__in=rounds, status=PlaceStatus.SUBMITTED)
        .values_list("round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    today = timezone.localdate()
    for round_ in rounds:
        if submitted.get(round_.pk):
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d place to approve in %(round)s.",
                        "%(count)d places to approve in %(round)s.",
                        submitted[round_.pk],
                    )
                    % {"count": submitted[round_.pk], "round": round_.name},
                    reverse("internships:place_list", args=[round_.pk]) + "?status=submitted",
                    count=submitted[round_.pk],
                    due=_phase_end(round_, Phase.PLACES),
                    urgency=SOON,
                )
            )
        ends = _phase_end(round_, round_.phase)
        found.append(
            TodayItem(
                AREA,
                _("%(round)s is in the “%(phase)s” phase.")
                % {"round": round_.name, "phase": round_.get_phase_display()},
                reverse("internships:round_detail", args=[round_.pk]),
                due=ends,
                when=UNTIL,
                urgency=NOW if ends is not None and ends <= today else INFO,
                detail=_("The phase is past its planned end: move the round on.")
                if ends is not None and ends < today
                else "",
            )
        )
    return found

"""Reads of offers, hires and alumni, scoped to the viewer; and the counts the programme app reports."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.accounts.models import Program, by_name
from kakehashi.careers import rules
from kakehashi.careers.models import AlumniProfile, Hire, JobOffer, OfferStatus, RetentionCheck
from kakehashi.core.multilingual.query import translated_contains
from kakehashi.core.permissions import Viewer, require


def offers_visible_to(viewer: Viewer, *, status: str = "", search: str = "") -> QuerySet[JobOffer]:
    require(rules.can_list(viewer))
    offers = JobOffer.objects.select_related("company", "student", "college")
    if (scope := rules.scope(viewer, person="student_id")) is not None:
        offers = offers.filter(scope)
    if status:
        offers = offers.filter(status=status)
    if search:
        offers = offers.filter(
            Q(title__icontains=search)
            | Q(student__name_latin__icontains=search)
            | translated_contains("company__name", search)
        )
    return offers.order_by("-created_at", "-pk")


def offer_for(viewer: Viewer, offer_id: int) -> JobOffer:
    offer = offers_visible_to(viewer).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


def hires_visible_to(viewer: Viewer) -> QuerySet[Hire]:
    require(rules.can_list(viewer))
    hires = Hire.objects.select_related("company", "employee", "offer")
    if (scope := rules.scope(viewer, person="employee_id", college="offer__college_id")) is not None:
        hires = hires.filter(scope)
    return hires.order_by("-start_on", "-pk")


def hire_for(viewer: Viewer, hire_id: int) -> Hire:
    hire = hires_visible_to(viewer).filter(pk=hire_id).first()
    if hire is None:
        raise Http404
    return hire


def retention_check_for(viewer: Viewer, check_id: int) -> RetentionCheck:
    check = (
        RetentionCheck.objects.select_related("hire__company", "hire__employee").filter(pk=check_id).first()
    )
    if check is None or not hires_visible_to(viewer).filter(pk=check.hire_id).exists():
        raise Http404
    return check


def alumni_visible_to(viewer: Viewer, *, search: str = "") -> QuerySet[AlumniProfile]:
    require(rules.can_browse_alumni(viewer))
    profiles = AlumniProfile.objects.filter(listed=True, user__is_active=True).select_related("user")
    if search:
        profiles = profiles.filter(
            Q(user__name_latin__icontains=search)
            | Q(user__name_local__icontains=search)
            | Q(headline__icontains=search)
        )
    return profiles.order_by(*by_name(prefix="user__"), "pk")


# --- figures for the programme app: counts, never people ------------------------------------------------


def offers_count(program: Program, *, status: str | None = None) -> int:
    offers = JobOffer.objects.filter(program=program)
    if status:
        offers = offers.filter(status=status)
    return offers.count()


def accepted_offers_count(program: Program) -> int:
    return offers_count(program, status=OfferStatus.ACCEPTED)


def hires_count(program: Program, until: date | None = None) -> int:
    hires = Hire.objects.filter(program=program)
    if until is not None:
        hires = hires.filter(start_on__lte=until)
    return hires.count()


def offer_rate(program: Program, until: date | None = None) -> float | None:
    """Share (0 to 1) of the program's interns (cases finished by `until`) who received a job offer from any
    company; None before the first internship ends."""
    from kakehashi.operations.models import InternCase

    cases = InternCase.objects.filter(program=program, cancelled=False)
    if until is not None:
        cases = cases.filter(departure_on__lte=until)
    interns = set(cases.values_list("intern_id", flat=True))
    if not interns:
        return None
    offered = JobOffer.objects.filter(student_id__in=interns).exclude(status=OfferStatus.WITHDRAWN)
    if until is not None:
        offered = offered.filter(created_at__date__lte=until)
    return len(set(offered.values_list("student_id", flat=True))) / len(interns)


def retained_count(program: Program, months: int) -> int:
    """Hires still employed at the check-in `months` after their start (as answered by the company)."""
    return RetentionCheck.objects.filter(hire__program=program, months=months, still_employed=True).count()


def retention_rate(program: Program, months: int) -> float | None:
    """Share of the answered check-ins at `months` where the person is still employed; None if none yet."""
    answered = RetentionCheck.objects.filter(
        hire__program=program, months=months, still_employed__isnull=False
    )
    total = answered.count()
    if not total:
        return None
    return answered.filter(still_employed=True).count() / total

"""Reads of a student's ranking of places: the ranking itself, the approved places not ranked yet,
and the lines of it a viewer may see (a company only its own places)."""

from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import Application, Choice, Place, PlaceStatus


def ranking_of(application: Application) -> list[Choice]:
    """The student's ranking, best first: one query whatever its length."""
    return list(
        Choice.objects.filter(application=application).select_related("place__company").order_by("position")
    )


def places_to_rank(application: Application, ranking: list[Choice]) -> list[Place]:
    """Approved places of the round the student has not ranked yet."""
    ranked = {choice.place_id for choice in ranking}
    return [
        place
        for place in Place.objects.filter(round_id=application.round_id, status=PlaceStatus.APPROVED)
        .select_related("company")
        .order_by("company__name_en", "title_en")
        if place.pk not in ranked
    ]


def visible_choices(viewer: Viewer, application: Application) -> list[Choice]:
    """The lines of a student's ranking the viewer may see: a company sees only its own places."""
    choices = ranking_of(application)
    if application.student_id == viewer.user.pk or rules.sees_all_applicants(viewer):
        return choices
    if application.college_id in rules.college_ids(viewer):
        return choices
    companies = rules.company_ids(viewer)
    return [choice for choice in choices if choice.place.company_id in companies]

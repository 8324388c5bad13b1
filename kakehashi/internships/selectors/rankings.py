"""Reads of a student's ranking of places: the ranking itself, the approved places not ranked yet,
and the lines of it a viewer may see (a company only its own places)."""

from kakehashi.core.multilingual.query import translated_contains, translated_order
from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import Application, Choice, Place, PlaceStatus


def ranking_of(application: Application) -> list[Choice]:
    """The student's ranking, best first: one query whatever its length."""
    return list(
        Choice.objects.filter(application=application).select_related("place__company").order_by("position")
    )


# Places offered at once in the "add a place" list; a search finds the others.
PLACES_OFFERED = 50


def places_to_rank(
    application: Application, ranking: list[Choice], *, search: str = "", limit: int = PLACES_OFFERED
) -> list[Place]:
    """Approved places of the round the student has not ranked yet, matching the search (title or
    company, in any language): the first `limit` by company and title, not the round's thousands."""
    places = (
        Place.objects.filter(round_id=application.round_id, status=PlaceStatus.APPROVED)
        .exclude(pk__in=[choice.place_id for choice in ranking])
        .select_related("company")
    )
    search = search.strip()[:100]
    if search:
        places = places.filter(
            translated_contains("title", search) | translated_contains("company__name", search)
        )
    return list(
        places.order_by(translated_order("company__name"), translated_order("title"), "pk")[: limit + 1]
    )


def visible_choices(viewer: Viewer, application: Application) -> list[Choice]:
    """The lines of a student's ranking the viewer may see: a company sees only its own places."""
    choices = ranking_of(application)
    if application.student_id == viewer.user.pk or rules.sees_all_applicants(viewer):
        return choices
    if application.college_id in rules.college_ids(viewer):
        return choices
    companies = rules.company_ids(viewer)
    return [choice for choice in choices if choice.place.company_id in companies]

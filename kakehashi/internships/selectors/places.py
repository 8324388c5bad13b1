"""Reads of internship places: the places of a round the viewer may see (approved ones, a company's
own, all for the office), one place by id, and one of the viewer's own companies' places."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.core.multilingual.query import translated_contains
from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import Place, PlaceStatus, Round


def places_of(viewer: Viewer, round_: Round, *, search: str = "", status: str = "") -> QuerySet[Place]:
    """Approved places for everyone in the program; a company also sees its own drafts, the office all."""
    places = Place.objects.filter(round=round_).select_related("company")
    if not rules.can_manage_round(viewer, round_):
        places = places.filter(Q(status=PlaceStatus.APPROVED) | Q(company_id__in=rules.company_ids(viewer)))
    if search:
        places = places.filter(
            translated_contains("title", search)
            | Q(field__icontains=search)
            | Q(skills__icontains=search)
            | translated_contains("company__name", search)
        )
    if status:
        places = places.filter(status=status)
    return places


def place_for(viewer: Viewer, place_id: int) -> Place:
    place = Place.objects.select_related("round", "company").filter(pk=place_id).first()
    if place is None or not rules.can_see_round(viewer, place.round):
        raise Http404
    if not places_of(viewer, place.round).filter(pk=place.pk).exists():
        raise Http404
    return place


def own_place_for(viewer: Viewer, place_id: int) -> Place:
    """A place of one of the viewer's companies; any other company's place is unknown (404)."""
    place = place_for(viewer, place_id)
    if place.company_id not in rules.company_ids(viewer):
        raise Http404
    return place


def place_names(round_: Round, explanation: dict[str, Any] | None) -> dict[str, str]:
    """{place key: title} of the few places a student's explanation names, not the round's thousands."""
    if not explanation:
        return {}
    keys = {explanation.get("assigned") or ""} | {
        why.get("place", "") for why in explanation.get("higher", [])
    }
    ids = [int(key[1:]) for key in keys if key.startswith("p") and key[1:].isdigit()]
    return {
        place.key: str(place.title)
        for place in Place.objects.filter(round=round_, pk__in=ids).only("pk", "title")
    }

"""Reads of internship places: the places of a round the viewer may see (approved ones, a company's
own, all for the office), one place by id, and one of the viewer's own companies' places."""

from functools import cached_property
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import get_language

from kakehashi.accounts.models import Organization
from kakehashi.core import cached_figures
from kakehashi.core.multilingual.query import translated_contains, translated_order
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


def place_list_order() -> tuple[Any, ...]:
    """The places page's order in the reader's language: the company's name (two companies of one name
    kept apart by their id), then the title. Place.Meta.ordering is the same in a fixed chain of
    languages: a Mongolian reader saw the companies in the order of their English names."""
    return (translated_order("company__name"), "company_id", translated_order("title"), "pk")


# The places page's companies and their numbers of places, kept until a place or an organization is
# written, however (internships.apps watches both tables: a round's places are approved in bulk).
PLACE_LIST_KIND = "place_list"


class PlacesInListOrder:
    """`places` (places_of, one round) in place_list_order(), read a page at a time for the pager.

    Sorting the round's places by it sorted every one of them for each page (10,000 places: 10 ms of a
    20 ms page). Here the companies are counted first, each on the (round, company, status) index, and
    put in order (a few dozen rows); a page then reads and sorts only the places of the companies it
    spans. `kept_as` names the list for the cache (the round, the viewer's scope, the filters): the
    companies' counts are then counted once, not on every page (that query's translated order cost more
    to compile than PostgreSQL took to run it); None for a search, counted each time."""

    def __init__(self, places: QuerySet[Place], kept_as: tuple[object, ...] | None = None) -> None:
        self._places = places.order_by()
        self._kept_as = kept_as

    @cached_property
    def _companies(self) -> list[tuple[int, int]]:
        """(company id, number of places) in the list's order, companies without a place left out."""
        if self._kept_as is None:
            return self._count_companies()
        parts = (*self._kept_as, get_language())
        return cached_figures.figure(PLACE_LIST_KIND, parts, self._count_companies)

    def _count_companies(self) -> list[tuple[int, int]]:
        per_company = (
            self._places.filter(company_id=OuterRef("pk"))
            .values("company_id")
            .annotate(n=Count("*"))  # not COUNT(id): the index alone answers COUNT(*)
            .values("n")
        )
        rows = (
            Organization.objects.annotate(places=Subquery(per_company, output_field=IntegerField()))
            .order_by(translated_order("name"), "pk")
            .values_list("pk", "places")
        )
        return [(company_id, n) for company_id, n in rows if n]

    def count(self) -> int:
        return sum(n for _company, n in self._companies)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Place]:
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        spanned: list[int] = []
        before = 0  # places of the companies ahead of the first one the page spans
        seen = 0
        for company_id, n in self._companies:
            if seen + n > start and seen < stop:
                if not spanned:
                    before = seen
                spanned.append(company_id)
            seen += n
        if not spanned:
            return []
        if len(spanned) == 1:
            # Within one company the list's order is the title's: read from the index that holds it
            # (Place.Meta.indexes, internships_place_title_<language>), not sorted.
            rows = self._places.filter(company_id=spanned[0]).order_by(translated_order("title"), "pk")
        else:
            rows = self._places.filter(company_id__in=spanned).order_by(*place_list_order())
        return list(rows[start - before : stop - before])


def places_in_list_order(
    viewer: Viewer, round_: Round, *, search: str = "", status: str = ""
) -> PlacesInListOrder:
    """The places page's list: `places_of` in its order, its companies' counts kept under everything the
    list depends on besides the rows (the round, whose places the viewer sees, the status). A search, or
    a status that is none of the list's, is counted each time: nothing an address can say fills the cache."""
    places = places_of(viewer, round_, search=search, status=status)
    if search or (status and status not in PlaceStatus.values):
        return PlacesInListOrder(places)
    scope = (rules.can_manage_round(viewer, round_), tuple(sorted(rules.company_ids(viewer))))
    return PlacesInListOrder(places, kept_as=(round_.pk, *scope, status))


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

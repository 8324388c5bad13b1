"""The round's places page reads a page company by company (selectors.PlacesInListOrder): every page, for
every viewer and search, shows exactly the rows the whole list in Place.Meta.ordering would show there, and
reading one sorts only the places of the companies it spans."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kakehashi.accounts.models import Organization, Participation
from kakehashi.core.permissions import Viewer
from kakehashi.internships import selectors
from kakehashi.internships.models import Place, PlaceStatus
from kakehashi.internships.selectors.places import place_list_order
from kakehashi.internships.tests.conftest import SmallRound

pytestmark = pytest.mark.django_db


def _more_places(small_round: SmallRound) -> None:
    """Ten more places: a third company named like the first (kept apart by its id), titles out of
    creation order, a title only in Japanese, and drafts a student must not see."""
    twin = Organization.objects.create(
        key="seiki-twin", kind="host_company", name={"en": "Nagaoka Seiki"}, country="JP"
    )
    Participation.objects.create(program=small_round.program, organization=twin)
    small_round.seiki.name = {"en": "Nagaoka Seiki"}
    small_round.seiki.save()
    for company, title in [
        (small_round.echigo, "Assembly line"),
        (twin, "Welding robots"),
        (small_round.seiki, "AI inspection"),
        (twin, "Dashboards"),
        (small_round.echigo, "Zinc plating"),
        (small_round.seiki, "Maintenance"),
        (twin, "Anomaly detection"),
    ]:
        small_round.make_place(company, title)
    japanese_only = small_round.make_place(small_round.seiki, "placeholder")
    Place.objects.filter(pk=japanese_only.pk).update(title={"ja": "品質管理"})
    for company, title, status in [
        (small_round.echigo, "Draft sent back", PlaceStatus.RETURNED),
        (twin, "Draft waiting", PlaceStatus.SUBMITTED),
    ]:
        Place.objects.filter(pk=small_round.make_place(company, title).pk).update(status=status)


@pytest.mark.parametrize("role", ["manager", "student", "company"])
@pytest.mark.parametrize("search", ["", "a", "seiki"])
def test_every_page_shows_the_rows_of_the_whole_list_in_order(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer], role: str, search: str
) -> None:
    _more_places(small_round)
    viewer = viewer_of(role)
    places = selectors.places_of(viewer, small_round.round, search=search)
    whole = [place.pk for place in places.order_by(*place_list_order())]
    assert whole, "the list is not empty for any of these viewers"
    in_order = selectors.PlacesInListOrder(places)
    assert in_order.count() == len(whole)
    for size in range(1, len(whole) + 2):
        pages = [
            [place.pk for place in in_order[start : start + size]] for start in range(0, len(whole), size)
        ]
        assert [pk for page in pages for pk in page] == whole, size


def test_the_list_order_is_company_then_title(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer]
) -> None:
    _more_places(small_round)
    places = list(selectors.places_of(viewer_of("manager"), small_round.round))
    names = [(str(place.company.name), place.company_id, str(place.title)) for place in places]
    assert [name for name, _company, _title in names] == sorted(name for name, _c, _t in names)
    twins = [company for name, company, _title in names if name == "Nagaoka Seiki"]
    assert twins == sorted(twins), "two companies of one name are not interleaved"
    echigo = [title for name, _company, title in names if name.startswith("Echigo")]
    assert echigo == sorted(echigo)


@pytest.mark.parametrize("language", ["mn", "ja", "en"])
def test_the_companies_are_in_the_order_of_their_names_in_the_readers_language(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer], language: str
) -> None:
    _more_places(small_round)
    small_round.echigo.name = {"en": "Echigo Machinery", "mn": "Эчиго Машин", "ja": "越後機械"}
    small_round.echigo.save()
    seiki = {"en": "Nagaoka Seiki", "mn": "Нагаока Сэйки", "ja": "長岡精機"}
    Organization.objects.filter(key__in=[small_round.seiki.key, "seiki-twin"]).update(name=seiki)
    with translation.override(language):
        in_order = selectors.PlacesInListOrder(selectors.places_of(viewer_of("manager"), small_round.round))
        names = [str(place.company.name) for place in in_order[0 : in_order.count()]]
    assert names == sorted(names)
    # Mongolian and English put the two in opposite orders: Н before Э, but Echigo before Nagaoka.
    assert names[0] == {"mn": "Нагаока Сэйки", "ja": "越後機械", "en": "Echigo Machinery"}[language]


def test_a_student_sees_no_draft_on_any_page(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer]
) -> None:
    _more_places(small_round)
    in_order = selectors.PlacesInListOrder(selectors.places_of(viewer_of("student"), small_round.round))
    shown = in_order[0 : in_order.count()]
    assert shown
    assert {place.status for place in shown} == {PlaceStatus.APPROVED}
    assert (
        in_order.count() == Place.objects.filter(round=small_round.round, status=PlaceStatus.APPROVED).count()
    )


def test_a_page_reads_only_the_places_of_the_companies_it_spans(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer]
) -> None:
    _more_places(small_round)
    in_order = selectors.PlacesInListOrder(selectors.places_of(viewer_of("manager"), small_round.round))
    with CaptureQueriesContext(connection) as queries:
        first = in_order[0:2]
    assert len(queries) == 2  # the companies with their counts, then the page's rows
    rows_sql = queries.captured_queries[-1]["sql"]
    assert f'"company_id" = {first[0].company_id}' in rows_sql  # one company: no IN list
    assert {place.company_id for place in first} == {first[0].company_id}
    assert in_order[in_order.count() : in_order.count() + 5] == []


@override_settings(PAGE_SIZE=4)
def test_the_page_pages_through_every_place(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    _more_places(small_round)
    client = client_as("manager")
    url = f"/rounds/{small_round.round.pk}/places/"
    every = list(Place.objects.filter(round=small_round.round))
    shown = []
    for page in range(1, 4):
        body = client.get(url, {"page": page}).content.decode()
        shown.append([place.pk for place in every if f'href="{place.get_absolute_url()}"' in body])
    assert [len(pks) for pks in shown] == [4, 4, 4]
    assert sorted(pk for pks in shown for pk in pks) == sorted(place.pk for place in every)


def _companies_counted(queries: CaptureQueriesContext) -> int:
    return sum('AS "places"' in query["sql"] for query in queries.captured_queries)


def test_the_pages_companies_are_counted_once_until_a_place_or_an_organization_is_written(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    _more_places(small_round)
    client = client_as("manager")
    url = f"/rounds/{small_round.round.pk}/places/"
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url, {"page": 1})
    assert _companies_counted(again) == 0
    # A draft approved in bulk (an UPDATE, no signal) is counted at the next page.
    drafts = Place.objects.filter(round=small_round.round).exclude(status=PlaceStatus.APPROVED)
    approved = drafts.update(status=PlaceStatus.APPROVED)
    assert approved
    with CaptureQueriesContext(connection) as written:
        body = client.get(url, {"status": PlaceStatus.APPROVED}).content.decode()
    assert _companies_counted(written) == 1
    assert "Draft waiting" in body  # approved now, and on the page
    # The status filter and a search are lists of their own: a search is counted every time.
    with CaptureQueriesContext(connection) as searched:
        client.get(url, {"q": "a"})
        client.get(url, {"q": "a"})
    assert _companies_counted(searched) == 2


def test_a_status_that_is_none_of_the_lists_is_counted_each_time_not_kept(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    client = client_as("manager")
    url = f"/rounds/{small_round.round.pk}/places/"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            assert client.get(url, {"status": "x" * 5000}).status_code == 200
    assert _companies_counted(queries) == 2


@pytest.mark.parametrize("language", ["mn", "ja", "en"])
def test_a_page_within_one_company_is_read_in_title_order_alone(
    small_round: SmallRound, viewer_of: Callable[[str], Viewer], language: str
) -> None:
    """Within one company the order is the title's in the reader's language, which the index
    internships_place_title_<language> holds: the page's query orders by it alone, and gives the rows the
    whole list gives there."""
    _more_places(small_round)
    Place.objects.filter(title__en="Maintenance").update(
        title={"en": "Maintenance", "mn": "Засвар", "ja": "保守"}
    )
    with translation.override(language):
        places = selectors.places_of(viewer_of("manager"), small_round.round)
        whole = [place.pk for place in places.order_by(*place_list_order())]
        in_order = selectors.PlacesInListOrder(places)
        with CaptureQueriesContext(connection) as queries:
            pages = [[place.pk for place in in_order[start : start + 2]] for start in range(0, len(whole), 2)]
    assert [pk for page in pages for pk in page] == whole
    one_company = [q["sql"] for q in queries if "LIMIT" in q["sql"] and '"company_id" IN' not in q["sql"]]
    assert one_company, "some page spans a single company"
    assert all("accounts_organization" not in sql.split("ORDER BY")[1] for sql in one_company)

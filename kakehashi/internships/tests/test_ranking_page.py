"""The student's ranking page: each place with its facts, compact arrow buttons with accessible names, a
drop on another line, a polite "saved" notice; the places list keeps the status filter for staff."""

from collections.abc import Callable

import pytest
from django.test import Client

from kakehashi.core.permissions import build_viewer
from kakehashi.internships import services
from kakehashi.internships.models import Application, Choice, Place, PlaceStatus, Round
from kakehashi.internships.tests.test_views import _add_places_and_choices, _open_round

pytestmark = pytest.mark.django_db


def _application(round_: Round) -> Application:
    return Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")


def _order(application: Application) -> list[int]:
    return list(
        Choice.objects.filter(application=application).order_by("position").values_list("place_id", flat=True)
    )


def test_each_place_shows_its_facts_and_compact_named_buttons(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    choice = Choice.objects.filter(application=_application(round_)).select_related("place").first()
    assert choice is not None
    Place.objects.filter(pk=choice.place_id).update(paid=True, housing=True, japanese_level="N3")
    page = client_as("student").get(f"/rounds/{round_.pk}/ranking/").content.decode()
    for fact in ("Paid", "Housing provided", "Japanese: JLPT N3", choice.place.location):
        assert fact in page
    assert f'aria-label="Move “{choice.place.title["en"]}” down"' in page
    assert 'src="/static/js/ranking.js"' in page
    assert 'aria-live="polite"' in page


def test_a_drop_puts_a_place_on_its_new_line_and_says_it_was_saved(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    application = _application(round_)
    _add_places_and_choices(round_, application, 3)
    before = _order(application)
    moved = before[-1]
    response = client_as("student").post(
        f"/rounds/{round_.pk}/ranking/",
        {
            "action": "place_at",
            "place": moved,
            "position": 2,
            "version": Application.objects.get(pk=application.pk).ranking_version,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert _order(application) == [before[0], moved, *before[1:-1]]
    body = response.content.decode()
    assert 'hx-swap-oob="innerHTML:#ranking-status"' in body
    assert "is now choice 2." in body


def test_a_move_without_htmx_redirects_with_a_saved_message(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    application = _application(round_)
    second = _order(application)[1]
    client = client_as("student")
    response = client.post(f"/rounds/{round_.pk}/ranking/", {"action": "up", "place": second}, follow=True)
    assert "Your ranking was saved." in response.content.decode()
    assert _order(application)[0] == second


def test_placing_at_a_line_past_the_end_puts_the_place_last(demo_user: Callable[[str], object]) -> None:
    round_ = _open_round()
    application = _application(round_)
    first = _order(application)[0]
    viewer = build_viewer(demo_user("student"))  # type: ignore[arg-type]
    services.ranking_place_at(viewer=viewer, application=application, place_id=first, position=99)
    assert _order(application)[-1] == first


def test_students_do_not_see_the_status_filter_of_places(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    url = f"/rounds/{round_.pk}/places/"
    assert 'name="status"' not in client_as("student").get(url).content.decode()
    assert 'name="status"' in client_as("manager").get(url).content.decode()
    assert 'name="status"' in client_as("company").get(url).content.decode()
    # A status in the address changes nothing for a student: approved places only, as before.
    draft = client_as("student").get(url + f"?status={PlaceStatus.SUBMITTED}").content.decode()
    assert "No place matches." not in draft

"""The main menu: grouped by area, at most seven entries, cached per (roles, program, language)."""

from collections.abc import Callable
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kakehashi.accounts.models import User
from kakehashi.core import navigation
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.matrix import DEMO_KEYS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()
    navigation.forget_menus()


def menu_of(user: User, language: str = "en") -> navigation.Menu:
    with translation.override(language):
        return navigation.menu_for(build_viewer(user))


@pytest.mark.parametrize("key", DEMO_KEYS)
def test_no_role_sees_more_than_seven_entries(key: str, demo_user: Callable[[str], User]) -> None:
    menu = menu_of(demo_user(key))
    assert 1 <= len(menu.areas) <= 7, [area.label for area in menu.areas]
    assert {area.key for area in menu.areas} <= {key for key, _label in navigation.AREAS}


def test_the_program_office_reaches_budget_reports_and_cohorts(demo_user: Callable[[str], User]) -> None:
    urls = {url for area in menu_of(demo_user("manager")).areas for url in area.urls}
    assert {
        reverse("programme:budget"),
        reverse("programme:report_list"),
        reverse("programme:expense_list"),
        reverse("learning:cohort_list"),
        reverse("companies:board"),
        reverse("internships:round_list"),
    } <= urls


def test_a_teacher_reaches_the_cohorts_and_their_gradebooks(demo_user: Callable[[str], User]) -> None:
    for key in ("teacher", "instructor"):
        urls = {url for area in menu_of(demo_user(key)).areas for url in area.urls}
        assert reverse("learning:cohort_list") in urls, key


def test_areas_hold_their_apps_links_and_the_account_menu_holds_the_persons_own(
    demo_user: Callable[[str], User],
) -> None:
    menu = menu_of(demo_user("admin"))
    areas = {area.key: area.urls for area in menu.areas}
    assert reverse("programme:budget") in areas["program"]
    assert reverse("core:audit_log") in areas["administration"]
    assert reverse("learning:course_list") in areas["learning"]
    assert [url for url, _label in menu.account] == [
        reverse("accounts:profile"),
        reverse("privacy:my_data"),
        reverse("conversations:inbox"),
    ]
    # The funder has no conversations: no such link.
    assert reverse("conversations:inbox") not in [url for url, _label in menu_of(demo_user("funder")).account]


def test_the_menu_is_built_once_per_roles_program_and_language(demo_user: Callable[[str], User]) -> None:
    with mock.patch.object(navigation, "build_menu", wraps=navigation.build_menu) as build:
        first = menu_of(demo_user("student"))
        again = menu_of(demo_user("student2"))  # another student of the same program: the same menu
        assert build.call_count == 1
        assert [a.label for a in again.areas] == [a.label for a in first.areas]
        japanese = menu_of(demo_user("student"), "ja")
        assert build.call_count == 2
        assert [a.label for a in japanese.areas] != [a.label for a in first.areas]
        menu_of(demo_user("manager"))
        assert build.call_count == 3


def test_the_key_names_roles_program_and_language_but_no_person(demo_user: Callable[[str], User]) -> None:
    student, student2 = build_viewer(demo_user("student")), build_viewer(demo_user("student2"))
    manager = build_viewer(demo_user("manager"))
    with translation.override("en"):
        assert navigation.menu_cache_key(student) == navigation.menu_cache_key(student2)
        assert navigation.menu_cache_key(student) != navigation.menu_cache_key(manager)
        english = navigation.menu_cache_key(student)
    with translation.override("mn"):
        assert navigation.menu_cache_key(student) != english


def test_a_page_draws_the_cached_menu_without_reversing_urls(client_as: Callable[..., Client]) -> None:
    client = client_as("manager")
    client.get("/")  # fills the cache
    with mock.patch.object(navigation, "reverse", side_effect=AssertionError("menu rebuilt")):
        response = client.get("/")
    assert response.status_code == 200
    assert reverse("programme:budget").encode() in response.content


def test_the_program_switcher_shows_only_to_people_in_several_programs(
    client_as: Callable[..., Client],
) -> None:
    assert b'class="inline program-switch"' in client_as("manager").get("/").content  # pilot and 2024
    assert b'class="inline program-switch"' not in client_as("student").get("/").content


def test_the_favicon_answers_everyone() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response).startswith(b"\x00\x00\x01\x00")


# --- the cached menu is never stale ------------------------------------------------------------------


def test_a_role_taken_away_leaves_the_menu_on_the_next_page(
    client_as: Callable[..., Client], demo_user: Callable[[str], User]
) -> None:
    from kakehashi.accounts.models import Membership

    client = client_as("manager")
    budget = reverse("programme:budget").encode()
    assert budget in client.get("/privacy/").content  # the menu is now in the cache
    Membership.objects.filter(user=demo_user("manager")).update(is_active=False)
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert budget not in page.content
    assert reverse("programme:expense_list").encode() not in page.content


def test_a_role_given_shows_its_links_on_the_next_page(
    client_as: Callable[..., Client], demo_user: Callable[[str], User]
) -> None:
    from kakehashi.accounts.models import Membership

    client = client_as("student")
    budget = reverse("programme:budget").encode()
    assert budget not in client.get("/privacy/").content
    # The manager's role in the program the student's pages show (the manager holds it in more than one
    # program, and which comes first is not fixed on every database).
    program = build_viewer(demo_user("student")).program
    manager = Membership.objects.get(user=demo_user("manager"), role="program_manager", program=program)
    Membership.objects.create(
        user=demo_user("student"),
        organization=manager.organization,
        program=manager.program,
        role="program_manager",
    )
    assert budget in client.get("/privacy/").content


def test_a_language_change_shows_the_menu_in_the_new_language(client_as: Callable[..., Client]) -> None:
    client = client_as("manager")
    with translation.override("en"):
        english = str(navigation.AREAS[0][1])
    with translation.override("ja"):
        japanese = str(navigation.AREAS[0][1])
    assert english != japanese
    assert f">{english}<".encode() in client.get("/privacy/").content
    response = client.post("/language/", {"language": "ja", "next": "/privacy/"})
    assert response.status_code == 302
    page = client.get("/privacy/").content.decode()
    assert f">{japanese}<" in page
    assert f">{english}<" not in page


def test_no_two_people_sharing_a_menu_key_would_see_different_menus(
    demo_user: Callable[[str], User],
) -> None:
    """The key holds what the menu rules read today (role names, administrator, program, language); if a
    rule came to read more (an organization's kind, a person's own flag), two people of one key would get
    different menus and one of them a stale one. Every demo person's cached menu equals the one drawn for
    them alone."""
    viewers = [build_viewer(demo_user(key)) for key in DEMO_KEYS]
    for language in ("en", "mn"):
        with translation.override(language):
            for viewer in viewers:
                navigation.menu_for(viewer)
            for key, viewer in zip(DEMO_KEYS, viewers, strict=True):
                assert navigation.menu_for(viewer) == navigation.build_menu(viewer), key


# --- the menu's markup, drawn once per menu and current page --------------------------------------------


def test_the_current_page_is_marked_in_the_drawn_menu(client_as: Callable[..., Client]) -> None:
    client = client_as("manager")
    budget = reverse("programme:budget")
    page = client.get(budget).content.decode()
    assert f'<a href="{budget}" aria-current="page">' in page
    assert page.count('aria-current="page"') == 1
    assert page.count("area-current") == 1  # the area holding the budget, open to the eye
    other = client.get(reverse("programme:expense_list")).content.decode()
    assert f'<a href="{budget}">' in other  # the same menu, now with the expense list marked
    assert f'<a href="{reverse("programme:expense_list")}" aria-current="page">' in other
    outside = client.get("/privacy/").content.decode()  # a page the menu does not hold
    assert "area-current" not in outside


def test_the_menu_is_drawn_once_per_current_page_and_names_nobody(
    client_as: Callable[..., Client], demo_user: Callable[[str], User]
) -> None:
    from django.template import loader

    client = client_as("student")
    client.get("/privacy/")
    with mock.patch.object(navigation, "render_to_string", wraps=loader.render_to_string) as draw:
        client.get("/privacy/")
        client_as("student2").get("/privacy/")  # another student of the same program
        assert draw.call_count == 0
        client.get(reverse("accounts:organization_list"))  # a page of the menu: drawn once, marked
        assert draw.call_count == 2  # the areas and the account menu
    for drawn in navigation._drawn.values():
        for areas, account in drawn.drawn.values():
            for key in ("student", "student2"):
                assert demo_user(key).display_name not in areas + account
                assert demo_user(key).email not in areas + account


def test_the_headers_unread_figures_are_one_cache_read(client_as: Callable[..., Client]) -> None:
    from kakehashi.core import header_counts

    client = client_as("student")
    client.get("/privacy/")  # both figures now in the cache
    with mock.patch.object(header_counts.cache, "get_many", wraps=header_counts.cache.get_many) as get_many:
        response = client.get("/privacy/")  # the header shows both badges (when not zero)
    assert get_many.call_count == 1
    assert set(get_many.call_args.args[0]) == {
        f"notifications:unread:{response.wsgi_request.user.pk}",
        f"conversations:unread:{response.wsgi_request.user.pk}",
    }

"""The main menu, grouped by area, computed and drawn once per (roles, program, language) in each process.

Each app lists its own links in `<app>/navigation.py` (`nav_items(viewer) -> [(url, label), ...]`); here they
are sorted into at most seven areas by the app they belong to. An area with one link is drawn as that link,
an area with several as a disclosure (`<details>`) that works without JavaScript.

What a menu shows depends only on the viewer's role names in the current program, whether they are the
platform administrator, the program and the language, so those make the cache key: a person whose roles change
gets another key, and nothing needs invalidating.

The menu's markup is drawn once per key and current page, and kept in the process (`menu_html`): a page
pays a dictionary lookup for it, neither a cache round trip nor the template language. The current page is
marked by drawing the fragment with it (one drawing per link of the menu, plus one for pages outside it),
so the markup is exactly the template's. Nothing in it is personal: the key names no person, and the
person's own parts of the header (their name, programs, badges, forms) stay in base.html.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import (
    Viewer,
    can_browse_people,
    can_manage_scheduled_jobs,
    can_view_audit_log,
)
from kakehashi.core.registry import app_modules

CACHE_VERSION = 2
# Keys kept in a process before it forgets them all (a key is a combination of roles, program and language:
# a few dozen in practice; the bound only keeps a process's memory finite).
MAX_KEYS = 512

# The areas, in menu order, and the app (URL namespace) whose links each gathers.
AREAS: list[tuple[str, Any]] = [
    ("learning", _("Learning")),
    ("companies", _("Companies")),
    ("rounds", _("Rounds")),
    ("interns", _("Interns")),
    ("careers", _("Careers")),
    ("program", _("Program")),
    ("administration", _("Administration")),
]
AREA_OF_NAMESPACE = {
    "learning": "learning",
    "companies": "companies",
    "internships": "rounds",
    "operations": "interns",
    "careers": "careers",
    "programme": "program",
    "accounts": "program",
    "talent": "careers",
    "translations": "administration",
}
# Links that belong to the person rather than to an area: drawn in the account menu.
ACCOUNT_URL_NAMES = frozenset({"privacy:my_data", "accounts:profile", "conversations:inbox"})


@dataclass
class Area:
    key: str
    label: str
    items: list[tuple[str, str]] = field(default_factory=list)

    @property
    def single(self) -> tuple[str, str] | None:
        return self.items[0] if len(self.items) == 1 else None

    @property
    def urls(self) -> list[str]:
        return [url for url, _label in self.items]


@dataclass
class Menu:
    areas: list[Area]
    account: list[tuple[str, str]]


def flat_items(viewer: Viewer) -> list[tuple[str, str]]:
    """Every link the viewer's menu holds, in the apps' order (no query: the rules read the viewer)."""
    items: list[tuple[str, str]] = [
        (reverse("accounts:program_list"), str(_("Programs"))),
        (reverse("accounts:organization_list"), str(_("Organizations"))),
    ]
    if can_browse_people(viewer):
        items.append((reverse("accounts:person_list"), str(_("People"))))
    for app, module in app_modules("navigation"):
        if app != "accounts":
            items.extend((url, str(label)) for url, label in module.nav_items(viewer))
    if can_view_audit_log(viewer):
        items.append((reverse("core:audit_log"), str(_("Audit log"))))
    if can_manage_scheduled_jobs(viewer):
        items.append((reverse("core:job_list"), str(_("Periodic jobs"))))
    return items


def _url_name(url: str) -> tuple[str, str]:
    try:
        match = resolve(url)
    except Resolver404:
        return "", ""
    return match.namespace, f"{match.namespace}:{match.url_name}"


def build_menu(viewer: Viewer) -> Menu:
    areas = {key: Area(key, str(label)) for key, label in AREAS}
    account: list[tuple[str, str]] = [(reverse("accounts:profile"), str(_("Profile")))]
    for url, label in flat_items(viewer):
        namespace, name = _url_name(url)
        if name in ACCOUNT_URL_NAMES:
            account.append((url, label))
            continue
        areas[AREA_OF_NAMESPACE.get(namespace, "administration")].items.append((url, label))
    return Menu(areas=[area for area in areas.values() if area.items], account=account)


def menu_cache_key(viewer: Viewer) -> str:
    roles = ",".join(sorted(viewer.role_names))
    program = viewer.program.pk if viewer.program else 0
    raw = f"{roles}|{int(viewer.is_platform_admin)}|{program}|{get_language()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"kakehashi:menu:{CACHE_VERSION}:{digest}"


@dataclass
class DrawnMenu:
    """A menu and its markup, drawn once per current page among its links ("" for any other page)."""

    menu: Menu
    urls: frozenset[str]
    drawn: dict[str, tuple[str, str]] = field(default_factory=dict)

    def html(self, path: str) -> tuple[str, str]:
        """(the areas' <ul>, the account menu's <li>s) with `path` marked as the current page."""
        current = path if path in self.urls else ""
        pair = self.drawn.get(current)
        if pair is None:
            context = {"menu": self.menu, "current": current}
            pair = (
                render_to_string("includes/menu_areas.html", context),
                render_to_string("includes/menu_account.html", context),
            )
            self.drawn[current] = pair
        return pair


_drawn: dict[str, DrawnMenu] = {}


def forget_menus() -> None:
    """Forget every menu this process drew (tests; a deploy restarts the processes anyway)."""
    _drawn.clear()


def drawn_menu_for(viewer: Viewer) -> DrawnMenu:
    """The viewer's menu, built when nobody with the same roles, program and language has needed it in
    this process yet."""
    key = menu_cache_key(viewer)
    drawn = _drawn.get(key)
    if drawn is None:
        menu = build_menu(viewer)
        urls = frozenset(url for area in menu.areas for url in area.urls) | {url for url, _ in menu.account}
        drawn = DrawnMenu(menu=menu, urls=urls)
        if len(_drawn) >= MAX_KEYS:
            _drawn.clear()
        _drawn[key] = drawn
    return drawn


def menu_for(viewer: Viewer) -> Menu:
    """The viewer's menu (built once per roles, program and language in a process)."""
    return drawn_menu_for(viewer).menu

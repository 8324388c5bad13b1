"""The "Today" list of the home page: what the person has to do now, each item linking to the action.

Each domain app may have `kakehashi/<app>/today.py` with `items(viewer) -> list[TodayItem]`, found through
`kakehashi.core.registry.app_modules("today")`. An app reads through its own viewer-scoped selectors and
rules, returns only what the viewer may open, and runs a fixed number of queries whatever the size of the
data (a home page must not grow with the program): aggregate, and cap lists with `LIMIT`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.apps import apps as django_apps
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from kakehashi.core import cached_figures, table_writes, times
from kakehashi.core.registry import DOMAIN_APPS, app_modules

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.core.permissions import Viewer

# Urgency, most urgent first: `now` is overdue or due today, `soon` has a deadline, `info` is a status.
NOW = "now"
SOON = "soon"
INFO = "info"
URGENCY_ORDER = {NOW: 0, SOON: 1, INFO: 2}
DUE = "due"
AT = "at"
SINCE = "since"
UNTIL = "until"

# The areas the items are grouped under, in the order the home shows them.
AREAS: dict[str, Promise] = {
    "safety": gettext_lazy("Safety"),
    "interns": gettext_lazy("Interns"),
    "rounds": gettext_lazy("Internship rounds"),
    "learning": gettext_lazy("Learning"),
    "companies": gettext_lazy("Companies"),
    "program": gettext_lazy("Program"),
    "support": gettext_lazy("Network support"),
}
CACHE_KIND = "today"
MOST = 6  # items listed one by one in a group before "and N more" (the lists are capped in SQL too)


@dataclass(frozen=True)
class TodayItem:
    """One thing to do: `label` says what, `url` opens the action; `count` of things waiting, `due` a
    date (a deadline by the day) or an aware datetime (shown in the viewer's zone and the other side's,
    both named); `urgency` one of NOW, SOON, INFO."""

    area: str
    label: str | Promise
    url: str
    count: int | None = None
    due: date | datetime | None = None
    urgency: str = SOON
    detail: str | Promise = ""
    # How `due` reads: DUE a deadline ("due ..."), AT an event's time (an interview, a class), SINCE when
    # something has been waiting (an alert, an incident), UNTIL when a state lasts (a round's phase).
    when: str = "due"

    @property
    def sort_key(self) -> tuple[int, str]:
        due = self.due
        if isinstance(due, datetime):
            text = due.isoformat()
        elif isinstance(due, date):
            text = due.isoformat() + "T99"  # a day's deadline after the timed items of that day
        else:
            text = "9999"
        return URGENCY_ORDER.get(self.urgency, 3), text


@dataclass
class TodayGroup:
    area: str
    title: str | Promise
    items: list[TodayItem] = field(default_factory=list)


def due_text(due: date | datetime | None, user: User) -> str:
    """A deadline as the person reads it: a date in their language's format; a time in their zone first,
    with the other side's time beside it and both zones named (Tokyo and Ulaanbaatar are an hour apart)."""
    if due is None:
        return ""
    if isinstance(due, datetime):
        return times.for_person(due, user)
    return formats.date_format(due, "DATE_FORMAT")


def items_for(viewer: Viewer) -> list[TodayItem]:
    """Every app's items for the viewer, most urgent and soonest first: kept per person, language and
    minute until a table of a domain app is written (`watch_tables`). At 100,000 students the apps' dozen
    viewer-scoped queries were most of a home page's time, and a person opens the home many times for
    each change of what it lists. Within the minute, a deadline's urgency may be a minute late. A write
    forgets the lists of every process that shares the cache (Redis in production); with development's
    per-process memory cache, a write by the task worker shows at the next minute."""
    if viewer.program is None and not viewer.is_platform_admin:
        return []
    minute = timezone.now().replace(second=0, microsecond=0)
    parts = (
        viewer.user.pk,
        viewer.program.pk if viewer.program is not None else None,
        viewer.is_platform_admin,
        sorted(viewer.roles),
        translation.get_language(),
        minute.isoformat(),
    )
    return cached_figures.private_figure(CACHE_KIND, parts, lambda: _items_now(viewer))


def _items_now(viewer: Viewer) -> list[TodayItem]:
    found: list[TodayItem] = []
    for _app, module in app_modules("today"):
        found.extend(module.items(viewer))
    return sorted(found, key=lambda item: item.sort_key)


# The tables a Today list may not read (written on reads, or by features no app's items look at).
UNWATCHED_APPS = ("notifications", "conversations", "translations")
UNWATCHED_TABLES = ("privacy_sensitiveread",)


def watch_tables() -> None:
    """Forget every Today list when a table of a domain app is written (kakehashi.core.table_writes): the
    apps' items read through their selectors and rules, which reach into other apps (rounds into
    companies, cases into agreements, everything into accounts), so no narrower list would stay true."""
    tables = {
        model._meta.db_table
        for model in django_apps.get_models(include_auto_created=True)
        if model._meta.app_label in DOMAIN_APPS and model._meta.app_label not in UNWATCHED_APPS
    }
    table_writes.watch(CACHE_KIND, tables - set(UNWATCHED_TABLES))


def groups_for(viewer: Viewer) -> list[TodayGroup]:
    """The viewer's items grouped by area, in the order of AREAS; each group keeps its most urgent first."""
    groups = {area: TodayGroup(area, title) for area, title in AREAS.items()}
    for item in items_for(viewer):
        groups.setdefault(item.area, TodayGroup(item.area, item.area)).items.append(item)
    return [group for group in groups.values() if group.items]


def main_areas(viewer: Viewer) -> list[tuple[str, str]]:
    """The main page of each area the viewer may open (the first menu item of each app), for the empty
    state and the home's shortcuts. No query: the apps' menus run none."""
    areas: list[tuple[str, str]] = []
    for app, module in app_modules("navigation"):
        if app in ("accounts", "privacy"):
            continue
        entries = module.nav_items(viewer)
        if entries:
            url, label = entries[0]
            areas.append((url, str(label)))
    return areas

"""The board's open items of a case, drawn in Python: a page of cases with up to four items each is a
hundred chips, which the template language drew at several times the cost of a string each (issue 18)."""

from collections.abc import Iterable
from datetime import date
from html import escape

from django import template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kakehashi.core.addresses import addresses_by_id
from kakehashi.operations.models import InternCase, TaskStatus

register = template.Library()


def _shortened(title: str, most: int = 32) -> str:
    """A title cut to `most` characters with an ellipsis (the full one is on the case page); a slice, not
    Django's Truncator, whose per-character walk cost more than the rest of a chip."""
    return title if len(title) <= most else title[: most - 1] + "…"


@register.simple_tag
def board_rows(cases: Iterable[InternCase], today: date) -> SafeString:
    """The board's rows, one an intern: the name linking to the case, the host, the arrival, the agreement's
    status as a badge and the open items (`open_items`). Each cell but the first names its column in
    `data-label`, which a phone shows before the value (static/css/operations.css: each intern a card).
    Drawn here for the reason the chips are: the template language spent a third of the page on 25 rows.

    The person's name goes through `conditional_escape`, which keeps its `lang` span (names.NameOnPage);
    every other value through `html.escape`."""
    host, arrival, agreement, items = (
        escape(label) for label in (_("Host company"), _("Arrival"), _("Agreement"), _("Open items"))
    )
    rows = []
    address_of = addresses_by_id("operations:case_detail")  # InternCase.get_absolute_url, reversed once
    for case in cases:
        status = case.agreement_status  # type: ignore[attr-defined]  # agreements.selectors.attach_statuses
        tone = f" badge-{escape(status.tone)}" if status.tone else ""
        url = escape(address_of(case.pk))
        rows.append(
            f'<tr><td><a href="{url}">{conditional_escape(case.intern.display_name)}</a></td>'
            f'<td data-label="{host}">{escape(str(case.host.name))}</td>'
            f'<td data-label="{arrival}">{escape(formats.date_format(case.arrival_on, "DATE_FORMAT"))}</td>'
            f'<td data-label="{agreement}"><span class="badge{tone}">{escape(str(status.label))}</span></td>'
            f'<td data-label="{items}">{open_items(case, today, url)}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308  # nosec B308 B703 - every value above is escaped


def open_items(case: InternCase, today: date, url: str) -> SafeString:
    """The case's first open items (`open_tasks`, BoardItems from selectors.attach_board_items; the number
    of all of them annotated as `open_count`): one chip each, its status, overdue or not, its owner and due
    date in the title; a link to the case (`url`, escaped) for the others; "All done" when there is
    none.

    Every text is escaped here with the standard library's `html.escape` (what Django's `escape` calls),
    once per value: `format_html` checked each argument for laziness and safety, a sixth of the page."""
    tasks = getattr(case, "open_tasks", [])
    if not tasks:
        return mark_safe(escape(_("All done")))  # noqa: S308  # nosec B308 B703 - escaped on this line
    blocked = escape(f" – {_('blocked')}")
    chips = " ".join(
        '<span class="chip status-{status}{overdue}" title="{owner} · {due}">{title}{blocked}</span>'.format(
            status=escape(task.status),
            overdue=" overdue" if task.due_on < today else "",
            owner=escape(task.owner_name),
            due=task.due_on.isoformat(),
            title=escape(_shortened(task.title)),
            blocked=blocked if task.status == TaskStatus.BLOCKED else "",
        )
        for task in tasks
    )
    others = getattr(case, "open_count", len(tasks)) - len(tasks)
    if others > 0:
        more = escape(_("+%(count)s more") % {"count": others})
        chips += f' <a href="{url}" class="more">{more}</a>'
    return mark_safe(chips)  # noqa: S308  # nosec B308 B703 - every value above is escaped

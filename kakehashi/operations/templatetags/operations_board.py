"""The board's open items of a case, drawn in Python: fifty cases of a dozen items each are several hundred
chips, which the template language drew at several times the cost of one `format_html` each (issue 18)."""

from datetime import date

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kakehashi.core.i18n import localized
from kakehashi.operations.models import InternCase, TaskStatus

register = template.Library()


@register.simple_tag
def open_items(case: InternCase, today: date) -> SafeString:
    """The case's first open items (prefetched as `open_tasks`, the number of all of them annotated as
    `open_count`): one chip each, its status, overdue or not, its owner and due date in the title; a link
    to the case for the others; "All done" when there is none."""
    tasks = getattr(case, "open_tasks", [])
    if not tasks:
        return format_html("{}", _("All done"))
    blocked = _("blocked")
    chips = format_html_join(
        " ",
        '<span class="chip status-{}{}" title="{}{}">{}{}</span>',
        (
            (
                task.status,
                " overdue" if task.due_on < today else "",
                f"{localized(task.owner, 'name')} · " if task.owner_id else " · ",
                task.due_on.isoformat(),
                Truncator(localized(task.item, "title")).chars(32),
                f" – {blocked}" if task.status == TaskStatus.BLOCKED else "",
            )
            for task in tasks
        ),
    )
    others = getattr(case, "open_count", len(tasks)) - len(tasks)
    if others <= 0:
        return chips
    more = _("+%(count)s more") % {"count": others}
    return format_html('{} <a href="{}" class="more">{}</a>', chips, case.get_absolute_url(), more)

"""What program management asks of each person today (kakehashi.core.today): the accountant's expenses to
approve and to settle, the program manager's expenses waiting for the accountant, and the funder's
indicators against their targets. A fixed number of queries (the logframe is read in four)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kakehashi.accounts.roles import Role
from kakehashi.core import cached_figures
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer
from kakehashi.core.today import INFO, MOST, SOON, TodayItem
from kakehashi.programme import rules, selectors
from kakehashi.programme.models import ExpenseStatus

AREA = "program"


def items(viewer: Viewer) -> list[TodayItem]:
    if viewer.program is None:
        return []
    found: list[TodayItem] = []
    if rules.can_view_expenses(viewer):
        found += _expenses(viewer)
    if rules.can_view_programme(viewer) and viewer.has_role(Role.FUNDER_VIEWER):
        found += _indicators(viewer)
    return found


def _expenses(viewer: Viewer) -> list[TodayItem]:
    expenses = selectors.expenses_for(viewer)
    assert viewer.program is not None  # items() returns early without one
    # Counted over every expense of the program: kept with the spending figures, forgotten when an
    # expense changes (programme.selectors.spending_changed).
    figures = cached_figures.figure(
        "spending",
        ("today-expenses", viewer.program.pk),
        lambda: expenses.aggregate(
            entered=Count("pk", filter=Q(status=ExpenseStatus.ENTERED)),
            approved=Count("pk", filter=Q(status=ExpenseStatus.APPROVED)),
            oldest=Min("spent_on", filter=Q(status=ExpenseStatus.ENTERED)),
        ),
    )
    url = reverse("programme:expense_list")
    found = []
    approver = rules.can_approve_expense(viewer)
    if figures["entered"]:
        found.append(
            TodayItem(
                AREA,
                ngettext(
                    "%(count)d expense to approve.",
                    "%(count)d expenses to approve.",
                    figures["entered"],
                )
                % {"count": figures["entered"]}
                if approver
                else ngettext(
                    "%(count)d expense waits for the accountant's approval.",
                    "%(count)d expenses wait for the accountant's approval.",
                    figures["entered"],
                )
                % {"count": figures["entered"]},
                url + "?status=entered",
                count=figures["entered"],
                urgency=SOON if approver else INFO,
                detail=_("The oldest was spent on %(date)s.")
                % {"date": formats.date_format(figures["oldest"], "DATE_FORMAT")},
            )
        )
    if figures["approved"] and approver:
        found.append(
            TodayItem(
                AREA,
                ngettext(
                    "%(count)d approved expense to settle.",
                    "%(count)d approved expenses to settle.",
                    figures["approved"],
                )
                % {"count": figures["approved"]},
                url + "?status=approved",
                count=figures["approved"],
                urgency=INFO,
            )
        )
    return found


def _number(value: Decimal) -> str:
    return formats.number_format(value.normalize() if value == value.to_integral() else value, use_l10n=True)


def _indicators(viewer: Viewer) -> list[TodayItem]:
    rows = [
        row for row in selectors.indicator_rows(selectors.logframe_for(viewer)) if row.target not in (None, 0)
    ]
    url = reverse("programme:indicators")

    def progress(row: selectors.IndicatorRow) -> Decimal:
        latest = row.latest.value if row.latest is not None and row.latest.value is not None else Decimal(0)
        assert row.target
        return latest / row.target

    rows.sort(key=progress)
    found = []
    for row in rows[:MOST]:
        assert row.target is not None
        latest = row.latest.value if row.latest is not None else None
        title = localized(row.indicator, "title")
        if latest is None:
            label = _("%(indicator)s: no value yet, target %(target)s.") % {
                "indicator": title,
                "target": _number(row.target),
            }
        else:
            label = _("%(indicator)s: %(value)s of the target %(target)s (%(percent)d%%).") % {
                "indicator": title,
                "value": _number(latest),
                "target": _number(row.target),
                "percent": round(100 * latest / row.target),
            }
        found.append(
            TodayItem(
                AREA,
                label,
                url,
                urgency=INFO,
                detail=_("Latest value for the period ending %(date)s.")
                % {"date": formats.date_format(row.latest.period_end, "DATE_FORMAT")}
                if row.latest is not None
                else "",
            )
        )
    return found

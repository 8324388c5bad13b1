"""Program management pages: thin views over selectors and services.

The views are split by topic into the modules of this package (overview, logframe, activity_schedule,
budgets, expenses, reports, meetings); this module re-exports them, so `urls.py`'s `views.dashboard`
etc. keep working.
"""

from kakehashi.programme.views.activity_schedule import activity_edit, schedule
from kakehashi.programme.views.budgets import budget, budget_edit
from kakehashi.programme.views.expenses import (
    expense_approve,
    expense_create,
    expense_detail,
    expense_edit,
    expense_list,
    expense_receipt,
    expense_settle,
)
from kakehashi.programme.views.logframe import (
    indicator_edit,
    indicator_value,
    indicators,
    indicators_snapshot,
)
from kakehashi.programme.views.meetings import (
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_list,
    meeting_pdf,
)
from kakehashi.programme.views.overview import dashboard, iati_export
from kakehashi.programme.views.reports import (
    report_build,
    report_create,
    report_detail,
    report_download,
    report_list,
    report_status,
)

__all__ = [
    "activity_edit",
    "budget",
    "budget_edit",
    "dashboard",
    "expense_approve",
    "expense_create",
    "expense_detail",
    "expense_edit",
    "expense_list",
    "expense_receipt",
    "expense_settle",
    "iati_export",
    "indicator_edit",
    "indicator_value",
    "indicators",
    "indicators_snapshot",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_list",
    "meeting_pdf",
    "report_build",
    "report_create",
    "report_detail",
    "report_download",
    "report_list",
    "report_status",
    "schedule",
]

"""The pages of the operations app: cases and their checklist, residence, travel and stay, safety,
daily reports, evaluations and the certificate.

The views are split by topic into the modules of this package; this module re-exports them, so that
`urls.py` keeps using `views.case_list` and the like. No module of this package is named like a view.
"""

from kakehashi.operations.views.cases import board, case_detail, case_list, my_case
from kakehashi.operations.views.checklist import support_item_edit, support_item_list, task_edit
from kakehashi.operations.views.daily_reports import report_detail, report_week, report_write
from kakehashi.operations.views.evaluations import certificate, evaluation_edit, evaluation_list
from kakehashi.operations.views.residence_and_stay import (
    residence,
    residence_edit,
    sensitive,
    sheet,
    travel,
    travel_edit,
)
from kakehashi.operations.views.residence_pack import (
    residence_pack,
    residence_pack_document,
    residence_pack_download,
    residence_pack_signed,
)
from kakehashi.operations.views.safety import (
    alert_acknowledge,
    alert_list,
    call_list,
    checkin,
    checkin_link,
    incident_close,
    incident_create,
    incident_detail,
    safety_settings,
)

__all__ = [
    "alert_acknowledge",
    "alert_list",
    "board",
    "call_list",
    "case_detail",
    "case_list",
    "certificate",
    "checkin",
    "checkin_link",
    "evaluation_edit",
    "evaluation_list",
    "incident_close",
    "incident_create",
    "incident_detail",
    "my_case",
    "report_detail",
    "report_week",
    "report_write",
    "residence",
    "residence_edit",
    "residence_pack",
    "residence_pack_document",
    "residence_pack_download",
    "residence_pack_signed",
    "safety_settings",
    "sensitive",
    "sheet",
    "support_item_edit",
    "support_item_list",
    "task_edit",
    "travel",
    "travel_edit",
]

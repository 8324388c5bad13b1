"""Every change to an intern's case goes through here.

The services are split by topic into the modules of this package; this module re-exports their public
names, so `from kakehashi.operations import services; services.case_open(...)` keeps working. A test
that replaces a name must patch it in the module that looks it up (e.g. `services.safety._notify`).
"""

from kakehashi.operations.services.cases import case_open
from kakehashi.operations.services.checklist import (
    REFERENCE,
    reference_items,
    support_item_save,
    support_items_ensure,
    task_update,
)
from kakehashi.operations.services.daily_reports import report_comment, report_save
from kakehashi.operations.services.evaluations import RUBRIC, evaluation_save
from kakehashi.operations.services.notices import NOTICE_SEND_ATTEMPTS, notice_failed, notice_send
from kakehashi.operations.services.residence_and_stay import (
    SECRET_TRAVEL_FIELDS,
    TRAVEL_FIELDS,
    residence_update,
    sensitive_reveal,
    stay_update,
)
from kakehashi.operations.services.residence_pack import (
    pack_document_upload,
    residence_documents_tick,
    residence_pack_build,
    residence_pack_request,
)
from kakehashi.operations.services.safety import (
    ESCALATE_AFTER,
    alert_acknowledge,
    check_missed_checkins,
    checkin_by_link,
    checkin_link,
    checkin_link_case,
    checkin_record,
    checkin_without_login,
    incident_close,
    incident_report,
    safety_settings_save,
)

__all__ = [
    "ESCALATE_AFTER",
    "NOTICE_SEND_ATTEMPTS",
    "REFERENCE",
    "RUBRIC",
    "SECRET_TRAVEL_FIELDS",
    "TRAVEL_FIELDS",
    "alert_acknowledge",
    "case_open",
    "check_missed_checkins",
    "checkin_by_link",
    "checkin_link",
    "checkin_link_case",
    "checkin_record",
    "checkin_without_login",
    "evaluation_save",
    "incident_close",
    "incident_report",
    "notice_failed",
    "notice_send",
    "pack_document_upload",
    "reference_items",
    "report_comment",
    "report_save",
    "residence_documents_tick",
    "residence_pack_build",
    "residence_pack_request",
    "residence_update",
    "safety_settings_save",
    "sensitive_reveal",
    "stay_update",
    "support_item_save",
    "support_items_ensure",
    "task_update",
]

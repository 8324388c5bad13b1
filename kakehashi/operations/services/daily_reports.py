"""Daily reports: the intern writes (or rewrites) the report of a day of the internship, and the people
following the case comment on it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import DailyReport, InternCase, ReportComment


@transaction.atomic
def report_save(
    *,
    viewer: Viewer,
    case: InternCase,
    day: date,
    language: str,
    body: str,
    idempotency_key: str = "",
) -> DailyReport:
    """Write (or rewrite) the report of a day. A save carrying an `idempotency_key` already recorded (a
    report saved offline and sent again when the connection returned) changes nothing and answers the
    report it recorded."""
    require(rules.can_write_report(viewer, case))
    if idempotency_key:
        replayed = DailyReport.objects.filter(case=case, idempotency_key=idempotency_key).first()
        if replayed is not None:
            return replayed
    if not case.arrival_on <= day <= case.departure_on:
        raise ValidationError({"day": _("Choose a day of the internship.")})
    if day > timezone.localdate():
        raise ValidationError({"day": _("A daily report cannot be written for a day still to come.")})
    if not body.strip():
        raise ValidationError({"body": _("Write what you did and learned today.")})
    defaults: dict[str, object] = {"language": language, "body": body}
    if idempotency_key:
        defaults["idempotency_key"] = idempotency_key
    report, _created = DailyReport.objects.update_or_create(case=case, day=day, defaults=defaults)
    return report


@transaction.atomic
def report_comment(*, viewer: Viewer, report: DailyReport, body: str) -> ReportComment:
    require(rules.can_comment_report(viewer, report.case))
    if not body.strip():
        raise ValidationError({"body": _("Write a comment first.")})
    return ReportComment.objects.create(report=report, author=viewer.user, body=body)

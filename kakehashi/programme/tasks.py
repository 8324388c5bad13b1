from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.programme import reports
from kakehashi.programme.models import Report, ReportStatus


@task
def build_report(report_id: int) -> str:
    """Build a report's PDF and workbook; a failure is kept on the report for the status page."""
    report = Report.objects.select_related("program").get(pk=report_id)
    try:
        reports.build(report)
    except Exception as error:
        Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(error)[:2000])
        raise
    return report.status

from django.tasks import task  # type: ignore[attr-defined]
from django.utils.translation import gettext as _

from kakehashi.core.background import on_worker_lost
from kakehashi.notifications.events import Later
from kakehashi.notifications.services import notify
from kakehashi.programme import reports
from kakehashi.programme.models import Report, ReportStatus


@task
def build_report(report_id: int) -> str:
    """Build a report's PDF and workbook; a failure is kept on the report for the status page."""
    report = Report.objects.select_related("program", "built_by").get(pk=report_id)
    try:
        reports.build(report)
    except Exception as error:
        Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(error)[:2000])
        _tell_builder(report, "programme.report_failed")
        raise
    _tell_builder(report, "programme.report_built")
    return report.status


def _tell_builder(report: Report, event: str) -> None:
    """The person who asked for the build hears that it is done (or not): it may take minutes."""
    if report.built_by is not None:
        notify(
            [report.built_by],
            event,
            {"report": Later(lambda: str(report))},
            url=report.get_absolute_url(),
            about=f"report:{report.pk}",
            send_now=True,
        )


@on_worker_lost(build_report, retry=True)
def _report_lost(report_id: int) -> None:
    """Building writes the files again from the figures, so a lost build is run again; when the attempts
    run out, the report stuck at "building" says so and can be built again."""
    Report.objects.filter(pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.BUILDING]).update(
        status=ReportStatus.FAILED,
        error=_("Building the report stopped unexpectedly. Build it again."),
    )

"""The intern's phone: my case, the daily check-in and daily reports."""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import field_validator

from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.core.multilingual.text import content_languages
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.models import CheckIn, CheckInStatus, DailyReport, InternCase

router = Router(tags=["internship operations"])


def _viewer(request: HttpRequest) -> Viewer:
    caller = viewer(request)
    require(rules.can_list_cases(caller))
    return caller


def _my_case(caller: Viewer) -> InternCase:
    case = selectors.my_case(caller)
    if case is None:
        raise HttpError(404, _("You have no internship case."))
    return case


class TaskOut(Schema):
    key: str
    title: str
    owner: str
    due_on: date
    status: str


class CaseOut(Schema):
    id: int
    host: str
    arrival_on: date
    departure_on: date
    route: str
    checkin_deadline: str
    checked_in_today: bool
    tasks: list[TaskOut]


class CheckInIn(Schema):
    status: CheckInStatus = CheckInStatus.OK
    note: str = ""


class CheckInOut(Schema):
    day: date
    at: datetime
    status: str


class ReportIn(Schema):
    day: date
    language: str
    body: str

    @field_validator("language")
    @classmethod
    def configured_language(cls, value: str) -> str:
        if value not in content_languages():
            raise ValueError(f"one of {', '.join(content_languages())}")
        return value


class ReportOut(Schema):
    id: int
    day: date
    language: str
    body: str
    comments: list[str]


@router.get(
    "/operations/my-case",
    response=answers(CaseOut, 404),
    url_name="operations_my_case",
    summary="The caller's internship",
)
def my_case(request: HttpRequest) -> CaseOut:
    case = _my_case(_viewer(request))
    return CaseOut(
        id=case.pk,
        host=str(case.host.name),
        arrival_on=case.arrival_on,
        departure_on=case.departure_on,
        route=case.route,
        checkin_deadline=case.checkin_deadline.strftime("%H:%M"),
        checked_in_today=case.checkins.filter(day=timezone.localdate()).exists(),
        tasks=[
            TaskOut(
                key=task.item.key,
                title=str(task.item.title),
                owner=str(task.owner.name) if task.owner else "",
                due_on=task.due_on,
                status=task.status,
            )
            for task in selectors.tasks_of(case)
        ],
    )


@router.post(
    "/operations/check-in",
    response=answers(CheckInOut, 400, 404, status=201, also={200: CheckInOut}),
    url_name="operations_check_in",
    summary="Today's safety check-in (201 the first of the day, 200 when it updates that one)",
)
def check_in(request: HttpRequest, payload: CheckInIn) -> tuple[int, CheckInOut]:
    caller = _viewer(request)
    case = _my_case(caller)
    # The service keeps one check-in a day and updates it when tapped again.
    existed = CheckIn.objects.filter(case=case, day=timezone.localdate()).exists()
    checkin = services.checkin_record(viewer=caller, case=case, status=payload.status, note=payload.note)
    return (200 if existed else 201), CheckInOut(day=checkin.day, at=checkin.at, status=checkin.status)


def _report_out(report: object) -> ReportOut:
    return ReportOut(
        id=report.pk,  # type: ignore[attr-defined]
        day=report.day,  # type: ignore[attr-defined]
        language=report.language,  # type: ignore[attr-defined]
        body=report.body,  # type: ignore[attr-defined]
        comments=[c.body for c in report.comments.all()],  # type: ignore[attr-defined]
    )


@router.get(
    "/operations/daily-reports",
    response=answers(list[ReportOut], 404),
    url_name="operations_daily_reports",
    summary="Daily reports, newest first",
)
@paginate(LimitOffset)
def daily_reports(request: HttpRequest, case: Id | None = None) -> Rows:
    """The caller's own reports, or those of a case the caller may see (?case=ID)."""
    caller = _viewer(request)
    the_case = selectors.case_for(caller, case) if case else _my_case(caller)
    return Rows(the_case.reports.prefetch_related("comments").order_by("-day"), _report_out)


@router.post(
    "/operations/daily-reports",
    response=answers(ReportOut, 400, 404, status=201, also={200: ReportOut}),
    url_name="operations_daily_reports",
    summary="Write a daily report (201 for a new day, 200 when it replaces that day's report)",
)
def daily_report_write(request: HttpRequest, payload: ReportIn) -> tuple[int, ReportOut]:
    caller = _viewer(request)
    case = _my_case(caller)
    # The service keeps one report a day and replaces it when written again.
    existed = DailyReport.objects.filter(case=case, day=payload.day).exists()
    report = services.report_save(
        viewer=caller, case=case, day=payload.day, language=payload.language, body=payload.body
    )
    return (200 if existed else 201), _report_out(report)

"""The intern's phone: my case, the daily check-in and daily reports."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kakehashi.accounts.models import User
from kakehashi.core.permissions import Viewer, build_viewer, require
from kakehashi.operations import rules, selectors, services
from kakehashi.operations.models import CheckInStatus, InternCase, ReportLanguage

router = Router(tags=["internship operations"])


def _viewer(request: HttpRequest) -> Viewer:
    assert isinstance(request.user, User)
    viewer = build_viewer(request.user)
    require(rules.can_list_cases(viewer))
    return viewer


def _my_case(viewer: Viewer) -> InternCase:
    case = selectors.my_case(viewer)
    if case is None:
        raise Http404
    return case


def _bad_request(error: ValidationError) -> HttpError:
    return HttpError(400, " ".join(error.messages))


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
    status: str = CheckInStatus.OK
    note: str = ""


class CheckInOut(Schema):
    day: date
    at: datetime
    status: str


class ReportIn(Schema):
    day: date
    language: str
    body: str


class ReportOut(Schema):
    id: int
    day: date
    language: str
    body: str
    comments: list[str]


@router.get(
    "/operations/my-case", response=CaseOut, url_name="operations_my_case", summary="The caller's internship"
)
def my_case(request: HttpRequest) -> CaseOut:
    from django.utils import timezone

    case = _my_case(_viewer(request))
    return CaseOut(
        id=case.pk,
        host=case.host.name,
        arrival_on=case.arrival_on,
        departure_on=case.departure_on,
        route=case.route,
        checkin_deadline=case.checkin_deadline.strftime("%H:%M"),
        checked_in_today=case.checkins.filter(day=timezone.localdate()).exists(),
        tasks=[
            TaskOut(
                key=task.item.key,
                title=task.item.title,
                owner=task.owner.name if task.owner else "",
                due_on=task.due_on,
                status=task.status,
            )
            for task in selectors.tasks_of(case)
        ],
    )


@router.post(
    "/operations/check-in",
    response=CheckInOut,
    url_name="operations_check_in",
    summary="Today's safety check-in",
)
def check_in(request: HttpRequest, payload: CheckInIn) -> CheckInOut:
    viewer = _viewer(request)
    case = _my_case(viewer)
    if payload.status not in CheckInStatus.values:
        raise HttpError(400, "status must be one of: " + ", ".join(CheckInStatus.values))
    try:
        checkin = services.checkin_record(viewer=viewer, case=case, status=payload.status, note=payload.note)
    except ValidationError as error:
        raise _bad_request(error) from error
    return CheckInOut(day=checkin.day, at=checkin.at, status=checkin.status)


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
    response=list[ReportOut],
    url_name="operations_daily_reports",
    summary="Daily reports",
)
def daily_reports(request: HttpRequest, case: int | None = None) -> list[ReportOut]:
    """The caller's own reports, or those of a case the caller may see (?case=ID)."""
    viewer = _viewer(request)
    the_case = selectors.case_for(viewer, case) if case else _my_case(viewer)
    return [_report_out(r) for r in the_case.reports.prefetch_related("comments").order_by("-day")[:100]]


@router.post(
    "/operations/daily-reports",
    response=ReportOut,
    url_name="operations_daily_reports",
    summary="Write a daily report",
)
def daily_report_write(request: HttpRequest, payload: ReportIn) -> ReportOut:
    viewer = _viewer(request)
    case = _my_case(viewer)
    if payload.language not in ReportLanguage.values:
        raise HttpError(400, "language must be one of: ja, en, mn")
    try:
        report = services.report_save(
            viewer=viewer, case=case, day=payload.day, language=payload.language, body=payload.body
        )
    except ValidationError as error:
        raise _bad_request(error) from error
    return _report_out(report)

"""What the internship in Japan asks of each person today (kakehashi.core.today): the intern's check-in,
daily report and evaluations; the host's reports to comment and evaluations due; the college's view of
its students' check-ins; the safety officer's, city's and program manager's open alerts, incidents and
blocked living-support items. A fixed number of queries whatever the number of cases: aggregates, capped
lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kakehashi.accounts import names
from kakehashi.core import cached_figures
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer
from kakehashi.core.today import AT, INFO, MOST, NOW, SINCE, SOON, TodayItem
from kakehashi.operations import rules, selectors
from kakehashi.operations.models import (
    AlertKind,
    DailyReport,
    EvaluationKind,
    Incident,
    InternCase,
    Severity,
    SupportTask,
    TaskStatus,
)

AREA_INTERNS = "interns"
AREA_SAFETY = "safety"
# The host evaluates the intern from a week before the end until a month after it.
EVALUATE_FROM = timedelta(days=7)
EVALUATE_UNTIL = timedelta(days=30)


def items(viewer: Viewer) -> list[TodayItem]:
    if not rules.can_list_cases(viewer) or viewer.program is None:
        return []
    today = timezone.localdate()
    found = _intern(viewer, today)
    if rules.host_ids(viewer):
        found += _host(viewer, today)
    if rules.college_ids(viewer):
        found += _college(viewer, today)
    if rules.can_see_alerts(viewer) and rules.follows_safety(viewer):
        found += _safety(viewer, today)
    return found


def _deadline(day: date, case: InternCase) -> datetime:
    return datetime.combine(day, case.checkin_deadline, tzinfo=timezone.get_default_timezone())


# --- the intern ----------------------------------------------------------------------------------------


def _intern(viewer: Viewer, today: date) -> list[TodayItem]:
    case = selectors.my_case(viewer)
    if case is None or not rules.can_check_in(viewer, case):
        return []
    found = []
    running = case.arrival_on <= today <= case.departure_on
    if running:
        checked = case.checkins.filter(day=today).exists()
        if not checked:
            found.append(
                TodayItem(
                    AREA_INTERNS,
                    _("Check in today: tell us you are safe."),
                    reverse("operations:checkin"),
                    due=_deadline(today, case),
                    urgency=NOW,
                )
            )
        if rules.can_write_report(viewer, case) and not case.reports.filter(day=today).exists():
            found.append(
                TodayItem(
                    AREA_INTERNS,
                    _("Write today's daily report."),
                    reverse("operations:report_write", args=[case.pk]),
                    due=today,
                    urgency=SOON,
                )
            )
    elif case.arrival_on > today:
        found.append(
            TodayItem(
                AREA_INTERNS,
                _("Get ready for your internship at %(host)s: follow your checklist.")
                % {"host": localized(case.host, "name")},
                reverse("operations:my_case"),
                due=case.arrival_on,
                when=AT,
                urgency=INFO,
            )
        )
    if case.departure_on - EVALUATE_FROM <= today <= case.departure_on + EVALUATE_UNTIL:
        written = set(case.evaluations.filter(author=viewer.user).values_list("kind", flat=True))
        for kind, label in (
            (EvaluationKind.OF_COMPANY, _("Evaluate your host company.")),
            (EvaluationKind.OF_PROGRAM, _("Evaluate the program.")),
        ):
            if kind not in written and rules.can_evaluate(viewer, case, kind):
                found.append(
                    TodayItem(
                        AREA_INTERNS,
                        label,
                        reverse("operations:evaluation_edit", args=[case.pk, kind]),
                        due=case.departure_on + EVALUATE_UNTIL,
                        urgency=SOON,
                    )
                )
    return found


# --- the host company ----------------------------------------------------------------------------------


def _host(viewer: Viewer, today: date) -> list[TodayItem]:
    # The host's interns of now and of the last month (an old diary left uncommented is not today's work).
    hosted = selectors.cases_visible_to(viewer).filter(
        host_id__in=rules.host_ids(viewer), cancelled=False, departure_on__gte=today - EVALUATE_UNTIL
    )
    found = []
    waiting = (
        DailyReport.objects.filter(case__in=hosted.values("pk"), comments__isnull=True)
        .values("case_id", *names.name_values("case__intern__"))
        .annotate(n=Count("pk"), first=Min("day"), last=Max("day"))
        .order_by("first", "case_id")[:MOST]
    )
    for row in waiting:
        name = names.full_name(names.from_values(row, "case__intern__"), get_language())
        found.append(
            TodayItem(
                AREA_INTERNS,
                ngettext(
                    "%(count)d daily report from %(name)s to comment.",
                    "%(count)d daily reports from %(name)s to comment.",
                    row["n"],
                )
                % {"count": row["n"], "name": name},
                reverse("operations:report_week", args=[row["case_id"]]) + f"?week={row['last'].isoformat()}",
                count=row["n"],
                due=row["first"] + timedelta(days=2),
                urgency=SOON,
            )
        )
    due = (
        hosted.filter(
            departure_on__gte=today - EVALUATE_UNTIL,
            departure_on__lte=today + EVALUATE_FROM,
        )
        .exclude(evaluations__kind=EvaluationKind.OF_INTERN)
        .order_by("departure_on", "pk")[:MOST]
    )
    for case in due:
        if rules.can_evaluate(viewer, case, EvaluationKind.OF_INTERN):
            found.append(
                TodayItem(
                    AREA_INTERNS,
                    _("Evaluate %(name)s at the end of the internship.") % {"name": case.intern.display_name},
                    reverse("operations:evaluation_edit", args=[case.pk, EvaluationKind.OF_INTERN]),
                    due=case.departure_on + EVALUATE_UNTIL,
                    urgency=NOW if case.departure_on < today else SOON,
                )
            )
    return found


# --- the partner college -------------------------------------------------------------------------------


def _college(viewer: Viewer, today: date) -> list[TodayItem]:
    figures = (
        selectors.cases_visible_to(viewer)
        .filter(
            college_id__in=rules.college_ids(viewer),
            cancelled=False,
            arrival_on__lte=today,
            departure_on__gte=today,
        )
        .aggregate(total=Count("pk", distinct=True), checked=Count("checkins", filter=Q(checkins__day=today)))
    )
    total, checked = figures["total"], figures["checked"]
    if not total:
        return []
    return [
        TodayItem(
            AREA_INTERNS,
            ngettext(
                "%(checked)d of your %(total)d student in Japan checked in today.",
                "%(checked)d of your %(total)d students in Japan checked in today.",
                total,
            )
            % {"checked": checked, "total": total},
            reverse("operations:case_list") + "?stage=in_japan",
            count=total - checked,
            urgency=INFO if checked >= total else SOON,
        )
    ]


# --- safety and living support -------------------------------------------------------------------------


def _safety(viewer: Viewer, today: date) -> list[TodayItem]:
    found = []
    alerts = (
        selectors.alerts_visible_to(viewer, open_only=True)
        .values("kind")
        .annotate(n=Count("pk"), first=Min("raised_at"))
        .order_by()
    )
    labels: dict[str, Callable[[int], str]] = {
        AlertKind.MISSED_CHECKIN: lambda n: ngettext(
            "%(count)d missed check-in to follow up.", "%(count)d missed check-ins to follow up.", n
        ),
        AlertKind.HELP_REQUESTED: lambda n: ngettext(
            "%(count)d intern asked for help.", "%(count)d interns asked for help.", n
        ),
    }
    for row in alerts:
        label = labels.get(row["kind"])
        text = (
            label(row["n"]) % {"count": row["n"]}
            if label
            else ngettext("%(count)d open alert: %(kind)s.", "%(count)d open alerts: %(kind)s.", row["n"])
            % {"count": row["n"], "kind": AlertKind(row["kind"]).label}
        )
        found.append(
            TodayItem(
                AREA_SAFETY,
                text,
                reverse("operations:alert_list") + "?open=1",
                count=row["n"],
                due=row["first"],
                when=SINCE,
                urgency=NOW,
            )
        )
    cases = selectors.cases_visible_to(viewer).values("pk")
    open_incidents = Incident.objects.filter(case__in=cases, closed_at__isnull=True)
    serious = (Severity.HIGH, Severity.CRITICAL)
    for incident in open_incidents.select_related("case__intern").order_by("-occurred_at", "-pk")[:MOST]:
        found.append(
            TodayItem(
                AREA_SAFETY,
                _("Open incident (%(severity)s): %(name)s.")
                % {"severity": incident.get_severity_display(), "name": incident.case.intern.display_name},
                reverse("operations:incident_detail", args=[incident.pk]),
                due=incident.occurred_at,
                when=SINCE,
                urgency=NOW if incident.severity in serious else SOON,
            )
        )
    open_tasks = SupportTask.objects.filter(
        case__in=selectors.cases_visible_to(viewer)
        .filter(cancelled=False, departure_on__gte=today)
        .values("pk")
    )
    # Counted over every item of every case (14,000 at 1,000 interns): kept with the board's figures, which
    # are forgotten whenever a case, an item or an organization changes; the key holds the viewer's roles,
    # so a role given or taken away counts at once.
    program_id = viewer.program.pk if viewer.program is not None else 0
    tasks = cached_figures.figure(
        "board",
        ("today-tasks", viewer.is_platform_admin, program_id, viewer.user.pk, sorted(viewer.roles), today),
        lambda: open_tasks.aggregate(
            blocked=Count("pk", filter=Q(status=TaskStatus.BLOCKED)),
            overdue=Count(
                "pk", filter=Q(status__in=(TaskStatus.TODO, TaskStatus.IN_PROGRESS), due_on__lt=today)
            ),
        ),
    )
    if tasks["blocked"]:
        found.append(
            TodayItem(
                AREA_SAFETY,
                ngettext(
                    "%(count)d living-support item is blocked.",
                    "%(count)d living-support items are blocked.",
                    tasks["blocked"],
                )
                % {"count": tasks["blocked"]},
                reverse("operations:board") + "?blocked=1",
                count=tasks["blocked"],
                urgency=NOW,
            )
        )
    if tasks["overdue"]:
        found.append(
            TodayItem(
                AREA_SAFETY,
                ngettext(
                    "%(count)d living-support item is overdue.",
                    "%(count)d living-support items are overdue.",
                    tasks["overdue"],
                )
                % {"count": tasks["overdue"]},
                reverse("operations:board"),
                count=tasks["overdue"],
                urgency=SOON,
            )
        )
    return found

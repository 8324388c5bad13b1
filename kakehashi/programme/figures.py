"""The registry of platform figures that give indicators their actual values.

Each figure is a small function `fn(program, until) -> Decimal | None`, registered by key with
`@figure("internships.interns")`. None means "not available yet": the app that holds the data is not
installed, or has no such model yet. Figures count what happened up to and including `until`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Membership, Participation, Program
from kakehashi.accounts.roles import OrganizationKind, Role

FigureFn = Callable[[Program, date], Decimal | int | None]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise | str
    fn: FigureFn


FIGURES: dict[str, Figure] = {}


def figure(key: str, label: Promise | str) -> Callable[[FigureFn], FigureFn]:
    def register(fn: FigureFn) -> FigureFn:
        FIGURES[key] = Figure(key, label, fn)
        return fn

    return register


def measure(key: str, program: Program, until: date) -> Decimal | None:
    """The figure's value, or None when the figure is unknown or its data is not available yet."""
    entry = FIGURES.get(key)
    if entry is None:
        return None
    try:
        value = entry.fn(program, until)
    except FieldError:
        # The app exists but its models do not have the shape this figure expects yet.
        return None
    return None if value is None else Decimal(value)


def figure_choices() -> list[tuple[str, str]]:
    return [(key, str(entry.label)) for key, entry in sorted(FIGURES.items())]


def model_or_none(app_label: str, model_name: str) -> type[Model] | None:
    if not apps.is_installed(f"kakehashi.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


# --- figures from accounts (available now) -----------------------------------------------------------


@figure("accounts.host_companies", _("Host companies taking part in the program"))
def participating_host_companies(program: Program, until: date) -> int:
    return Participation.objects.filter(
        program=program, organization__kind=OrganizationKind.HOST_COMPANY, joined_on__lte=until
    ).count()


@figure("accounts.partner_colleges", _("Partner colleges taking part in the program"))
def participating_partner_colleges(program: Program, until: date) -> int:
    return Participation.objects.filter(
        program=program, organization__kind=OrganizationKind.PARTNER_COLLEGE, joined_on__lte=until
    ).count()


def _people_with_role(program: Program, until: date, role: str) -> int:
    return (
        Membership.objects.filter(program=program, role=role, is_active=True, created_at__date__lte=until)
        .values("user_id")
        .distinct()
        .count()
    )


@figure("accounts.students", _("Students registered on the platform"))
def registered_students(program: Program, until: date) -> int:
    return _people_with_role(program, until, Role.STUDENT)


@figure("accounts.partner_teachers", _("Partner-college teachers registered on the platform"))
def registered_teachers(program: Program, until: date) -> int:
    return _people_with_role(program, until, Role.PARTNER_TEACHER)


@figure("accounts.mentors", _("Company mentors registered on the platform"))
def registered_mentors(program: Program, until: date) -> int:
    return _people_with_role(program, until, Role.MENTOR)


# --- figures of apps being built (None until their models exist) ------------------------------------


def _placements(program: Program, until: date) -> Any:
    placement = model_or_none("internships", "Placement")
    if placement is None:
        return None
    return placement.objects.filter(  # type: ignore[attr-defined]
        round__program=program, status="accepted", round__internship_starts_on__lte=until
    )


@figure("internships.interns", _("Interns"))
def interns(program: Program, until: date) -> int | None:
    placements = _placements(program, until)
    return None if placements is None else placements.values("application__student_id").distinct().count()


@figure("internships.host_companies", _("Host companies with an intern"))
def host_companies(program: Program, until: date) -> int | None:
    placements = _placements(program, until)
    return None if placements is None else placements.values("place__company_id").distinct().count()


@figure("internships.applicants_per_round", _("Applicants per round (latest round)"))
def applicants_per_round(program: Program, until: date) -> int | None:
    application = model_or_none("internships", "Application")
    round_model = model_or_none("internships", "Round")
    if application is None or round_model is None:
        return None
    latest = (
        round_model.objects.filter(program=program, internship_starts_on__lte=until)  # type: ignore[attr-defined]
        .order_by("-internship_starts_on")
        .first()
    )
    if latest is None:
        return None
    return application.objects.filter(round=latest, submitted_at__isnull=False).count()  # type: ignore[attr-defined]


def _percent(share: float | None) -> Decimal | None:
    return None if share is None else (Decimal(str(share)) * 100).quantize(Decimal("0.1"))


def _host_company_ids(program: Program, until: date) -> list[int]:
    return list(
        Participation.objects.filter(
            program=program, organization__kind=OrganizationKind.HOST_COMPANY, joined_on__lte=until
        ).values_list("organization_id", flat=True)
    )


@figure("companies.ready", _("Companies that finished the readiness program"))
def _ready_companies(program: Program, until: date) -> int:
    from kakehashi.companies.selectors import ready_organization_ids

    # Ready by `until`: every required item verified (reviewed_at) by then. The required items are
    # today's list: the items keep no history of when they were added or made required.
    return len(ready_organization_ids(_host_company_ids(program, until), as_of=until))


@figure("companies.readiness_score_avg", _("Average readiness score of the host companies (%)"))
def _readiness_score_avg(program: Program, until: date) -> Decimal | None:
    from kakehashi.companies.selectors import readiness_scores

    scores = readiness_scores(_host_company_ids(program, until), as_of=until)
    if not scores:
        return None
    return (Decimal(sum(scores.values())) / len(scores)).quantize(Decimal("0.1"))


@figure("learning.courses_published", _("Courses developed"))
def _courses_published(program: Program, until: date) -> int:
    from kakehashi.learning.models import Course

    # A course keeps no date of publication, so the best available date is its creation: a course created
    # after `until` is not counted. A draft created before `until` and published after it still counts,
    # until Course records when it was published.
    return Course.objects.filter(program=program, status="published", created_at__date__lte=until).count()


def _learners_certified(program: Program, until: date, track: str) -> int:
    from kakehashi.learning.models import Certificate

    return (
        Certificate.objects.filter(course__program=program, course__track=track, issued_on__lte=until)
        .values("user_id")
        .distinct()
        .count()
    )


@figure("learning.teachers_completed", _("Teachers who completed the teacher track"))
def _teachers_completed(program: Program, until: date) -> int:
    return _learners_certified(program, until, "teacher")


@figure("learning.students_completed", _("Students who completed at least one course"))
def _students_completed(program: Program, until: date) -> int:
    return _learners_certified(program, until, "student")


@figure("careers.offer_rate", _("Interns who receive a job offer (%)"))
def _offer_rate(program: Program, until: date) -> Decimal | None:
    from kakehashi.careers.selectors import offer_rate

    return _percent(offer_rate(program, until))


@figure("careers.hired", _("Graduates hired"))
def _hired(program: Program, until: date) -> int:
    from kakehashi.careers.selectors import hires_count

    return hires_count(program, until)


def _retention(program: Program, until: date, months: int) -> Decimal | None:
    from kakehashi.careers.models import RetentionCheck

    # The company answers "still employed"; only the answers it gave by `until` count.
    answered = RetentionCheck.objects.filter(
        hire__program=program,
        months=months,
        still_employed__isnull=False,
        company_answered_at__date__lte=until,
    )
    total = answered.count()
    if not total:
        return None
    return _percent(answered.filter(still_employed=True).count() / total)


@figure("careers.retention_12m", _("Still employed after 12 months (%)"))
def _retention_12m(program: Program, until: date) -> Decimal | None:
    return _retention(program, until, 12)


@figure("careers.retention_24m", _("Still employed after 24 months (%)"))
def _retention_24m(program: Program, until: date) -> Decimal | None:
    return _retention(program, until, 24)


@figure("careers.retention_36m", _("Still employed after 36 months (%)"))
def _retention_36m(program: Program, until: date) -> Decimal | None:
    return _retention(program, until, 36)


@figure("operations.safe_completion_rate", _("Internships finished without a serious incident (%)"))
def _safe_completion_rate(program: Program, until: date) -> Decimal | None:
    from kakehashi.operations.selectors import safe_completion_rate

    return _percent(safe_completion_rate(program, until))

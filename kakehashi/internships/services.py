"""Every change to rounds, places, applications, rankings, runs and results goes through here."""

import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Organization, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import (
    DATED_PHASES,
    PHASE_ORDER,
    Application,
    Choice,
    CompanyRank,
    DeadlineReminder,
    MatchingRun,
    Nomination,
    Notification,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
    RoundPhase,
    RunKind,
    RunStatus,
    today,
)
from kakehashi.internships.signals import placement_accepted
from kakehashi.privacy.uploads import validate_upload

CV_MAX_BYTES = 5 * 1024 * 1024

# --- rounds and phases -------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    viewer: Viewer,
    name: str,
    key: str,
    internship_starts_on: date,
    internship_ends_on: date,
    phase_dates: dict[str, tuple[date, date]] | None = None,
) -> Round:
    require(rules.can_manage_rounds(viewer))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    if Round.objects.filter(program=viewer.program, key=key).exists():
        raise ValidationError({"key": _("A round with this key already exists in this program.")})
    round_ = Round(
        program=viewer.program,
        name=name,
        key=key,
        internship_starts_on=internship_starts_on,
        internship_ends_on=internship_ends_on,
    )
    round_.full_clean()
    round_.save()
    phases = phase_dates or default_phase_dates(internship_starts_on)
    RoundPhase.objects.bulk_create(
        RoundPhase(round=round_, phase=phase, starts_on=phases[phase][0], ends_on=phases[phase][1])
        for phase in DATED_PHASES
    )
    return round_


def default_phase_dates(internship_starts_on: date) -> dict[str, tuple[date, date]]:
    """A plan counted back from the internship: two weeks a phase, ending a month before it starts."""
    end = internship_starts_on - timedelta(days=30)
    dates: dict[str, tuple[date, date]] = {}
    for phase in reversed(DATED_PHASES):
        start = end - timedelta(days=13)
        dates[phase] = (start, end)
        end = start - timedelta(days=1)
    return dates


@transaction.atomic
def round_set_phase(*, viewer: Viewer, round_: Round, phase: str) -> Round:
    """Open a phase: the round moves to it (forward or back), and the people it concerns are told."""
    require(rules.can_manage_round(viewer, round_))
    if phase not in PHASE_ORDER:
        raise ValidationError(_("This phase does not exist."))
    if phase == round_.phase:
        raise ValidationError(_("The round is already in this phase."))
    round_.phase = phase
    round_.save(update_fields=["phase", "updated_at"])
    label = Phase(phase).label
    _notify(
        _people_concerned(round_, phase),
        round_,
        "phase_opened",
        lambda: _("%(round)s: the phase “%(phase)s” is open.") % {"round": round_.name, "phase": label},
        round_.get_absolute_url(),
    )
    return round_


def phase_dates_save(*, viewer: Viewer, round_: Round, phase: str, starts_on: date, ends_on: date) -> None:
    require(rules.can_manage_round(viewer, round_))
    if ends_on < starts_on:
        raise ValidationError(_("A phase cannot end before it starts."))
    RoundPhase.objects.update_or_create(
        round=round_, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )


def phase_deadline(round_: Round, phase: str) -> date | None:
    return RoundPhase.objects.filter(round=round_, phase=phase).values_list("ends_on", flat=True).first()


def _require_before_deadline(round_: Round, phase: str, message: str) -> None:
    deadline = phase_deadline(round_, phase)
    if round_.phase != phase and not (phase == Phase.RANKINGS and round_.phase == Phase.INTERVIEWS):
        raise ValidationError(message)
    if deadline is not None and today() > deadline:
        raise ValidationError(message)


def _people_concerned(round_: Round, phase: str) -> list[User]:
    roles_by_phase: dict[str, list[str]] = {
        Phase.PLACES: [Role.COMPANY_ADMIN],
        Phase.APPLICATIONS: [Role.STUDENT, Role.PARTNER_TEACHER],
        Phase.SCREENING: [Role.PARTNER_TEACHER, Role.NGO_COORDINATOR],
        Phase.INTERVIEWS: [Role.COMPANY_ADMIN],
        Phase.RANKINGS: [Role.COMPANY_ADMIN],
        Phase.ACCEPTANCE: [Role.COMPANY_ADMIN],
    }
    roles = roles_by_phase.get(phase, [])
    if not roles:
        return []
    users = User.objects.filter(
        memberships__program_id=round_.program_id, memberships__role__in=roles, memberships__is_active=True
    ).distinct()
    if phase == Phase.ACCEPTANCE:
        return list(
            users.filter(memberships__organization__internship_places__round=round_).distinct()
        ) + list(User.objects.filter(internship_applications__placements__round=round_).distinct())
    return list(users)


# --- places ------------------------------------------------------------------------------------------


def company_is_ready(company: Organization) -> bool:
    """The companies app decides readiness; until it exists, every company counts as ready."""
    try:
        from kakehashi.companies.selectors import is_company_ready  # type: ignore
    except ImportError:
        return True
    return bool(is_company_ready(company))


@transaction.atomic
def place_save(*, viewer: Viewer, place: Place) -> Place:
    """A company writes or corrects a place; it goes (back) to the program office for review."""
    creating = place.pk is None
    if creating:
        require(rules.can_write_place(viewer, place.round, place.company_id))
        if place.company.kind != OrganizationKind.HOST_COMPANY:
            raise ValidationError(_("Only host companies offer internship places."))
        if not company_is_ready(place.company):
            raise ValidationError(
                _("Your company must finish the readiness program before it offers places.")
            )
    else:
        require(rules.can_edit_place(viewer, place))
    if not rules.can_manage_round(viewer, place.round):
        place.status = PlaceStatus.SUBMITTED
        place.return_reason = ""
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def place_review(*, viewer: Viewer, place: Place, approve: bool, reason: str = "") -> Place:
    require(rules.can_review_place(viewer, place))
    if approve:
        place.status = PlaceStatus.APPROVED
        place.return_reason = ""
    else:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Say why the place is returned, so the company can correct it.")}
            )
        place.status = PlaceStatus.RETURNED
        place.return_reason = reason.strip()
    place.save(update_fields=["status", "return_reason", "updated_at"])
    admins = User.objects.filter(
        memberships__organization_id=place.company_id,
        memberships__role=Role.COMPANY_ADMIN,
        memberships__program_id=place.round.program_id,
        memberships__is_active=True,
    ).distinct()
    _notify(
        admins,
        place.round,
        "place_reviewed",
        (lambda: _("Your place “%(title)s” was approved.") % {"title": place.title_en})
        if approve
        else (
            lambda: (
                _("Your place “%(title)s” was returned: %(reason)s")
                % {"title": place.title_en, "reason": place.return_reason}
            )
        ),
        place.get_absolute_url(),
    )
    return place


# --- applications and rankings -----------------------------------------------------------------------


def _student_college(viewer: Viewer) -> Organization:
    colleges = sorted(rules.student_college_ids(viewer))
    if not colleges:
        require(False, _("Only students of a partner college can apply."))
    return Organization.objects.get(pk=colleges[0])


def check_cv(upload: Any) -> None:
    """A PDF (by its content, not its name) of at most 5 MB."""
    try:
        validate_upload(upload, allowed={"pdf"}, max_bytes=CV_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"cv": error.messages}) from None


@transaction.atomic
def application_save(
    *, viewer: Viewer, round_: Round, data: dict[str, Any], cv: Any = None, consent: bool = False
) -> Application:
    """Create or update the student's own draft application while applications are open."""
    require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
    application = Application.objects.filter(round=round_, student=viewer.user).first()
    if application is None:
        application = Application(round=round_, student=viewer.user, college=_student_college(viewer))
    application.round = round_
    if not rules.can_change_application(viewer, application):
        raise ValidationError(_("Applications are closed for this round."))
    for field, value in data.items():
        setattr(application, field, value)
    if cv is not None:
        check_cv(cv)
        application.cv = cv
    if consent:
        _record_consent(viewer.user, application, give=True)
    application.full_clean()
    application.save()
    return application


def _record_consent(user: User, application: Application, *, give: bool) -> bool:
    """Give (if `give`) the privacy app's consent to the transfer to Japan with its current text, and
    note on the application which version was agreed to and when. False if there is no consent."""
    from kakehashi.privacy import services as privacy
    from kakehashi.privacy.models import ConsentKind

    consent = privacy.active_consent(user, ConsentKind.CROSS_BORDER_TRANSFER)
    if consent is None and give:
        text = privacy.current_text(ConsentKind.CROSS_BORDER_TRANSFER)
        if text is None:
            raise ValidationError(_("The consent text is not published yet; please ask the program office."))
        consent = privacy.consent_give(user=user, text=text)
    if consent is None:
        return False
    version = consent_version_label(consent.text.version)
    if application.consent_version != version or application.consent_at is None:
        application.consent_version = version
        application.consent_at = consent.given_at
    return True


def consent_version_label(version: int) -> str:
    """How the application records the version of the privacy app's text its student agreed to."""
    return f"privacy-v{version}"


@transaction.atomic
def application_submit(*, viewer: Viewer, application: Application) -> Application:
    if not rules.can_change_application(viewer, application):
        raise ValidationError(_("Applications are closed for this round."))
    _require_before_deadline(application.round, Phase.APPLICATIONS, _("The application deadline has passed."))
    from kakehashi.privacy.models import ConsentKind
    from kakehashi.privacy.services import require_consent

    try:
        require_consent(application.student, ConsentKind.CROSS_BORDER_TRANSFER)
    except PermissionDenied as error:
        # Not a 403: the student can act on it, on the consent page the message names.
        raise ValidationError(str(error), code="consent") from None
    if not application.choices.exists():
        raise ValidationError(_("Please rank at least one place before you submit."))
    _record_consent(application.student, application, give=False)
    if application.submitted_at is None:
        application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at", "consent_version", "consent_at", "updated_at"])
    return application


def _ranking_guard(viewer: Viewer, application: Application, expected_version: int | None) -> None:
    if application.student_id != viewer.user.pk:
        require(False)
    _require_before_deadline(
        application.round,
        Phase.APPLICATIONS,
        _("The ranking deadline has passed; your ranking can no longer change."),
    )
    _bump_version(Application, application, "ranking_version", expected_version)


def _bump_version(
    model: type[Application] | type[Place], obj: Application | Place, field: str, expected: int | None
) -> None:
    """Optimistic locking of a ranking (as kakehashi.core.locking): one UPDATE ... WHERE version = expected.

    Of two changes made from the same version exactly one passes; the other is refused, and, being
    raised inside the service's transaction, changes nothing. `expected=None` (no version known, e.g. a
    script) takes the row's current version."""
    current = expected
    if current is None:
        current = model._default_manager.filter(pk=obj.pk).values_list(field, flat=True).get()
    updated = model._default_manager.filter(pk=obj.pk, **{field: current}).update(**{field: F(field) + 1})
    if updated != 1:
        raise ValidationError(
            _("Someone else changed this meanwhile. Reload the page to see their changes, then edit again."),
            code="stale",
        )
    setattr(obj, field, current + 1)


@transaction.atomic
def ranking_add(
    *, viewer: Viewer, application: Application, place: Place, expected_version: int | None = None
) -> Choice:
    _ranking_guard(viewer, application, expected_version)
    if place.round_id != application.round_id:
        raise ValidationError(_("This place belongs to another round."))
    if place.status != PlaceStatus.APPROVED:
        raise ValidationError(_("This place is not open for applications."))
    if Choice.objects.filter(application=application, place=place).exists():
        raise ValidationError(_("You already ranked this place."))
    last = Choice.objects.filter(application=application).aggregate(m=Max("position"))["m"] or 0
    return Choice.objects.create(application=application, place=place, position=last + 1)


@transaction.atomic
def ranking_move(
    *,
    viewer: Viewer,
    application: Application,
    place_id: int,
    direction: str,
    expected_version: int | None = None,
) -> None:
    """Move a place one line up or down (the accessible alternative to dragging)."""
    _ranking_guard(viewer, application, expected_version)
    choices = list(Choice.objects.filter(application=application).order_by("position"))
    index = next((i for i, c in enumerate(choices) if c.place_id == place_id), None)
    if index is None:
        raise ValidationError(_("This place is not in your ranking."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(choices):
        return
    choices[index], choices[other] = choices[other], choices[index]
    _renumber(choices)


@transaction.atomic
def ranking_remove(
    *, viewer: Viewer, application: Application, place_id: int, expected_version: int | None = None
) -> None:
    _ranking_guard(viewer, application, expected_version)
    deleted, _rows = Choice.objects.filter(application=application, place_id=place_id).delete()
    if not deleted:
        raise ValidationError(_("This place is not in your ranking."))
    _renumber(list(Choice.objects.filter(application=application).order_by("position")))


def _renumber(choices: list[Choice]) -> None:
    for position, choice in enumerate(choices, start=1):
        choice.position = position
    Choice.objects.bulk_update(choices, ["position"])


# --- screening ---------------------------------------------------------------------------------------


@transaction.atomic
def nomination_decide(
    *, viewer: Viewer, application: Application, nominate: bool, reason: str
) -> Application:
    require(
        rules.can_nominate(viewer, application),
        _("Only the student's college decides nominations, during screening."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for the decision.")})
    application.nomination = Nomination.NOMINATED if nominate else Nomination.NOT_NOMINATED
    application.nomination_reason = reason.strip()
    application.nominated_by = viewer.user
    application.confirmed_at = None
    application.confirmed_by = None
    application.save()
    _notify(
        [application.student],
        application.round,
        "nomination",
        (lambda: _("Your college nominated you for %(round)s.") % {"round": application.round.name})
        if nominate
        else (
            lambda: _("Your college did not nominate you for %(round)s.") % {"round": application.round.name}
        ),
        application.get_absolute_url(),
    )
    return application


@transaction.atomic
def nomination_confirm(*, viewer: Viewer, application: Application) -> Application:
    require(
        rules.can_confirm(viewer, application),
        _("Only the NGO coordinator confirms nominations, during screening."),
    )
    application.confirmed_at = timezone.now()
    application.confirmed_by = viewer.user
    application.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return application


# --- company rankings --------------------------------------------------------------------------------


@transaction.atomic
def company_ranking_save(
    *, viewer: Viewer, place: Place, ranks: dict[int, int | None], expected_version: int | None = None
) -> None:
    """Set the company's ranks for a place: {application id: rank or None}; equal ranks are ties.

    `expected_version` is the place's ranking version the form was rendered with: of two saves from the
    same version, the second is refused and asked to reload."""
    require(rules.can_rank_applicants(viewer, place) or place.company_id in rules.company_ids(viewer))
    _require_before_deadline(
        place.round, Phase.RANKINGS, _("The ranking deadline has passed; rankings can no longer change.")
    )
    _bump_version(Place, place, "ranking_version", expected_version)
    eligible = set(
        Choice.objects.filter(
            place=place, application__nomination=Nomination.NOMINATED, application__confirmed_at__isnull=False
        ).values_list("application_id", flat=True)
    )
    strangers = set(ranks) - eligible
    if strangers:
        raise ValidationError(_("You can rank only confirmed nominees who ranked this place."))
    if any(rank is not None and rank < 1 for rank in ranks.values()):
        raise ValidationError(_("A rank is a whole number from 1."))
    CompanyRank.objects.filter(place=place, application_id__in=list(ranks)).delete()
    CompanyRank.objects.bulk_create(
        CompanyRank(place=place, application_id=app_id, rank=rank) for app_id, rank in ranks.items() if rank
    )


# --- matching runs -----------------------------------------------------------------------------------


def build_instance(
    round_: Round,
    *,
    kind: str = RunKind.FIRST,
    college_cap: int | None = None,
    college_caps: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The engine's input from the database: confirmed nominees ranking approved places, and each place's
    ranking (ties as lists) restricted to those who ranked it. Four queries whatever the round's size."""
    applications = dict(
        Application.objects.filter(
            round=round_,
            nomination=Nomination.NOMINATED,
            confirmed_at__isnull=False,
            submitted_at__isnull=False,
        ).values_list("pk", "college__key")
    )
    capacities = dict(
        Place.objects.filter(round=round_, status=PlaceStatus.APPROVED).values_list("pk", "capacity")
    )
    if kind == RunKind.SECOND:
        taken: dict[int, int] = {}
        for app_id, place_id, status, student_answer in Placement.objects.filter(round=round_).values_list(
            "application_id", "place_id", "status", "student_answer"
        ):
            # A student who declined leaves; one a company declined may be matched again.
            if status != PlacementStatus.DECLINED or student_answer == PlacementStatus.DECLINED:
                applications.pop(app_id, None)
            if status != PlacementStatus.DECLINED:
                taken[place_id] = taken.get(place_id, 0) + 1
        capacities = {pk: cap - taken.get(pk, 0) for pk, cap in capacities.items() if cap > taken.get(pk, 0)}
    rankings: dict[int, list[int]] = {pk: [] for pk in applications}
    ranked_by: dict[int, set[int]] = {pk: set() for pk in capacities}
    # Joins on the round rather than long IN lists: SQLite plans those badly at 10,000 applicants.
    for app_id, place_id in (
        Choice.objects.filter(application__round=round_, place__round=round_)
        .order_by("application_id", "position")
        .values_list("application_id", "place_id")
    ):
        if app_id in rankings and place_id in ranked_by:
            rankings[app_id].append(place_id)
            ranked_by[place_id].add(app_id)
    levels: dict[int, dict[int, list[str]]] = {pk: {} for pk in capacities}
    for place_id, app_id, rank in CompanyRank.objects.filter(place__round=round_).values_list(
        "place_id", "application_id", "rank"
    ):
        if place_id in ranked_by and app_id in ranked_by[place_id]:
            levels[place_id].setdefault(rank, []).append(f"a{app_id}")
    colleges = sorted(set(applications.values()))
    # One cap for every college (`college_cap`), or a cap per college key; a college without one has none.
    caps: dict[str, int] = dict.fromkeys(colleges, college_cap) if college_cap else {}
    caps.update({key: cap for key, cap in (college_caps or {}).items() if key in colleges and cap})
    places = []
    for place_id, capacity in sorted(capacities.items()):
        ranking: list[Any] = []
        for rank in sorted(levels[place_id]):
            group = sorted(levels[place_id][rank])
            ranking.append(group[0] if len(group) == 1 else group)
        entry: dict[str, Any] = {"id": f"p{place_id}", "capacity": capacity, "ranking": ranking}
        if caps:
            entry["group_caps"] = dict(caps)
        places.append(entry)
    students = [
        {"id": f"a{pk}", "group": college, "ranking": [f"p{p}" for p in rankings[pk]]}
        for pk, college in sorted(applications.items())
    ]
    return {"students": students, "places": places}


@transaction.atomic
def run_create(
    *,
    viewer: Viewer,
    round_: Round,
    algorithm: str,
    proposing: str,
    seed: int,
    college_cap: int | None = None,
    college_caps: dict[str, int] | None = None,
) -> MatchingRun:
    """Freeze the input now and solve it in the background; the run keeps both for reproduction."""
    require(rules.can_manage_round(viewer, round_))
    if not rules.can_run_matching(viewer, round_):
        raise ValidationError(_("Matching runs are made during the matching phase or the second run."))
    kind = RunKind.SECOND if round_.phase == Phase.SECOND_RUN else RunKind.FIRST
    run = MatchingRun(
        round=round_,
        kind=kind,
        algorithm=algorithm,
        proposing=proposing,
        seed=seed,
        college_cap=college_cap,
        college_caps={key: cap for key, cap in (college_caps or {}).items() if cap},
        created_by=viewer.user,
    )
    if any(cap < 1 for cap in run.college_caps.values()):
        raise ValidationError(_("A college cap is a whole number from 1, or empty for no cap."))
    run.instance = build_instance(round_, kind=kind, college_cap=college_cap, college_caps=run.college_caps)
    run.full_clean(exclude=["instance", "result"])
    run.save()
    from kakehashi.internships.tasks import execute_run

    run_id = run.pk
    transaction.on_commit(lambda: execute_run.enqueue(run_id))
    return run


def run_execute(*, run_id: int) -> MatchingRun:
    """The task's body: solve the stored instance and store the result with its explanations."""
    from kakehashi.matching import Instance, InstanceError, solve

    run = MatchingRun.objects.get(pk=run_id)
    if run.is_finished:
        return run
    MatchingRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, progress=10)
    started = time.perf_counter()
    try:
        instance = Instance.from_dict(run.instance)
        result = solve(
            instance, algorithm=run.algorithm, proposing=run.proposing, seed=run.seed, explain=True
        )
    except (InstanceError, ValueError, ImportError) as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
        run.progress = 100
    else:
        from kakehashi.internships.selectors import digest_of

        run.result = result.to_dict()
        run.digest = digest_of(run.instance, run.result)
        run.stable = result.stable
        run.status = RunStatus.DONE
        run.progress = 100
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.save(
        update_fields=[
            "result",
            "digest",
            "stable",
            "status",
            "progress",
            "error",
            "duration_ms",
            "updated_at",
        ]
    )
    return run


@transaction.atomic
def run_check(*, viewer: Viewer, run: MatchingRun) -> list[str]:
    """Check the stored assignment against the stored input again, independently of the solver."""
    from kakehashi.matching import Instance, check

    require(rules.can_manage_round(viewer, run.round))
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has no result to check yet."))
    instance = Instance.from_dict(run.instance)
    report = check(instance, run.result["assignment"])
    run.stable = report.ok
    run.checked_at = timezone.now()
    run.save(update_fields=["stable", "checked_at", "updated_at"])
    return report.lines(instance)


def _publication_refusal(run: MatchingRun) -> str | None:
    """Why this run cannot be published (now), or None."""
    if run.status != RunStatus.DONE or run.checked_at is None:
        return _("Check the run before you publish it.")
    if not run.stable:
        return _("This run is not stable; it cannot be published.")
    if run.published_at is not None:
        return _("This run is already published.")
    if run.is_publishing:
        return _("This run is being published; its page shows the progress.")
    if (
        MatchingRun.objects.filter(round=run.round, kind=run.kind)
        .exclude(pk=run.pk)
        .filter(
            Q(published_at__isnull=False) | Q(publication_status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        )
        .exists()
    ):
        return _("A run of this kind is already published for this round.")
    expected_phase = Phase.SECOND_RUN if run.kind == RunKind.SECOND else Phase.MATCHING
    if run.round.phase != expected_phase:
        return _("This run can be published only in the phase it was made for.")
    return None


@transaction.atomic
def run_publish(*, viewer: Viewer, run: MatchingRun) -> MatchingRun:
    """Ask for a checked, stable run to be published. What can be refused is refused now; the placements
    and notifications are made by a background task (`publish_run`), whose progress the run page shows."""
    require(rules.can_manage_round(viewer, run.round))
    run = (
        MatchingRun.objects.select_for_update(of=("self",))
        .select_related("round")
        .defer("instance", "result", "digest")
        .get(pk=run.pk)
    )
    refusal = _publication_refusal(run)
    if refusal:
        raise ValidationError(refusal)
    # An UPDATE, not save(): the audit log would read the whole stored input and result to compare them.
    # The publication itself (published_at, in the task) is audited.
    MatchingRun.objects.filter(pk=run.pk).update(
        publication_status=RunStatus.QUEUED,
        publication_progress=0,
        publication_error="",
        updated_at=timezone.now(),
    )
    run.publication_status = RunStatus.QUEUED
    from kakehashi.internships.tasks import publish_run

    run_id = run.pk
    transaction.on_commit(lambda: publish_run.enqueue(run_id))
    return run


def run_publish_execute(*, run_id: int) -> MatchingRun:
    """The task's body: the run's matches become placements, and everyone concerned is told."""
    MatchingRun.objects.filter(pk=run_id, publication_status=RunStatus.QUEUED).update(
        publication_status=RunStatus.RUNNING, publication_progress=10
    )
    try:
        count = _publish(run_id)
    except ValidationError as error:
        MatchingRun.objects.filter(pk=run_id).update(
            publication_status=RunStatus.FAILED, publication_progress=100, publication_error=error.messages[0]
        )
    else:
        if count is not None:
            MatchingRun.objects.filter(pk=run_id).update(
                publication_status=RunStatus.DONE, publication_progress=100
            )
    return MatchingRun.objects.defer("instance").get(pk=run_id)


@transaction.atomic
def _publish(run_id: int) -> int | None:
    """Placements, the round's next phase and notifications, in one transaction; None if already done."""
    run = (
        MatchingRun.objects.select_for_update(of=("self",))
        .select_related("round")
        .defer("instance")
        .get(pk=run_id)
    )
    if run.published_at is not None or run.publication_status != RunStatus.RUNNING:
        return None
    round_ = run.round
    run.publication_status = ""  # checked as if not asked for yet, against the other runs of the round
    refusal = _publication_refusal(run)
    run.publication_status = RunStatus.RUNNING
    if refusal:
        raise ValidationError(refusal)
    matches = {
        int(student[1:]): int(place[1:]) for student, place in run.result["assignment"].items() if place
    }
    Placement.objects.bulk_create(
        (
            Placement(round=round_, run=run, application_id=app_id, place_id=place_id)
            for app_id, place_id in matches.items()
        ),
        batch_size=1000,
    )
    run.published_at = timezone.now()
    run.save(update_fields=["published_at", "updated_at"])
    if run.kind == RunKind.FIRST:
        round_.phase = Phase.RESULTS
        round_.save(update_fields=["phase", "updated_at"])
    in_run = set(run.result["assignment"])
    students = [
        user
        for user in User.objects.filter(internship_applications__round=round_).annotate(
            application_id=F("internship_applications__pk")
        )
        if f"a{user.application_id}" in in_run  # type: ignore[attr-defined]
    ]
    companies = User.objects.filter(
        memberships__organization__internship_places__pk__in=set(matches.values()),
        memberships__role=Role.COMPANY_ADMIN,
        memberships__program_id=round_.program_id,
    ).distinct()
    url = reverse("internships:result", args=[round_.pk])
    _notify(
        [*students, *companies],
        round_,
        "result_published",
        lambda: _("The results of %(round)s are published.") % {"round": round_.name},
        url,
    )
    return len(matches)


# --- results -----------------------------------------------------------------------------------------


def placement_deadline(placement: Placement) -> date | None:
    phase = Phase.SECOND_RUN if placement.run.kind == RunKind.SECOND else Phase.ACCEPTANCE
    return phase_deadline(placement.round, phase)


@transaction.atomic
def placement_answer(*, viewer: Viewer, placement: Placement, accept: bool) -> Placement:
    """The student or the company accepts or declines; a decline frees the place for the second run."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("round", "run", "application", "place")
        .defer("run__instance", "run__result")
        .get(pk=placement.pk)
    )
    is_student = placement.application.student_id == viewer.user.pk
    is_company = placement.place.company_id in rules.company_ids(viewer)
    require(is_student or is_company)
    allowed = (
        (Phase.SECOND_RUN,) if placement.run.kind == RunKind.SECOND else (Phase.RESULTS, Phase.ACCEPTANCE)
    )
    deadline = placement_deadline(placement)
    if placement.round.phase not in allowed or (deadline is not None and today() > deadline):
        raise ValidationError(_("The deadline to answer has passed."))
    if placement.status != PlacementStatus.OFFERED:
        raise ValidationError(_("This result is already decided."))
    answer = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
    if is_student:
        placement.student_answer = answer
    if is_company:
        placement.company_answer = answer
    if PlacementStatus.DECLINED in (placement.student_answer, placement.company_answer):
        placement.status = PlacementStatus.DECLINED
        placement.decided_at = timezone.now()
    elif placement.student_answer == placement.company_answer == PlacementStatus.ACCEPTED:
        placement.status = PlacementStatus.ACCEPTED
        placement.decided_at = timezone.now()
        accepted = placement
        transaction.on_commit(lambda: placement_accepted.send(sender=Placement, placement=accepted))
    placement.save()
    return placement


# --- notifications -----------------------------------------------------------------------------------


def _notify(
    users: Iterable[User], round_: Round | None, kind: str, message: Callable[[], str], url: str = ""
) -> list[Notification]:
    """One notification per person, written in their language, and an email after the commit."""
    made = []
    seen: set[int] = set()
    texts: dict[str, str] = {}  # one translation per language, not per person
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        if user.preferred_language not in texts:
            with translation.override(user.preferred_language):
                texts[user.preferred_language] = str(message())
        made.append(
            Notification(user=user, round=round_, kind=kind, text=texts[user.preferred_language], url=url)
        )
    created = Notification.objects.bulk_create(made, batch_size=1000)
    ids = [n.pk for n in created if n.pk]
    if ids:
        from kakehashi.internships.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """One email per notification, in the person's language, over one connection."""
    from django.core.mail import EmailMessage, mailers

    messages = []
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        with translation.override(notification.user.preferred_language):
            subject = _("Kakehashi: %(text)s") % {"text": notification.text[:80]}
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        body = f"{notification.text}\n\n{link}\n"
        messages.append(EmailMessage(subject, body, to=[notification.user.email]))
    if not messages:
        return 0
    return int(mailers.default.send_messages(messages) or 0)


def _deadline_message(name: str, label: object) -> Callable[[], str]:
    def message() -> str:
        return _("%(round)s: the phase “%(phase)s” ends in two days.") % {"round": name, "phase": label}

    return message


@transaction.atomic
def deadline_reminders(*, on: date | None = None) -> int:
    """Tell the people concerned that a phase ends in two days (run daily by the scheduler).

    Idempotent per day: a phase reminded of today is not reminded again, however often this runs."""
    sent_on = on or today()
    day = sent_on + timedelta(days=2)
    count = 0
    for phase_dates in RoundPhase.objects.filter(ends_on=day).select_related("round"):
        round_ = phase_dates.round
        if round_.phase != phase_dates.phase:
            continue
        _reminder, created = DeadlineReminder.objects.get_or_create(
            round=round_, phase=phase_dates.phase, sent_on=sent_on
        )
        if not created:
            continue
        label = Phase(phase_dates.phase).label
        count += len(
            _notify(
                _people_concerned(round_, phase_dates.phase),
                round_,
                "deadline",
                _deadline_message(round_.name, label),
                round_.get_absolute_url(),
            )
        )
    return count

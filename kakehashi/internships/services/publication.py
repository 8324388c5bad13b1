"""Publication of a matching run: what refuses it, the request (queued for a background task), and
the task's body that turns the run's matches into placements and tells everyone concerned."""

import itertools

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import (
    MatchingRun,
    Phase,
    Placement,
    PlacementStatus,
    RunAssignment,
    RunKind,
    RunStatus,
)
from kakehashi.internships.selectors.matching_runs import publication_refusal
from kakehashi.internships.services.matching_runs import analyze
from kakehashi.internships.services.notifications import tell
from kakehashi.matching import paused_gc
from kakehashi.notifications.events import Localized


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
    refusal = publication_refusal(run)
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


def run_publication_lost(*, run_id: int) -> None:
    """The task reaper found the publication's worker dead. Publishing is one transaction, so nothing was
    published: the publication is marked failed, which lets the office start it again."""
    MatchingRun.objects.filter(
        pk=run_id, published_at__isnull=True, publication_status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).update(
        publication_status=RunStatus.FAILED,
        publication_progress=100,
        publication_error=_(
            "The publication stopped unexpectedly; nothing was published. Publish the run again."
        ),
        updated_at=timezone.now(),
    )


def run_publish_execute(*, run_id: int) -> MatchingRun:
    """The task's body: the run's matches become placements, and everyone concerned is told."""
    MatchingRun.objects.filter(pk=run_id, publication_status=RunStatus.QUEUED).update(
        publication_status=RunStatus.RUNNING, publication_progress=10
    )
    try:
        with paused_gc():  # 100,000 recipients' rows form no reference cycles (see run_execute)
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
    return MatchingRun.objects.defer("instance", "result", "digest").get(pk=run_id)


@transaction.atomic
def _publish(run_id: int) -> int | None:
    """Placements, the round's next phase and notifications, in one transaction; None if already done."""
    run = (
        MatchingRun.objects.select_for_update(of=("self",))
        .select_related("round")
        .defer("instance", "result", "digest")
        .get(pk=run_id)
    )
    if run.published_at is not None or run.publication_status != RunStatus.RUNNING:
        return None
    round_ = run.round
    run.publication_status = ""  # checked as if not asked for yet, against the other runs of the round
    refusal = publication_refusal(run)
    run.publication_status = RunStatus.RUNNING
    if refusal:
        raise ValidationError(refusal)
    count = _placements_from_rows(run)
    analyze(Placement)
    run.published_at = timezone.now()
    run.save(update_fields=["published_at", "updated_at"])
    if run.kind == RunKind.FIRST:
        round_.phase = Phase.RESULTS
        round_.save(update_fields=["phase", "updated_at"])
    # Everyone in the run (matched or not) and the admins of the companies that got someone: only the
    # columns a notification needs, not 100,000 whole users.
    students = (
        User.objects.filter(internship_applications__run_assignments__run_id=run.pk)
        .only("pk", "preferred_language", "is_active")
        .iterator(chunk_size=5000)
    )
    companies = (
        User.objects.filter(
            memberships__organization__internship_places__run_places__run_id=run.pk,
            memberships__organization__internship_places__run_places__assigned__gt=0,
            memberships__role=Role.COMPANY_ADMIN,
            memberships__program_id=round_.program_id,
        )
        .distinct()
        .only("pk", "preferred_language", "is_active")
    )
    url = reverse("internships:result", args=[round_.pk])
    tell(
        itertools.chain(students, companies),
        round_,
        "internships.result_published",
        {"round": Localized(round_, "name")},
        url,
    )
    return count


def _placements_from_rows(run: MatchingRun) -> int:
    """One placement per matched row of the run, made by the database in one statement."""
    placement, row = Placement._meta, RunAssignment._meta
    now = timezone.now()
    offered = PlacementStatus.OFFERED.value
    # Table names from the models; every value is a parameter.
    sql = (
        f"INSERT INTO {placement.db_table} (created_at, updated_at, round_id, run_id, application_id, "  # noqa: S608
        "place_id, student_answer, company_answer, status, decided_at) "
        f"SELECT %s, %s, %s, run_id, application_id, place_id, %s, %s, %s, NULL FROM {row.db_table} "
        "WHERE run_id = %s AND place_id IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, run.round_id, offered, offered, offered, run.pk])
        return int(cursor.rowcount)

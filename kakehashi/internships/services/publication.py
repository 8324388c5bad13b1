"""Publication of a matching run: what refuses it, the request (queued for a background task), and
the task's body that turns the run's matches into placements and tells everyone concerned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import MatchingRun, Phase, Placement, RunKind, RunStatus
from kakehashi.internships.selectors.matching_runs import publication_refusal
from kakehashi.internships.services.notifications import tell


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
    refusal = publication_refusal(run)
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
    tell([*students, *companies], round_, "internships.result_published", {"round": round_.name}, url)
    return len(matches)

"""Results: the deadline to answer a placement, and the student's or the company's answer to it (a
decline frees the place for the second run; two acceptances send `placement_accepted`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import Phase, Placement, PlacementStatus, RunKind, today
from kakehashi.internships.services.deadlines import phase_deadline
from kakehashi.internships.signals import placement_accepted


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

"""The student's ranking of places: add, move up or down or to a line, remove, each refused after the deadline and
guarded by the application's ranking version (optimistic locking)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships.models import Application, Choice, Phase, Place, PlaceStatus
from kakehashi.internships.services.deadlines import _require_before_deadline
from kakehashi.internships.services.locking import _bump_version


def _ranking_guard(viewer: Viewer, application: Application, expected_version: int | None) -> None:
    if application.student_id != viewer.user.pk:
        require(False)
    _require_before_deadline(
        application.round,
        Phase.APPLICATIONS,
        _("The ranking deadline has passed; your ranking can no longer change."),
    )
    _bump_version(Application, application, "ranking_version", expected_version)


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
def ranking_place_at(
    *,
    viewer: Viewer,
    application: Application,
    place_id: int,
    position: int,
    expected_version: int | None = None,
) -> None:
    """Put a place at a line of the ranking (1 = first choice), the others keeping their order: a drag and
    drop. A position past the end means the last line."""
    _ranking_guard(viewer, application, expected_version)
    choices = list(Choice.objects.filter(application=application).order_by("position"))
    index = next((i for i, c in enumerate(choices) if c.place_id == place_id), None)
    if index is None:
        raise ValidationError(_("This place is not in your ranking."))
    moved = choices.pop(index)
    choices.insert(min(max(position, 1), len(choices) + 1) - 1, moved)
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

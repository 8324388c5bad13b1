"""Optimistic locking of rankings: the version counter a student's or a company's ranking form carries,
bumped by one conditional UPDATE so that of two changes from the same version only one passes."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from kakehashi.internships.models import Application, Place


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

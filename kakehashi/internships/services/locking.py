"""Optimistic locking of rankings: the version counter a student's or a company's ranking form carries,
taken by kakehashi.core.locking's conditional UPDATE so that of two changes from the same version only one
passes."""

from kakehashi.core.locking import save_with_version
from kakehashi.internships.models import Application, Place


def _bump_version(
    model: type[Application] | type[Place], obj: Application | Place, field: str, expected: int | None
) -> None:
    """Take the ranking's next version, or refuse (ValidationError "stale") if someone changed it since
    `expected`; raised inside the service's transaction, the refusal changes nothing. `expected=None` (no
    version known, e.g. a script) takes the row's current version."""
    current = expected
    if current is None:
        current = model._default_manager.filter(pk=obj.pk).values_list(field, flat=True).get()
    save_with_version(obj, current, fields=[], version_field=field)

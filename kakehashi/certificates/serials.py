"""Serial numbers: KH-<letter><two-digit year>-<five digits>, counted per kind and year (KH-I26-00003 is
the third internship certificate issued in 2026). Printed on the certificate and shown when verified."""

import datetime

from django.db.models import Model

LETTERS = {"course": "C", "internship": "I", "readiness": "R", "agreement": "A"}


def prefix(kind: str, issued_on: datetime.date) -> str:
    return f"KH-{LETTERS[kind]}{issued_on:%y}-"


def next_serial(model: type[Model], kind: str, issued_on: datetime.date) -> str:
    """The next free serial of this kind and year in `model`'s `serial` column. Two issues at the same
    moment may compute the same one; the unique constraint refuses the second, which then tries again
    (services.issue)."""
    start = prefix(kind, issued_on)
    last = (
        model._default_manager.filter(serial__startswith=start)  # type: ignore[attr-defined]
        .order_by("-serial")
        .values_list("serial", flat=True)
        .first()
    )
    number = int(last.removeprefix(start)) + 1 if last else 1
    return f"{start}{number:05d}"


def create_with_serial[T: Model](
    model: type[T], serial_kind: str, issued_on: datetime.date, **fields: object
) -> T:
    """Create a `model` row with the next serial, taking the one after if a parallel issue took it. If the
    row itself already exists (another unique constraint), the IntegrityError reaches the caller."""
    from django.db import IntegrityError, transaction

    error: IntegrityError | None = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return model._default_manager.create(  # type: ignore[attr-defined,no-any-return]
                    serial=next_serial(model, serial_kind, issued_on), issued_on=issued_on, **fields
                )
        except IntegrityError as refused:
            error = refused
    assert error is not None
    raise error


def serials_for(model: type[Model], kind: str, days: list[datetime.date]) -> list[str]:
    """Serials for certificates issued on `days`, in that order, for a bulk insert (the demo): each year's
    numbers continue after the last one already in `model`. Not safe against a parallel issue."""
    last: dict[int, int] = {}
    serials = []
    for day in days:
        if day.year not in last:
            latest = next_serial(model, kind, day)
            last[day.year] = int(latest.rsplit("-", 1)[1]) - 1
        last[day.year] += 1
        serials.append(f"{prefix(kind, day)}{last[day.year]:05d}")
    return serials

"""A change to what an agreement states (the case, its stay, the place) draws up a new version.

Connected when the app starts. The check runs once the change is committed, and costs one query when the
case has no agreement; a PDF is rendered only when the terms really changed."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save


def _refresh_cases(case_ids: list[int]) -> None:
    from kakehashi.agreements.models import Agreement
    from kakehashi.agreements.services import agreement_refresh

    for agreement in Agreement.objects.filter(case_id__in=case_ids):
        agreement_refresh(agreement)


def _case_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    case_id = getattr(instance, "case_id", None) or instance.pk
    transaction.on_commit(lambda: _refresh_cases([case_id]))


def _place_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return

    def run() -> None:
        from kakehashi.operations.models import InternCase

        placements = list(instance.placements.values_list("pk", flat=True))
        if placements:
            _refresh_cases(
                list(InternCase.objects.filter(placement_ref__in=placements).values_list("pk", flat=True))
            )

    transaction.on_commit(run)


def connect() -> None:
    from kakehashi.internships.models import Place
    from kakehashi.operations.models import InternCase, StayRecord

    post_save.connect(_case_saved, sender=InternCase, dispatch_uid="agreements.case_saved")
    post_save.connect(_case_saved, sender=StayRecord, dispatch_uid="agreements.stay_saved")
    post_save.connect(_place_saved, sender=Place, dispatch_uid="agreements.place_saved")

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "kakehashi.operations"
    label = "operations"
    verbose_name = _("Internship operations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.accounts.sort_key_copies import AUDIT_EXCLUDED
        from kakehashi.operations import models
        from kakehashi.privacy.audit import audit_register

        auditlog.register(models.InternCase, exclude_fields=AUDIT_EXCLUDED)
        auditlog.register(models.SupportItem)
        auditlog.register(models.SupportTask)
        auditlog.register(models.ResidenceDocument)
        # The encrypted values never go into the audit log; that a change happened does.
        audit_register(models.StayRecord)
        auditlog.register(models.Alert)
        auditlog.register(models.Incident)
        auditlog.register(models.Evaluation)
        # Who uploaded which signed document of a status-of-residence pack, and when.
        auditlog.register(models.ResidencePackUpload)
        connect_placement_accepted()
        connect_board_figures()


def connect_board_figures() -> None:
    """The board's cached figures are forgotten whenever a case, an item or an organization changes
    (kakehashi.operations.selectors.board_changed; bulk writes call it themselves)."""
    from django.db.models.signals import post_delete, post_save

    from kakehashi.accounts.models import Organization
    from kakehashi.operations.models import InternCase, SupportTask
    from kakehashi.operations.selectors import board_changed

    for model in (InternCase, SupportTask, Organization):
        for signal in (post_save, post_delete):
            signal.connect(board_changed, sender=model, dispatch_uid=f"operations.board.{model.__name__}")


def connect_placement_accepted() -> bool:
    """Open a case when the internships app says a placement was accepted, if that signal exists."""
    try:
        from kakehashi.internships.signals import placement_accepted
    except ImportError:
        return False
    placement_accepted.connect(on_placement_accepted, dispatch_uid="operations.case_open")
    return True


def on_placement_accepted(sender: Any, placement: Any, **kwargs: Any) -> None:
    """Read only what a placement is documented to carry: round (program, dates, name), application
    (student, college) and place (company, dates, paid)."""
    from kakehashi.operations.services import case_open

    round_ = placement.round
    place = placement.place
    application = placement.application
    case_open(
        intern=application.student,
        host=place.company,
        program=round_.program,
        arrival_on=getattr(place, "starts_on", None) or round_.internship_starts_on,
        departure_on=getattr(place, "ends_on", None) or round_.internship_ends_on,
        paid=bool(getattr(place, "paid", False)),
        placement_ref=placement.pk,
        college=getattr(application, "college", None),
        round_ref=round_.pk,
        round_label=str(getattr(round_, "name", "") or round_),
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "kakehashi.internships"
    label = "internships"
    verbose_name = _("Internship rounds")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.internships.models import (
            Application,
            InterviewSlot,
            MatchingRun,
            Place,
            Placement,
            Round,
        )

        auditlog.register(Round)
        auditlog.register(Place)
        auditlog.register(Application)
        auditlog.register(InterviewSlot)
        # The stored input and result (and their digest) are large and never change after the run; the
        # rest is audited.
        auditlog.register(MatchingRun, exclude_fields=["instance", "result", "digest", "check_problems"])
        auditlog.register(Placement)
        connect_applicant_counts()
        connect_rounds_under_way()
        watch_place_lists()


def watch_place_lists() -> None:
    """The places page's cached company counts (selectors.PlacesInListOrder) are forgotten whenever a place
    or an organization is written, in bulk too (the office approves a round's places in one UPDATE)."""
    from kakehashi.accounts.models import Organization
    from kakehashi.core import table_writes
    from kakehashi.internships.models import Place
    from kakehashi.internships.selectors.places import PLACE_LIST_KIND

    table_writes.watch(PLACE_LIST_KIND, {Place._meta.db_table, Organization._meta.db_table})


def connect_applicant_counts() -> None:
    """The applicant lists' cached counts are forgotten whenever an application, a choice (a company sees
    the nominees who ranked its places) or a place changes (selectors.applicants_changed; the bulk inserts
    of the demo call it themselves)."""
    from django.db.models.signals import post_delete, post_save

    from kakehashi.internships.models import Application, Choice, Place
    from kakehashi.internships.selectors import applicants_changed

    for model in (Application, Choice, Place):
        for signal in (post_save, post_delete):
            signal.connect(
                applicants_changed, sender=model, dispatch_uid=f"internships.applicants.{model.__name__}"
            )


def connect_rounds_under_way() -> None:
    """The rounds under way that the homes read are forgotten whenever a round or its phase dates change
    (selectors.rounds_changed; the service that creates a round calls it after the bulk insert)."""
    from django.db.models.signals import post_delete, post_save

    from kakehashi.internships.models import Round, RoundPhase
    from kakehashi.internships.selectors import rounds_changed

    for model in (Round, RoundPhase):
        for signal in (post_save, post_delete):
            signal.connect(rounds_changed, sender=model, dispatch_uid=f"internships.rounds.{model.__name__}")

"""Every change to rounds, places, applications, rankings, runs and results goes through here.

The services are split by topic into the modules of this package; this module re-exports their public
names, so `from kakehashi.internships import services; services.ranking_add(...)` keeps working. A test
that replaces a name must patch it in the module that looks it up (e.g. `services.places.company_is_ready`).
"""

from kakehashi.internships.services.applications import (
    CV_MAX_BYTES,
    application_save,
    application_submit,
    check_cv,
    consent_version_label,
)
from kakehashi.internships.services.company_rankings import company_ranking_save
from kakehashi.internships.services.deadlines import phase_deadline
from kakehashi.internships.services.japanese import (
    japanese_result_review,
    japanese_result_submit,
)
from kakehashi.internships.services.matching_runs import (
    build_instance,
    run_check,
    run_check_execute,
    run_check_lost,
    run_check_request,
    run_create,
    run_execute,
    run_lost,
    store_result,
)
from kakehashi.internships.services.nominations import nomination_confirm, nomination_decide
from kakehashi.internships.services.notifications import deadline_reminders
from kakehashi.internships.services.places import company_is_ready, place_review, place_save
from kakehashi.internships.services.publication import run_publication_lost, run_publish, run_publish_execute
from kakehashi.internships.services.rankings import (
    ranking_add,
    ranking_move,
    ranking_place_at,
    ranking_remove,
)
from kakehashi.internships.services.results import placement_answer, placement_deadline
from kakehashi.internships.services.rounds import (
    default_phase_dates,
    phase_dates_save,
    phase_plan_warning,
    round_create,
    round_set_phase,
)

__all__ = [
    "CV_MAX_BYTES",
    "application_save",
    "application_submit",
    "build_instance",
    "check_cv",
    "company_is_ready",
    "company_ranking_save",
    "consent_version_label",
    "deadline_reminders",
    "default_phase_dates",
    "japanese_result_review",
    "japanese_result_submit",
    "nomination_confirm",
    "nomination_decide",
    "phase_dates_save",
    "phase_deadline",
    "phase_plan_warning",
    "place_review",
    "place_save",
    "placement_answer",
    "placement_deadline",
    "ranking_add",
    "ranking_move",
    "ranking_place_at",
    "ranking_remove",
    "round_create",
    "round_set_phase",
    "run_check",
    "run_check_execute",
    "run_check_lost",
    "run_check_request",
    "run_create",
    "run_execute",
    "run_lost",
    "run_publication_lost",
    "run_publish",
    "run_publish_execute",
    "store_result",
]

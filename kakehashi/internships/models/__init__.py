"""Internship rounds: places, applications with rankings, nominations, company rankings, matching runs,
published results and their acceptance.

The models are split by topic into the modules of this package; this module imports every one of them, so
the app registry finds them, and re-exports their public names, so `from kakehashi.internships.models
import Round` (and the migrations' `kakehashi.internships.models.cv_path`) keep working.
"""

# isort: off
# Imported in the order the models were defined in the former single module, so the app registry lists
# them (and content types and permissions are created) in the same order as before.
from kakehashi.internships.models.rounds import (
    DATED_PHASES,
    PHASE_ORDER,
    Phase,
    Round,
    RoundPhase,
    phase_index,
    today,
)
from kakehashi.internships.models.japanese import (
    LEVEL_RANK,
    JapaneseResult,
    JapaneseTest,
    ResultStatus,
    meets,
)
from kakehashi.internships.models.places import JapaneseLevel, Place, PlaceStatus
from kakehashi.internships.models.applications import (
    Application,
    Choice,
    Nomination,
    applications_by_name,
    cv_path,
)
from kakehashi.internships.models.company_rankings import CompanyRank
from kakehashi.internships.models.matching_runs import (
    Algorithm,
    JapaneseRule,
    MatchingRun,
    Proposing,
    RunAssignment,
    RunKind,
    RunPlace,
    RunStatus,
)
from kakehashi.internships.models.results import Placement, PlacementStatus
from kakehashi.internships.models.interviews import (
    SCORE_CRITERIA,
    ChangeKind,
    InterviewChange,
    InterviewOutcome,
    InterviewReminder,
    InterviewScore,
    InterviewSlot,
    ReminderKind,
)
from kakehashi.internships.models.reminders import DeadlineReminder

# isort: on

__all__ = [
    "DATED_PHASES",
    "LEVEL_RANK",
    "PHASE_ORDER",
    "SCORE_CRITERIA",
    "Algorithm",
    "Application",
    "ChangeKind",
    "Choice",
    "CompanyRank",
    "DeadlineReminder",
    "InterviewChange",
    "InterviewOutcome",
    "InterviewReminder",
    "InterviewScore",
    "InterviewSlot",
    "JapaneseLevel",
    "JapaneseResult",
    "JapaneseRule",
    "JapaneseTest",
    "MatchingRun",
    "Nomination",
    "Phase",
    "Place",
    "PlaceStatus",
    "Placement",
    "PlacementStatus",
    "Proposing",
    "ReminderKind",
    "ResultStatus",
    "Round",
    "RoundPhase",
    "RunAssignment",
    "RunKind",
    "RunPlace",
    "RunStatus",
    "applications_by_name",
    "cv_path",
    "meets",
    "phase_index",
    "today",
]

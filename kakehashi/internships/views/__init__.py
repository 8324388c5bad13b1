"""Thin views: build the viewer, parse, call a selector or a service, render.

The views are split by topic into the modules of this package; this module re-exports them, so
`urls.py`'s `views.round_list` etc. keep working.
"""

from kakehashi.internships.views.applications import (
    applicant_list,
    application_cv,
    application_detail,
    application_edit,
)
from kakehashi.internships.views.company_rankings import place_not_placed, place_ranking
from kakehashi.internships.views.interviews import (
    interpreter_edit,
    interpreter_list,
    interview_cancel,
    interview_ics,
    interview_move,
    interview_scorecard,
    my_interviews,
    place_interviews,
    round_interviews,
)
from kakehashi.internships.views.japanese import (
    japanese_certificate,
    japanese_review,
    japanese_review_list,
    my_japanese,
)
from kakehashi.internships.views.nominations import application_confirm, application_nominate
from kakehashi.internships.views.notifications import notification_list
from kakehashi.internships.views.places import (
    place_create,
    place_detail,
    place_edit,
    place_list,
    place_review,
)
from kakehashi.internships.views.rankings import my_ranking
from kakehashi.internships.views.results import placement_answer, result
from kakehashi.internships.views.rounds import (
    round_create,
    round_detail,
    round_export,
    round_list,
    round_phase,
)
from kakehashi.internships.views.runs import (
    run_check,
    run_compare,
    run_detail,
    run_input,
    run_list,
    run_publish,
)

__all__ = [
    "applicant_list",
    "application_confirm",
    "application_cv",
    "application_detail",
    "application_edit",
    "application_nominate",
    "interpreter_edit",
    "interpreter_list",
    "interview_cancel",
    "interview_ics",
    "interview_move",
    "interview_scorecard",
    "japanese_certificate",
    "japanese_review",
    "japanese_review_list",
    "my_interviews",
    "my_japanese",
    "my_ranking",
    "notification_list",
    "place_create",
    "place_detail",
    "place_edit",
    "place_interviews",
    "place_list",
    "place_not_placed",
    "place_ranking",
    "place_review",
    "placement_answer",
    "result",
    "round_create",
    "round_detail",
    "round_export",
    "round_interviews",
    "round_list",
    "round_phase",
    "run_check",
    "run_compare",
    "run_detail",
    "run_input",
    "run_list",
    "run_publish",
]

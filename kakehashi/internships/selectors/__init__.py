"""Reads of rounds, places, applications, rankings, runs and results, always scoped to the viewer.

An object outside the viewer's scope raises Http404: a company never learns about another company's
rankings, a college never sees another college's applicants.

The selectors are split by topic into the modules of this package; this module re-exports their public
names, so `from kakehashi.internships import selectors; selectors.round_for(...)` keeps working. A test
that replaces a name must patch it in the module that looks it up (e.g. `selectors.places.place_for`).
"""

from kakehashi.internships.selectors.applications import (
    applicants_changed,
    applicants_count,
    application_for,
    applications_visible_to,
    can_list_applicants,
    my_application,
    skill_profile,
)
from kakehashi.internships.selectors.company_rankings import candidates_for, not_placed_for
from kakehashi.internships.selectors.japanese import (
    japanese_result_for,
    japanese_results_to_verify,
    my_japanese_results,
    verified_levels,
    with_verified_japanese,
)
from kakehashi.internships.selectors.matching_runs import (
    college_names,
    colleges_of_nominees,
    compare_runs,
    digest_of,
    publication_refusal,
    run_assignment,
    run_college_caps,
    run_digest,
    run_for,
    run_input,
    run_row_page,
    run_statistics,
    runs_of,
)
from kakehashi.internships.selectors.places import (
    PlacesInListOrder,
    own_place_for,
    place_for,
    place_names,
    places_in_list_order,
    places_of,
)
from kakehashi.internships.selectors.rankings import (
    PLACES_OFFERED,
    places_to_rank,
    ranking_of,
    visible_choices,
)
from kakehashi.internships.selectors.results import (
    accepted_placements,
    placement_for,
    placements_visible_to,
    published_runs,
    student_explanation,
)
from kakehashi.internships.selectors.rounds import (
    application_counts,
    round_for,
    rounds_changed,
    rounds_under_way,
    rounds_visible_to,
)

__all__ = [
    "PLACES_OFFERED",
    "PlacesInListOrder",
    "accepted_placements",
    "applicants_changed",
    "applicants_count",
    "application_counts",
    "application_for",
    "applications_visible_to",
    "can_list_applicants",
    "candidates_for",
    "college_names",
    "colleges_of_nominees",
    "compare_runs",
    "digest_of",
    "japanese_result_for",
    "japanese_results_to_verify",
    "my_application",
    "my_japanese_results",
    "not_placed_for",
    "own_place_for",
    "place_for",
    "place_names",
    "placement_for",
    "placements_visible_to",
    "places_in_list_order",
    "places_of",
    "places_to_rank",
    "publication_refusal",
    "published_runs",
    "ranking_of",
    "round_for",
    "rounds_changed",
    "rounds_under_way",
    "rounds_visible_to",
    "run_assignment",
    "run_college_caps",
    "run_digest",
    "run_for",
    "run_input",
    "run_row_page",
    "run_statistics",
    "runs_of",
    "skill_profile",
    "student_explanation",
    "verified_levels",
    "visible_choices",
    "with_verified_japanese",
]

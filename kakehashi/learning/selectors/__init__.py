"""Reads of the curriculum, scoped to the viewer: an object outside the viewer's scope raises Http404,
a role without access to learning content gets 403.

One file per topic; this package re-exports every public name, so `from kakehashi.learning import
selectors; selectors.course_for(...)` keeps working."""

from kakehashi.learning.selectors.assignments import (
    assignment_for,
    criterion_for,
    submission_file_for,
    submission_for_grading,
    submissions_of,
    submissions_to_grade,
)
from kakehashi.learning.selectors.certificates import certificate_by_code, certificate_for, my_certificates
from kakehashi.learning.selectors.class_schedule import (
    calendar_feed_of,
    can_schedule_in,
    cohort_for_scheduling,
    session_for_scheduling,
    sessions_for,
    viewer_for_feed,
)
from kakehashi.learning.selectors.cohorts import (
    cohort_for,
    cohort_for_managing,
    cohort_member_for_managing,
    cohorts_matching,
    cohorts_visible_to,
    colleges_for_cohorts,
    member_candidates,
    teaches,
)
from kakehashi.learning.selectors.courses import catalogue, course_for, courses_visible_to, module_for_writing
from kakehashi.learning.selectors.deletion import DeletionImpact, deletion_impact
from kakehashi.learning.selectors.exercises import exercise_for, run_for, runs_of
from kakehashi.learning.selectors.lessons import lesson_for, lessons_of
from kakehashi.learning.selectors.progress import (
    CourseProgress,
    Gradebook,
    gradebook,
    gradebook_cohort_for,
    gradebook_columns,
    my_progress,
    progress_in,
    progress_of,
    required_lessons,
)
from kakehashi.learning.selectors.quizzes import attempt_for, attempts_of, question_for, quiz_for
from kakehashi.learning.selectors.skills import SkillLevel, skill_profile, skills_for_editing
from kakehashi.learning.selectors.students import (
    DEFAULT_SORT,
    SORTS,
    CourseCell,
    LearnerRow,
    behind_count,
    cohort_courses,
    cohorts_followed_by,
    learner_rows,
    learners_cohort_for,
    learners_in_order,
    learners_visible_to,
)

__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "CourseCell",
    "CourseProgress",
    "DeletionImpact",
    "Gradebook",
    "LearnerRow",
    "SkillLevel",
    "assignment_for",
    "attempt_for",
    "attempts_of",
    "behind_count",
    "calendar_feed_of",
    "can_schedule_in",
    "catalogue",
    "certificate_by_code",
    "certificate_for",
    "cohort_courses",
    "cohort_for",
    "cohort_for_managing",
    "cohort_for_scheduling",
    "cohort_member_for_managing",
    "cohorts_followed_by",
    "cohorts_matching",
    "cohorts_visible_to",
    "colleges_for_cohorts",
    "course_for",
    "courses_visible_to",
    "criterion_for",
    "deletion_impact",
    "exercise_for",
    "gradebook",
    "gradebook_cohort_for",
    "gradebook_columns",
    "learner_rows",
    "learners_cohort_for",
    "learners_in_order",
    "learners_visible_to",
    "lesson_for",
    "lessons_of",
    "member_candidates",
    "module_for_writing",
    "my_certificates",
    "my_progress",
    "progress_in",
    "progress_of",
    "question_for",
    "quiz_for",
    "required_lessons",
    "run_for",
    "runs_of",
    "session_for_scheduling",
    "sessions_for",
    "skill_profile",
    "skills_for_editing",
    "submission_file_for",
    "submission_for_grading",
    "submissions_of",
    "submissions_to_grade",
    "teaches",
    "viewer_for_feed",
]

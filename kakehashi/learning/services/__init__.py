"""Every change to the curriculum and to learners' work goes through here.

One file per topic; this package re-exports every public name, so `from kakehashi.learning import
services; services.quiz_start(...)` keeps working. A test that replaces a name must patch it in the
module that looks it up (e.g. `services.exercises.sandbox`)."""

from kakehashi.learning.services.assignments import assignment_submit, submission_grade
from kakehashi.learning.services.certificates import (
    certificate_issue,
)
from kakehashi.learning.services.class_schedule import (
    calendar_feed_regenerate,
    class_session_delete,
    class_session_save,
)
from kakehashi.learning.services.cohorts import cohort_member_add, cohort_member_remove, cohort_save
from kakehashi.learning.services.courses import course_save, course_set_status, module_save
from kakehashi.learning.services.editing import DeletableItem, criterion_save, item_delete, item_save
from kakehashi.learning.services.exercises import (
    MAX_CODE_CHARS,
    exercise_run_grade,
    exercise_run_lost,
    exercise_submit,
)
from kakehashi.learning.services.lessons import lesson_complete, lesson_save
from kakehashi.learning.services.quizzes import grade_answer, quiz_start, quiz_submit
from kakehashi.learning.services.reminders import assignment_reminders, class_reminders
from kakehashi.learning.services.skills import endorsements_replace, skill_save

__all__ = [
    "MAX_CODE_CHARS",
    "DeletableItem",
    "assignment_reminders",
    "assignment_submit",
    "calendar_feed_regenerate",
    "certificate_issue",
    "class_reminders",
    "class_session_delete",
    "class_session_save",
    "cohort_member_add",
    "cohort_member_remove",
    "cohort_save",
    "course_save",
    "course_set_status",
    "criterion_save",
    "endorsements_replace",
    "exercise_run_grade",
    "exercise_run_lost",
    "exercise_submit",
    "grade_answer",
    "item_delete",
    "item_save",
    "lesson_complete",
    "lesson_save",
    "module_save",
    "quiz_start",
    "quiz_submit",
    "skill_save",
    "submission_grade",
]

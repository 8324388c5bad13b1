"""Thin views of the curriculum: viewer, parse, call a selector or a service, render.

One file per topic; this package re-exports every view, so `urls.py`'s `views.course_list` keeps
working."""

from kakehashi.learning.views.assignments import (
    assignment_detail,
    grading_list,
    submission_file,
    submission_grade,
)
from kakehashi.learning.views.certificates import certificate_issue, certificate_pdf, verify
from kakehashi.learning.views.class_schedule import (
    schedule,
    schedule_feed,
    schedule_feed_regenerate,
    schedule_ics,
    session_create,
    session_delete,
    session_edit,
)
from kakehashi.learning.views.cohorts import (
    cohort_create,
    cohort_detail,
    cohort_edit,
    cohort_list,
    cohort_member_remove,
    cohort_members,
)
from kakehashi.learning.views.courses import (
    course_create,
    course_detail,
    course_edit,
    course_list,
    course_publish,
    module_create,
)
from kakehashi.learning.views.editing import (
    criterion_create,
    criterion_edit,
    item_create,
    item_delete,
    item_edit,
    question_create,
    question_edit,
)
from kakehashi.learning.views.exercises import exercise_detail, run_detail
from kakehashi.learning.views.lessons import (
    lesson_complete,
    lesson_create,
    lesson_detail,
    lesson_edit,
    lesson_file,
)
from kakehashi.learning.views.progress import dashboard, gradebook, gradebook_export
from kakehashi.learning.views.quizzes import attempt_detail, quiz_detail
from kakehashi.learning.views.skills import my_skills, skill_edit, skill_list
from kakehashi.learning.views.students import cohort_students, cohort_students_export, students

__all__ = [
    "assignment_detail",
    "attempt_detail",
    "certificate_issue",
    "certificate_pdf",
    "cohort_create",
    "cohort_detail",
    "cohort_edit",
    "cohort_list",
    "cohort_member_remove",
    "cohort_members",
    "cohort_students",
    "cohort_students_export",
    "course_create",
    "course_detail",
    "course_edit",
    "course_list",
    "course_publish",
    "criterion_create",
    "criterion_edit",
    "dashboard",
    "exercise_detail",
    "gradebook",
    "gradebook_export",
    "grading_list",
    "item_create",
    "item_delete",
    "item_edit",
    "lesson_complete",
    "lesson_create",
    "lesson_detail",
    "lesson_edit",
    "lesson_file",
    "module_create",
    "my_skills",
    "question_create",
    "question_edit",
    "quiz_detail",
    "run_detail",
    "schedule",
    "schedule_feed",
    "schedule_feed_regenerate",
    "schedule_ics",
    "session_create",
    "session_delete",
    "session_edit",
    "skill_edit",
    "skill_list",
    "students",
    "submission_file",
    "submission_grade",
    "verify",
]

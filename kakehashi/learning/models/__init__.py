"""The curriculum (courses of modules and lessons, in two tracks), cohorts, assessments, progress,
certificates and the class schedule.

One file per topic; this package imports every model, so that the app registry finds them, and
re-exports every public name, so `from kakehashi.learning.models import Course` and the migrations'
`kakehashi.learning.models.lesson_upload_to` (and the other upload_to and default functions) keep
working. The topics are imported in the order the models were defined in the single module they came
from, so the app registry lists them in the same order as before."""

# isort: off
from kakehashi.learning.models._common import Status, Track
from kakehashi.learning.models.skills import Skill, SkillEndorsement, SkillGroup
from kakehashi.learning.models.courses import Course, Module
from kakehashi.learning.models.lessons import (
    TEACHER_ONLY_KINDS,
    Lesson,
    LessonCompletion,
    LessonKind,
    lesson_upload_to,
)
from kakehashi.learning.models.cohorts import Cohort, CohortMember, CohortRole
from kakehashi.learning.models.quizzes import Question, QuestionKind, Quiz, QuizAttempt
from kakehashi.learning.models.exercises import Exercise, ExerciseRun, RunStatus
from kakehashi.learning.models.assignments import (
    Assignment,
    LatePolicy,
    RubricCriterion,
    Submission,
    submission_upload_to,
)
from kakehashi.learning.models.certificates import Certificate, new_certificate_code
from kakehashi.learning.models.class_schedule import (
    FEED_SALT,
    TIME_ZONES,
    CalendarFeed,
    ClassSession,
    SessionMode,
    new_feed_nonce,
)
# isort: on

__all__ = [
    "FEED_SALT",
    "TEACHER_ONLY_KINDS",
    "TIME_ZONES",
    "Assignment",
    "CalendarFeed",
    "Certificate",
    "ClassSession",
    "Cohort",
    "CohortMember",
    "CohortRole",
    "Course",
    "Exercise",
    "ExerciseRun",
    "LatePolicy",
    "Lesson",
    "LessonCompletion",
    "LessonKind",
    "Module",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "RubricCriterion",
    "RunStatus",
    "SessionMode",
    "Skill",
    "SkillEndorsement",
    "SkillGroup",
    "Status",
    "Submission",
    "Track",
    "lesson_upload_to",
    "new_certificate_code",
    "new_feed_nonce",
    "submission_upload_to",
]

"""The learning app's rows of the URL x role matrix.

Policy: course authors and instructors write; the program office reads everything; partner teachers see
their cohorts (another cohort: 404) and the teacher track; students see their cohorts' published
student-track courses (teacher material: 404). City, safety, NGO, telecom, company roles and the funder
see the catalogue's titles only: course content and learner data answer 403.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from kakehashi.core.testing.matrix import PROGRAM_OFFICE, MatrixContext, Row, everyone, expect
from kakehashi.learning.models import (
    CalendarFeed,
    Certificate,
    ClassSession,
    Cohort,
    CohortMember,
    Course,
    ExerciseRun,
    Lesson,
    LessonKind,
    QuizAttempt,
    RunStatus,
    Submission,
)

WRITERS = frozenset({"admin", "instructor", "author"})
STAFF = WRITERS | PROGRAM_OFFICE
STUDY = STAFF | {"teacher", "student", "student2"}
GRADERS = WRITERS | {"teacher"}
# Cohorts are managed by the program manager and the Nagaoka instructors.
MANAGERS = frozenset({"admin", "manager", "instructor"})


def course(c: MatrixContext, key: str = "python-iot") -> Course:
    return Course.objects.get(program=c.program(), key=key)


def lesson(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Lesson:
        item = Lesson.objects.filter(module__course=course(c), kind=LessonKind.LESSON).first()
        assert item is not None
        item.attachment.save("wiring.txt", ContentFile(b"GPIO 4 -> sensor"), save=True)
        return item

    return c.once("lesson", make).pk


def answer_key(c: MatrixContext) -> int:
    return Lesson.objects.filter(module__course=course(c), kind=LessonKind.ANSWER_KEY).first().pk  # type: ignore[union-attr]


def cohort(c: MatrixContext, key: str) -> int:
    return Cohort.objects.get(program=c.program(), key=key).pk


def attempt(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> QuizAttempt:
        quiz = course(c).quizzes.first()
        return QuizAttempt.objects.create(quiz=quiz, user=c.user("student"), question_ids=[])

    return c.once("attempt", make).pk


def run(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> ExerciseRun:
        exercise = course(c).exercises.first()
        return ExerciseRun.objects.create(
            exercise=exercise, user=c.user("student"), code="x = 1", status=RunStatus.FAILED
        )

    return c.once("run", make).pk


def submission(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Submission:
        assignment = course(c).assignments.first()
        sub = Submission.objects.create(
            assignment=assignment, user=c.user("student"), version=1, text="report"
        )
        sub.file.save("report.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
        return sub

    return c.once("submission", make).pk


def certificate(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Certificate:
        return Certificate.objects.create(
            user=c.user("student"),
            course=course(c),
            issued_on=timezone.localdate(),
            name_printed="Номин-Эрдэнэ Баатар",
            course_title_printed={"en": "Python for IoT"},
        )

    return c.once("certificate", make).pk


def skill(c: MatrixContext) -> int:
    from kakehashi.learning.models import Skill

    return Skill.objects.get(key="python_programming").pk


def session(c: MatrixContext, key: str) -> int:
    return ClassSession.objects.filter(cohort_id=cohort(c, key)).order_by("pk").first().pk  # type: ignore[union-attr]


def member(c: MatrixContext, key: str, person: str) -> int:
    return CohortMember.objects.get(cohort_id=cohort(c, key), user=c.user(person)).pk


def feed_token(c: MatrixContext) -> str:
    def make(c: MatrixContext) -> CalendarFeed:
        feed = CalendarFeed(user=c.user("student"), program=c.program())
        feed.renew()
        feed.save()
        return feed

    return str(c.once("feed", make).token)


def criterion(c: MatrixContext) -> int:
    return course(c).assignments.first().criteria.first().pk  # type: ignore[union-attr]


MUST = "must-kosen-2025"
MONGOL = "mongol-kosen-2025"

ROWS = [
    Row("learning:course_list", everyone()),
    Row("learning:course_create", expect(WRITERS)),
    Row("learning:course_detail", expect(STUDY), kwargs=lambda c: {"course_id": course(c).pk}),
    Row(
        "learning:course_detail",
        expect(STAFF | {"teacher"}, no=403, yes=200),
        kwargs=lambda c: {"course_id": course(c, "teaching-air").pk},
        label="learning:course_detail of the teacher track",
        overrides={"student": 404, "student2": 404},
    ),
    Row("learning:course_edit", expect(WRITERS), kwargs=lambda c: {"course_id": course(c).pk}),
    Row(
        "learning:course_publish",
        expect(WRITERS, yes=302),
        method="post",
        kwargs=lambda c: {"course_id": course(c).pk},
    ),
    Row("learning:module_create", expect(WRITERS), kwargs=lambda c: {"course_id": course(c).pk}),
    Row("learning:lesson_create", expect(WRITERS), kwargs=lambda c: {"course_id": course(c).pk}),
    Row(
        "learning:certificate_issue",
        expect(STUDY, yes=302),
        method="post",
        kwargs=lambda c: {"course_id": course(c).pk},
    ),
    Row(
        "learning:item_create",
        expect(WRITERS),
        kwargs=lambda c: {"course_id": course(c).pk, "kind": "quiz"},
    ),
    Row(
        "learning:item_edit",
        expect(WRITERS),
        kwargs=lambda c: {"kind": "exercise", "item_id": course(c).exercises.first().pk},  # type: ignore[union-attr]
    ),
    Row(
        "learning:question_create",
        expect(WRITERS),
        kwargs=lambda c: {"quiz_id": course(c).quizzes.first().pk},  # type: ignore[union-attr]
    ),
    Row(
        "learning:question_edit",
        expect(WRITERS),
        kwargs=lambda c: {"question_id": course(c).quizzes.first().questions.first().pk},  # type: ignore[union-attr]
    ),
    Row(
        "learning:criterion_create",
        expect(WRITERS),
        kwargs=lambda c: {"assignment_id": course(c).assignments.first().pk},  # type: ignore[union-attr]
    ),
    Row("learning:criterion_edit", expect(WRITERS), kwargs=lambda c: {"criterion_id": criterion(c)}),
    *(
        Row(
            "learning:item_delete",
            expect(WRITERS),
            kwargs=lambda c, kind=kind, get=get: {"kind": kind, "item_id": get(c)},
            label=f"learning:item_delete of a {kind}",
        )
        for kind, get in (
            ("module", lambda c: course(c).modules.first().pk),  # type: ignore[union-attr]
            ("lesson", lesson),
            ("quiz", lambda c: course(c).quizzes.first().pk),  # type: ignore[union-attr]
            ("exercise", lambda c: course(c).exercises.first().pk),  # type: ignore[union-attr]
            ("assignment", lambda c: course(c).assignments.first().pk),  # type: ignore[union-attr]
            ("question", lambda c: course(c).quizzes.first().questions.first().pk),  # type: ignore[union-attr]
            ("criterion", criterion),
        )
    ),
    Row(
        "learning:item_delete",
        expect(WRITERS, yes=302),
        method="post",
        kwargs=lambda c: {"kind": "module", "item_id": course(c).modules.first().pk},  # type: ignore[union-attr]
        label="learning:item_delete of a module, confirmed",
    ),
    Row("learning:lesson_detail", expect(STUDY), kwargs=lambda c: {"lesson_id": lesson(c)}),
    Row(
        "learning:lesson_detail",
        expect(STAFF | {"teacher"}),
        kwargs=lambda c: {"lesson_id": answer_key(c)},
        label="learning:lesson_detail of an answer key",
        overrides={"student": 404, "student2": 404},
    ),
    Row("learning:lesson_edit", expect(WRITERS), kwargs=lambda c: {"lesson_id": lesson(c)}),
    Row(
        "learning:lesson_complete",
        expect(STUDY, yes=302),
        method="post",
        kwargs=lambda c: {"lesson_id": lesson(c)},
    ),
    # Downloads are requested with HEAD: the same permission checks, and no HTML page for
    # tests/test_translations.py to look for a <html lang> in.
    Row("learning:lesson_file", expect(STUDY), method="head", kwargs=lambda c: {"lesson_id": lesson(c)}),
    Row(
        "learning:quiz_detail",
        expect(STUDY),
        kwargs=lambda c: {"quiz_id": course(c).quizzes.first().pk},  # type: ignore[union-attr]
    ),
    Row("learning:attempt_detail", expect({"student"}, no=404), kwargs=lambda c: {"attempt_id": attempt(c)}),
    Row(
        "learning:exercise_detail",
        expect(STUDY),
        kwargs=lambda c: {"exercise_id": course(c).exercises.first().pk},  # type: ignore[union-attr]
    ),
    Row("learning:run_detail", expect({"student"}, no=404), kwargs=lambda c: {"run_id": run(c)}),
    Row(
        "learning:assignment_detail",
        expect(STUDY),
        kwargs=lambda c: {"assignment_id": course(c).assignments.first().pk},  # type: ignore[union-attr]
    ),
    Row(
        "learning:submission_file",
        expect(GRADERS | {"student"}, no=404),
        method="head",
        kwargs=lambda c: {"submission_id": submission(c)},
    ),
    Row(
        "learning:submission_grade",
        expect(GRADERS),
        kwargs=lambda c: {"submission_id": submission(c)},
    ),
    Row("learning:grading_list", expect(GRADERS)),
    Row("learning:dashboard", expect(STUDY)),
    Row("learning:my_skills", expect(STUDY)),
    Row("learning:skill_list", expect({"admin", "manager"})),
    Row("learning:skill_edit", expect({"admin", "manager"}), kwargs=lambda c: {"skill_id": skill(c)}),
    Row("learning:cohort_list", expect(STUDY)),
    Row(
        "learning:cohort_detail",
        expect(STAFF | {"teacher", "student"}),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_detail",
        expect(STAFF | {"student2"}),
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:cohort_detail of another college's cohort",
        overrides={"teacher": 404, "student": 404},
    ),
    Row("learning:cohort_create", expect(MANAGERS)),
    Row(
        "learning:cohort_edit",
        expect(MANAGERS),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_edit",
        expect(MANAGERS),
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:cohort_edit of another college's cohort",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:cohort_members",
        expect(MANAGERS),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_members",
        expect(MANAGERS, yes=302),
        method="post",
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        data=lambda c: {"user": c.user("teacher").pk, "role": "learner"},
        label="learning:cohort_members of another college's cohort, adding",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:cohort_member_remove",
        expect(MANAGERS),
        kwargs=lambda c: {"member_id": member(c, MUST, "student")},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_member_remove",
        expect(MANAGERS, yes=302),
        method="post",
        kwargs=lambda c: {"member_id": member(c, MONGOL, "student2")},
        label="learning:cohort_member_remove of another college's cohort, confirmed",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:session_create",
        expect(MANAGERS | {"teacher"}),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:session_create",
        expect(MANAGERS),
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:session_create in a cohort the teacher does not teach",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:session_edit",
        expect(MANAGERS | {"teacher"}),
        kwargs=lambda c: {"session_id": session(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:session_delete",
        expect(MANAGERS | {"teacher"}),
        kwargs=lambda c: {"session_id": session(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:session_delete",
        expect(MANAGERS, yes=302),
        method="post",
        kwargs=lambda c: {"session_id": session(c, MONGOL)},
        label="learning:session_delete in another college's cohort, confirmed",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:gradebook",
        expect(STAFF | {"teacher"}),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:gradebook",
        expect(STAFF),
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:gradebook of a cohort the teacher does not teach",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:gradebook_export",
        expect(STAFF | {"teacher"}),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:gradebook_csv",
        expect(STAFF | {"teacher"}),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:gradebook_csv",
        expect(STAFF),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:gradebook_csv of a cohort the teacher does not teach",
        overrides={"teacher": 404, "student": 404},
    ),
    # A teacher's view of her students: staff see every cohort's learners, a partner teacher the cohorts
    # she teaches (her own college's learners only); a student may not open it (403); another college's
    # cohort is unknown to its students and teachers (404).
    Row("learning:students", expect(STAFF | {"teacher"})),
    Row(
        "learning:cohort_students",
        expect(STAFF | {"teacher"}),
        kwargs=lambda c: {"cohort_id": cohort(c, MUST)},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_students",
        expect(STAFF),
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL)},
        label="learning:cohort_students of another college's cohort",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:cohort_students_export",
        expect(STAFF | {"teacher"}),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MUST), "fmt": "csv"},
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_students_export",
        expect(STAFF | {"teacher"}),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MUST), "fmt": "xlsx"},
        label="learning:cohort_students_export as Excel",
        overrides={"student2": 404},
    ),
    Row(
        "learning:cohort_students_export",
        expect(STAFF),
        method="head",
        kwargs=lambda c: {"cohort_id": cohort(c, MONGOL), "fmt": "csv"},
        label="learning:cohort_students_export of another college's cohort",
        overrides={"teacher": 404, "student": 404},
    ),
    Row(
        "learning:certificate_pdf",
        expect({"student"}, no=404),
        method="head",
        kwargs=lambda c: {"certificate_id": certificate(c)},
    ),
    # Moved to the program's one verification page (certificates:verify); printed certificates point here.
    Row("learning:verify", everyone(301, anon=301)),
    Row("learning:schedule", expect(STUDY)),
    Row("learning:schedule_ics", expect(STUDY), method="head"),
    Row("learning:schedule_feed_regenerate", expect(STUDY, yes=302), method="post"),
    # The private feed: its token is the credential, whoever asks (calendar apps have no session).
    Row(
        "learning:schedule_feed",
        everyone(200, anon=200),
        method="head",
        kwargs=lambda c: {"token": feed_token(c)},
    ),
    Row(
        "learning:schedule_feed",
        everyone(404, anon=404),
        method="head",
        kwargs=lambda c: {"token": "0" * 64},
        label="learning:schedule_feed with a wrong token",
    ),
]


# The API: same rules as the pages; 401 without a session or token.
ROWS += [
    Row("api:learning_courses", everyone(200, anon=401)),
    Row("api:learning_progress", expect(STUDY, anon=401)),
    Row("api:learning_skills", expect(STUDY, anon=401)),
]

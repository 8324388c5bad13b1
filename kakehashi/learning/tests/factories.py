"""A large cohort for the gradebook's query pin and its benchmark (bulk inserts, a few seconds)."""

from datetime import datetime

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.learning.models import (
    Assignment,
    Cohort,
    CohortMember,
    CohortRole,
    Course,
    Exercise,
    ExerciseRun,
    Quiz,
    QuizAttempt,
    RunStatus,
    Status,
    Submission,
)


def big_cohort(
    learners: int,
    items: int,
    key: str = "big",
    *,
    college_key: str = "shine-mongol-kosen",
    students_of: list[str] | None = None,
    teachers: list[User] | None = None,
    due: datetime | None = None,
) -> Cohort:
    """`learners` learners, and courses with `items` graded items in all (quizzes, exercises, assignments
    in turn), each learner with a score in every item.

    `students_of`: the keys of colleges whose students the learners are, in turn (active memberships);
    `teachers`: cohort teachers; `due`: the deadline of every assignment."""
    program = Program.objects.get(key="jica-dx-2024")
    college = Organization.objects.get(key=college_key)
    cohort = Cohort.objects.create(
        program=program, key=f"{key}-cohort", college=college, intake="2099", title={"en": key}
    )
    courses = [
        Course.objects.create(
            program=program, key=f"{key}-{n}", title={"en": f"{key} course {n}"}, status=Status.PUBLISHED
        )
        for n in range(4)
    ]
    cohort.courses.set(courses)
    users = User.objects.bulk_create(
        [User(email=f"{key}{n}@example.mn", name_latin=f"Learner {n:04d}") for n in range(learners)]
    )
    CohortMember.objects.bulk_create(
        [CohortMember(cohort=cohort, user=u, role=CohortRole.LEARNER) for u in users]
        + [CohortMember(cohort=cohort, user=u, role=CohortRole.TEACHER) for u in teachers or []]
    )
    if students_of:
        colleges = [Organization.objects.get(key=k) for k in students_of]
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u, organization=colleges[n % len(colleges)], program=program, role=Role.STUDENT
                )
                for n, u in enumerate(users)
            ]
        )
    quizzes, exercises, assignments = [], [], []
    for n in range(items):
        c = courses[n % len(courses)]
        if n % 3 == 0:
            quizzes.append(Quiz(course=c, title={"en": f"Quiz {n}"}))
        elif n % 3 == 1:
            exercises.append(Exercise(course=c, title={"en": f"Exercise {n}"}, tests=""))
        else:
            assignments.append(Assignment(course=c, title={"en": f"Assignment {n}"}, due_at=due))
    quizzes = Quiz.objects.bulk_create(quizzes)
    exercises = Exercise.objects.bulk_create(exercises)
    assignments = Assignment.objects.bulk_create(assignments)
    QuizAttempt.objects.bulk_create(
        [QuizAttempt(quiz=q, user=u, score_percent=(u.pk + q.pk) % 101) for q in quizzes for u in users]
    )
    ExerciseRun.objects.bulk_create(
        [
            ExerciseRun(
                exercise=e, user=u, code="", status=RunStatus.PASSED, score_percent=(u.pk * e.pk) % 101
            )
            for e in exercises
            for u in users
        ]
    )
    Submission.objects.bulk_create(
        [
            Submission(assignment=a, user=u, version=1, score_percent=(u.pk + 2 * a.pk) % 101)
            for a in assignments
            for u in users
        ]
    )
    return cohort

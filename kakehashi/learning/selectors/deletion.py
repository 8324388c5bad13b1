"""What deleting a module, lesson, quiz, exercise, assignment, question or rubric criterion would lose,
and why deleting graded work's item is refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import ngettext

from kakehashi.learning.models import (
    Assignment,
    Exercise,
    Lesson,
    LessonCompletion,
    Module,
    Question,
    Quiz,
    QuizAttempt,
    RubricCriterion,
    Submission,
)


@dataclass
class DeletionImpact:
    """What deleting an item loses (`lost`), and why it may not be deleted at all (`blocked`)."""

    lost: list[str] = field(default_factory=list)
    blocked: str = ""


def deletion_impact(
    item: Module | Lesson | Quiz | Exercise | Assignment | Question | RubricCriterion,
) -> DeletionImpact:
    """Deleting graded work's item is refused rather than archived: an attempt, a run or a submission
    keeps its item, so learners' grades (and the gradebook, progress and certificates built on them)
    never change behind their backs. Lessons and modules may go: only reading marks are lost."""
    impact = DeletionImpact()
    if isinstance(item, Module):
        lessons = item.lessons.count()
        reads = LessonCompletion.objects.filter(lesson__module=item).count()
        impact.lost.append(
            ngettext(
                "%(n)s lesson of this module, with its files.",
                "%(n)s lessons of this module, with their files.",
                lessons,
            )
            % {"n": lessons}
        )
        if reads:
            impact.lost.append(_reads_lost(reads))
    elif isinstance(item, Lesson):
        reads = item.completions.count()
        if reads:
            impact.lost.append(_reads_lost(reads))
    elif isinstance(item, Quiz):
        attempts = item.attempts.count()
        if attempts:
            impact.blocked = ngettext(
                "Learners have made %(n)s attempt at this quiz: deleting it would lose their grades.",
                "Learners have made %(n)s attempts at this quiz: deleting it would lose their grades.",
                attempts,
            ) % {"n": attempts}
        questions = item.questions.count()
        impact.lost.append(
            ngettext("%(n)s question of the bank.", "%(n)s questions of the bank.", questions)
            % {"n": questions}
        )
    elif isinstance(item, Exercise):
        runs = item.runs.count()
        if runs:
            impact.blocked = ngettext(
                "Learners have submitted code %(n)s time for this exercise: deleting it would lose their grades.",
                "Learners have submitted code %(n)s times for this exercise: deleting it would lose their grades.",
                runs,
            ) % {"n": runs}
    elif isinstance(item, Assignment):
        submissions = item.submissions.count()
        if submissions:
            impact.blocked = ngettext(
                "Learners have handed in %(n)s submission for this assignment: deleting it would lose their work and grades.",
                "Learners have handed in %(n)s submissions for this assignment: deleting it would lose their work and grades.",
                submissions,
            ) % {"n": submissions}
        criteria = item.criteria.count()
        if criteria:
            impact.lost.append(
                ngettext("%(n)s criterion of the rubric.", "%(n)s criteria of the rubric.", criteria)
                % {"n": criteria}
            )
    elif isinstance(item, Question):
        drawn = sum(
            item.pk in ids
            for ids in QuizAttempt.objects.filter(quiz_id=item.quiz_id).values_list("question_ids", flat=True)
        )
        if drawn:
            impact.blocked = ngettext(
                "This question was part of %(n)s attempt: deleting it would change how those attempts were graded.",
                "This question was part of %(n)s attempts: deleting it would change how those attempts were graded.",
                drawn,
            ) % {"n": drawn}
    elif isinstance(item, RubricCriterion):
        graded = Submission.objects.filter(assignment_id=item.assignment_id, graded_at__isnull=False).count()
        if graded:
            impact.blocked = ngettext(
                "%(n)s submission was graded with this rubric: deleting the criterion would change its grade.",
                "%(n)s submissions were graded with this rubric: deleting the criterion would change their grades.",
                graded,
            ) % {"n": graded}
    return impact


def _reads_lost(reads: int) -> str:
    return ngettext(
        "%(n)s record of a learner having read a lesson.",
        "%(n)s records of learners having read lessons.",
        reads,
    ) % {"n": reads}

"""Quizzes, the viewer's own attempts at them, and the questions of a quiz's bank an author edits."""

from __future__ import annotations

from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.learning.models import Question, Quiz, QuizAttempt
from kakehashi.learning.selectors.courses import _course_item, course_for


def quiz_for(viewer: Viewer, quiz_id: int) -> Quiz:
    return _course_item(viewer, Quiz, quiz_id)


def attempts_of(viewer: Viewer, quiz: Quiz) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(quiz=quiz, user=viewer.user).select_related("quiz"))


def attempt_for(viewer: Viewer, attempt_id: int) -> QuizAttempt:
    attempt = QuizAttempt.objects.select_related("quiz").filter(pk=attempt_id, user=viewer.user).first()
    if attempt is None:
        raise Http404
    course_for(viewer, attempt.quiz.course_id)
    return attempt


def question_for(viewer: Viewer, question_id: int) -> Question:
    question = Question.objects.select_related("quiz").filter(pk=question_id).first()
    if question is None:
        raise Http404
    quiz_for(viewer, question.quiz_id)
    return question

"""Quizzes: an attempt started with questions drawn from the bank, one answer graded automatically,
and an attempt submitted and scored."""

from __future__ import annotations

import math
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning.models import (
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)


@transaction.atomic
def quiz_start(*, viewer: Viewer, quiz: Quiz, rng: random.Random | None = None) -> QuizAttempt:
    """A new attempt with questions drawn from the bank (all of them when `draw` is 0)."""
    open_attempt = QuizAttempt.objects.filter(quiz=quiz, user=viewer.user, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    used = QuizAttempt.objects.filter(quiz=quiz, user=viewer.user).count()
    if used >= quiz.max_attempts:
        raise ValidationError(_("You have used all the attempts this quiz allows."))
    ids = list(quiz.questions.values_list("pk", flat=True))
    if quiz.draw and quiz.draw < len(ids):
        ids = (rng or random.SystemRandom()).sample(ids, quiz.draw)
    return QuizAttempt.objects.create(quiz=quiz, user=viewer.user, question_ids=ids)


def grade_answer(question: Question, given: Any) -> bool:
    """Automatic grading of one answer. `given`: a list of choice indexes, or the text typed."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        try:
            chosen = sorted({int(x) for x in (given if isinstance(given, list) else [given]) if str(x) != ""})
        except (TypeError, ValueError):
            return False
        return chosen == sorted(int(x) for x in question.answer)
    text = str(given[0] if isinstance(given, list) and given else given or "").strip()
    if question.kind == QuestionKind.NUMBER:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return False
        expected = float(question.answer[0] if isinstance(question.answer, list) else question.answer)
        return math.isfinite(value) and abs(value - expected) <= question.tolerance + 1e-9
    accepted = question.answer if isinstance(question.answer, list) else [question.answer]
    return " ".join(text.casefold().split()) in {" ".join(str(a).casefold().split()) for a in accepted}


@transaction.atomic
def quiz_submit(*, viewer: Viewer, attempt: QuizAttempt, answers: dict[str, list[str]]) -> QuizAttempt:
    if attempt.user_id != viewer.user.pk:
        require(False)
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt was already submitted."))
    questions = Question.objects.in_bulk(attempt.question_ids)
    total = earned = 0
    results: dict[str, bool] = {}
    for qid in attempt.question_ids:
        question = questions.get(qid)
        if question is None:
            continue
        given = answers.get(str(qid), [])
        ok = grade_answer(question, given)
        results[str(qid)] = ok
        total += question.points
        earned += question.points if ok else 0
    attempt.answers = {k: v for k, v in answers.items() if k in {str(q) for q in attempt.question_ids}}
    attempt.results = results
    attempt.score_percent = round(100 * earned / total) if total else 0
    attempt.submitted_at = timezone.now()
    attempt.save()
    return attempt

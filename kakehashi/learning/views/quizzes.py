"""Quizzes: a quiz's page that starts an attempt, and an attempt answered, then shown with its results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kakehashi.core.permissions import viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.models import Question
from kakehashi.learning.views._common import _errors


@login_required
def quiz_detail(request: HttpRequest, quiz_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    quiz = selectors.quiz_for(viewer, quiz_id)
    if request.method == "POST":
        try:
            attempt = services.quiz_start(viewer=viewer, quiz=quiz)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            return redirect("learning:attempt_detail", attempt.pk)
    attempts = selectors.attempts_of(viewer, quiz)
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "attempts_left": max(0, quiz.max_attempts - len(attempts)),
            "bank_size": quiz.questions.count(),
            "can_write": rules.can_write_courses(viewer),
            "questions": quiz.questions.all() if rules.can_write_courses(viewer) else [],
        },
    )


@login_required
def attempt_detail(request: HttpRequest, attempt_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    attempt = selectors.attempt_for(viewer, attempt_id)
    if request.method == "POST" and attempt.submitted_at is None:
        answers = {str(qid): request.POST.getlist(f"q{qid}") for qid in attempt.question_ids}
        try:
            services.quiz_submit(viewer=viewer, attempt=attempt, answers=answers)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("learning:attempt_detail", attempt.pk)
    questions = Question.objects.in_bulk(attempt.question_ids)
    items = []
    for qid in attempt.question_ids:
        question = questions.get(qid)
        if question is None:
            continue
        given = attempt.answers.get(str(qid), [])
        items.append(
            {
                "question": question,
                "text": question.text,
                "choices": list(enumerate(question.choice_labels())),
                "given": [str(g) for g in given],
                "ok": attempt.results.get(str(qid)),
                "feedback": question.feedback,
            }
        )
    return render(
        request, "learning/attempt_detail.html", {"attempt": attempt, "quiz": attempt.quiz, "items": items}
    )

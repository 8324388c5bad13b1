"""Japanese test results: a student's own, the office's queue to verify, and the verified level of
applicants for screening and ranking pages (one query a page)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import LEVEL_RANK, JapaneseResult, ResultStatus, meets


def my_japanese_results(viewer: Viewer) -> QuerySet[JapaneseResult]:
    return JapaneseResult.objects.filter(student=viewer.user)


def japanese_results_to_verify(viewer: Viewer) -> QuerySet[JapaneseResult]:
    require(rules.can_verify_japanese(viewer))
    return (
        JapaneseResult.objects.filter(status=ResultStatus.SUBMITTED)
        .select_related("student")
        .order_by("created_at", "pk")
    )


def japanese_result_for(viewer: Viewer, result_id: int) -> JapaneseResult:
    """The student's own result, or any for the office; another person's answers 404."""
    result = JapaneseResult.objects.select_related("student").filter(pk=result_id).first()
    if result is None or not (result.student_id == viewer.user.pk or rules.can_verify_japanese(viewer)):
        raise Http404
    return result


def verified_levels(student_ids: Iterable[int]) -> dict[int, str]:
    """Each student's best verified level (N1 is best), for the students given: one query."""
    best: dict[int, str] = {}
    rows = JapaneseResult.objects.filter(student_id__in=list(student_ids), status=ResultStatus.VERIFIED)
    for student_id, level in rows.values_list("student_id", "level"):
        if student_id not in best or LEVEL_RANK[level] < LEVEL_RANK[best[student_id]]:
            best[student_id] = level
    return best


def with_verified_japanese(applications: Iterable[Any], minimum: str | None = None) -> list[Any]:
    """Applications with `verified_japanese` set (None when nothing is verified) and, given a place's
    minimum level, `below_japanese_minimum` (the verified level does not reach it)."""
    applications = list(applications)
    levels = verified_levels(a.student_id for a in applications)
    for application in applications:
        application.verified_japanese = levels.get(application.student_id)
        application.below_japanese_minimum = minimum is not None and not meets(
            application.verified_japanese, minimum
        )
    return applications

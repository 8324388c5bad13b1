"""Evaluations at the end of an internship: the company evaluates the intern on the rubric, and the
intern evaluates the company."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning.services import endorsements_replace
from kakehashi.operations import rules
from kakehashi.operations.models import Evaluation, EvaluationKind, InternCase

RUBRIC = ("skills", "attitude", "japanese", "teamwork")


@transaction.atomic
def evaluation_save(*, viewer: Viewer, case: InternCase, kind: str, scores: dict[str, Any]) -> Evaluation:
    require(rules.can_evaluate(viewer, case, kind))
    values = {"overall": scores.get("overall"), "comment": scores.get("comment", "")}
    if kind == EvaluationKind.OF_INTERN:
        missing = [name for name in RUBRIC if not scores.get(name)]
        if missing:
            raise ValidationError(_("Give a score for every line of the rubric."))
        values.update({name: scores[name] for name in RUBRIC})
    if not values["overall"]:
        raise ValidationError({"overall": _("Give an overall score.")})
    evaluation, _created = Evaluation.objects.update_or_create(
        case=case, kind=kind, defaults={**values, "author": viewer.user}
    )
    if kind == EvaluationKind.OF_INTERN:
        # The skills the company saw used are endorsed on the intern's profile at its technical score.
        endorsements_replace(
            user=case.intern,
            organization=case.host,
            source=f"evaluation:{evaluation.pk}",
            rating=values.get("skills"),
            skills=scores.get("skills_seen") or [],
        )
    return evaluation

"""Skills: a person's skill profile built from their completed lessons and graded work (the
internships app shows it to companies), and the skill list the program office edits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from kakehashi.accounts.models import User
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Assignment,
    Exercise,
    ExerciseRun,
    Lesson,
    LessonCompletion,
    Quiz,
    QuizAttempt,
    Skill,
    SkillEndorsement,
    Submission,
)


@dataclass(frozen=True)
class SkillLevel:
    key: str
    name: str
    group: str
    level: int  # 0-100: the mean score of the evidence
    evidence: int  # how many completed lessons, graded items and company endorsements are tagged with it
    endorsed_by: tuple[str, ...] = ()  # the host companies that saw the skill used, in the reader's language


def skill_profile(user: User) -> list[SkillLevel]:
    """The skills a person showed: completed lessons count 100, graded work its best score, a host
    company's endorsement its rating (1-5 as 20-100), with the company named.
    For the rounds app: companies see it on nominated applicants (the caller checks that right)."""
    evidence: dict[int, list[int]] = defaultdict(list)
    lesson_ids = LessonCompletion.objects.filter(user=user).values("lesson_id")
    for skill_id in Lesson.skills.through.objects.filter(lesson_id__in=lesson_ids).values_list(
        "skill_id", flat=True
    ):
        evidence[skill_id].append(100)
    for model, through, fk, related in (
        (QuizAttempt, Quiz.skills.through, "quiz_id", "quiz_id"),
        (ExerciseRun, Exercise.skills.through, "exercise_id", "exercise_id"),
        (Submission, Assignment.skills.through, "assignment_id", "assignment_id"),
    ):
        best = dict(
            model.objects.filter(user=user, score_percent__isnull=False)  # type: ignore[attr-defined]
            .values_list(related)
            .annotate(best=Max("score_percent"))
        )
        if not best:
            continue
        for item_id, skill_id in through.objects.filter(**{f"{fk}__in": list(best)}).values_list(
            fk, "skill_id"
        ):
            evidence[skill_id].append(best[item_id])
    # A company's rating of 1-5 counts as 20-100, beside the course work.
    endorsers: dict[int, list[str]] = defaultdict(list)
    for endorsement in SkillEndorsement.objects.filter(user=user).select_related("organization"):
        evidence[endorsement.skill_id].append(endorsement.rating * 20)
        endorsers[endorsement.skill_id].append(localized(endorsement.organization, "name"))
    skills = Skill.objects.in_bulk(list(evidence))
    profile = [
        SkillLevel(
            key=skills[pk].key,
            name=str(skills[pk].name),
            group=skills[pk].group,
            level=round(sum(scores) / len(scores)),
            evidence=len(scores),
            endorsed_by=tuple(sorted(set(endorsers.get(pk, [])))),
        )
        for pk, scores in evidence.items()
        if pk in skills
    ]
    return sorted(profile, key=lambda s: (-s.level, s.key))


def skills_for_editing(viewer: Viewer) -> QuerySet[Skill]:
    require(rules.can_edit_skills(viewer))
    return Skill.objects.all()

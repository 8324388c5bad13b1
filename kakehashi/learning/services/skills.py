"""Skills: an entry of the skill taxonomy saved by the program office."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from kakehashi.accounts.models import Organization, User
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import Skill, SkillEndorsement


@transaction.atomic
def skill_save(*, viewer: Viewer, skill: Skill) -> Skill:
    require(rules.can_edit_skills(viewer))
    skill.full_clean()
    skill.save()
    return skill


@transaction.atomic
def endorsements_replace(
    *, user: User, organization: Organization, source: str, rating: int | None, skills: Iterable[Skill]
) -> None:
    """The endorsements of one evaluation (`source`), replaced by `skills` at `rating`. Called by the
    operations service that saves the evaluation, after its own permission check."""
    SkillEndorsement.objects.filter(source=source).delete()
    if rating is None:
        return
    SkillEndorsement.objects.bulk_create(
        SkillEndorsement(user=user, skill=skill, organization=organization, rating=rating, source=source)
        for skill in skills
    )

"""Skills: an entry of the skill taxonomy saved by the program office."""

from __future__ import annotations

from django.db import transaction

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Skill,
)


@transaction.atomic
def skill_save(*, viewer: Viewer, skill: Skill) -> Skill:
    require(rules.can_edit_skills(viewer))
    skill.full_clean()
    skill.save()
    return skill

"""Reads of the talent pool, scoped to the viewer's program (another program's profile answers 404)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships.models.japanese import LEVEL_RANK, JapaneseResult, ResultStatus
from kakehashi.internships.selectors.japanese import verified_levels
from kakehashi.learning.models.skills import SkillEndorsement
from kakehashi.privacy.models import Consent, ConsentKind
from kakehashi.talent import rules
from kakehashi.talent.models import TalentInvitation, TalentProfile, TalentView


def _in_pool(program_id: int | None) -> QuerySet[TalentProfile]:
    """Listed profiles of the program whose talent-pool consent stands."""
    consent = Consent.objects.filter(
        user_id=OuterRef("user_id"), text__kind=ConsentKind.TALENT_POOL, withdrawn_at__isnull=True
    )
    if program_id is None:
        return TalentProfile.objects.none()
    return TalentProfile.objects.filter(program_id=program_id, listed=True).filter(Exists(consent))


@dataclass(frozen=True)
class PoolFilters:
    search: str = ""
    skill: int | None = None
    japanese_at_least: str = ""  # "N3": N3 or better, verified
    college: int | None = None
    graduating_by: date | None = None


def pool_search(viewer: Viewer, filters: PoolFilters) -> QuerySet[TalentProfile]:
    require(rules.can_search(viewer))
    profiles = _in_pool(viewer.program.pk if viewer.program else None).select_related("user", "college")
    if filters.search:
        profiles = profiles.filter(
            Q(headline__icontains=filters.search) | Q(user__name_latin__icontains=filters.search)
        )
    if filters.skill:
        profiles = profiles.filter(
            Exists(SkillEndorsement.objects.filter(user_id=OuterRef("user_id"), skill_id=filters.skill))
        )
    if filters.japanese_at_least in LEVEL_RANK:
        good_enough = [
            level for level, rank in LEVEL_RANK.items() if rank <= LEVEL_RANK[filters.japanese_at_least]
        ]
        profiles = profiles.filter(
            Exists(
                JapaneseResult.objects.filter(
                    student_id=OuterRef("user_id"), status=ResultStatus.VERIFIED, level__in=good_enough
                )
            )
        )
    if filters.college:
        profiles = profiles.filter(college_id=filters.college)
    if filters.graduating_by:
        profiles = profiles.filter(graduation_on__lte=filters.graduating_by)
    return profiles.order_by("graduation_on", "pk")


def with_evidence(profiles: list[TalentProfile]) -> list[TalentProfile]:
    """Each profile with its endorsed skills and verified Japanese level: two queries for the page."""
    user_ids = [profile.user_id for profile in profiles]
    levels = verified_levels(user_ids)
    skills: dict[int, list[Any]] = {}
    endorsements = (
        SkillEndorsement.objects.filter(user_id__in=user_ids).select_related("skill").order_by("-rating")
    )
    for endorsement in endorsements:
        names = skills.setdefault(endorsement.user_id, [])
        if endorsement.skill not in names:
            names.append(endorsement.skill)
    for profile in profiles:
        profile.japanese_level = levels.get(profile.user_id, "")  # type: ignore[attr-defined]
        profile.skills = skills.get(profile.user_id, [])  # type: ignore[attr-defined]
    return profiles


def profile_for(viewer: Viewer, profile_id: int) -> TalentProfile:
    """A profile the viewer may open: a company or the office of its program while it is in the pool, or
    the person themselves."""
    own = TalentProfile.objects.filter(pk=profile_id, user=viewer.user).first()
    if own is not None:
        return own
    require(rules.can_search(viewer))
    profile = _in_pool(viewer.program.pk if viewer.program else None).filter(pk=profile_id).first()
    if profile is None:
        raise Http404
    return profile


def my_profile(viewer: Viewer) -> TalentProfile | None:
    require(rules.can_join(viewer))
    return TalentProfile.objects.filter(user=viewer.user).first()


def views_of(profile: TalentProfile) -> QuerySet[TalentView]:
    return profile.views.select_related("company").order_by("-viewed_at")


def invitations_of(profile: TalentProfile) -> QuerySet[TalentInvitation]:
    return profile.invitations.select_related("company")


def invitation_for_student(viewer: Viewer, invitation_id: int) -> TalentInvitation:
    found = (
        TalentInvitation.objects.filter(pk=invitation_id, profile__user=viewer.user)
        .select_related("company")
        .first()
    )
    if found is None:
        raise Http404
    return found


def invitations_sent(viewer: Viewer) -> QuerySet[TalentInvitation]:
    require(rules.can_search(viewer))
    return TalentInvitation.objects.filter(
        company_id__in=rules.company_ids(viewer), profile__program=viewer.program
    ).select_related("profile__user", "company")

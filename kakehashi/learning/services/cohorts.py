"""Cohorts: a cohort saved (its key made from the college and the intake when left empty), and members
added and removed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules, selectors
from kakehashi.learning.models import (
    Cohort,
    CohortMember,
    CohortRole,
    Course,
)


@transaction.atomic
def cohort_save(*, viewer: Viewer, cohort: Cohort, courses: list[Course] | None = None) -> Cohort:
    """A cohort of one partner college of the viewer's program; its key is made from the college and
    the intake when left empty."""
    require(rules.can_manage_cohorts(viewer))
    if cohort.pk is None:
        if viewer.program is None:
            raise ValidationError(_("Choose a program first."))
        cohort.program = viewer.program
    if cohort.college.kind != OrganizationKind.PARTNER_COLLEGE:
        raise ValidationError(_("A cohort belongs to a partner college."))
    if not cohort.key:
        base = slugify(f"{cohort.college.key}-{cohort.intake}")[:50] or "cohort"
        key, n = base, 1
        while Cohort.objects.filter(program=cohort.program, key=key).exclude(pk=cohort.pk).exists():
            n += 1
            key = f"{base}-{n}"
        cohort.key = key
    elif Cohort.objects.filter(program=cohort.program, key=cohort.key).exclude(pk=cohort.pk).exists():
        raise ValidationError(_("Another cohort of the program already has this key."))
    cohort.full_clean(validate_unique=False)
    cohort.save()
    if courses is not None:
        if any(course.program_id != cohort.program_id for course in courses):
            raise ValidationError(_("Choose courses of this program."))
        cohort.courses.set(courses)
    return cohort


@transaction.atomic
def cohort_member_add(*, viewer: Viewer, cohort: Cohort, user: User, role: str) -> CohortMember:
    """Only people of the right organization and role may join (selectors.member_candidates)."""
    require(rules.can_manage_cohorts(viewer))
    if role not in CohortRole.values:
        raise ValidationError(_("Choose whether the person joins as a learner or as a teacher."))
    if not selectors.member_candidates(cohort, role).filter(pk=user.pk).exists():
        raise ValidationError(_("This person cannot join this cohort in this role, or is already in it."))
    member, _created = CohortMember.objects.get_or_create(cohort=cohort, user=user, role=role)
    return member


@transaction.atomic
def cohort_member_remove(*, viewer: Viewer, member: CohortMember) -> None:
    """Their own work and grades stay: they belong to the person, not to the cohort."""
    require(rules.can_manage_cohorts(viewer))
    member.delete()

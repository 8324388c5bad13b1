"""Cohorts the viewer belongs to (all of the program's for staff), the ones they may manage, and the
people who may be added to a cohort as learners or teachers."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.accounts.models import Membership, Organization, User, by_name
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.multilingual.query import translated_contains, translated_order
from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import Cohort, CohortMember, CohortRole, Track


def cohorts_visible_to(viewer: Viewer) -> QuerySet[Cohort]:
    require(rules.can_see_cohorts(viewer))
    if viewer.program is None:
        return Cohort.objects.none()
    cohorts = Cohort.objects.filter(program=viewer.program).select_related("college")
    if not rules.is_staff(viewer):
        cohorts = cohorts.filter(pk__in=CohortMember.objects.filter(user=viewer.user).values("cohort_id"))
    return cohorts.order_by(translated_order("college__name"), "intake")


def cohorts_matching(cohorts: QuerySet[Cohort], search: str) -> QuerySet[Cohort]:
    return cohorts.filter(
        translated_contains("title", search)
        | Q(intake__icontains=search)
        | translated_contains("college__name", search)
    )


def cohort_for(viewer: Viewer, cohort_id: int) -> Cohort:
    try:
        return cohorts_visible_to(viewer).get(pk=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404 from None


def teaches(viewer: Viewer, cohort: Cohort) -> bool:
    return CohortMember.objects.filter(cohort=cohort, user=viewer.user, role=CohortRole.TEACHER).exists()


def cohort_for_managing(viewer: Viewer, cohort_id: int) -> Cohort:
    """A cohort the viewer may edit: outside their scope 404, without the right 403."""
    cohort = cohort_for(viewer, cohort_id)
    require(rules.can_manage_cohorts(viewer))
    return cohort


def cohort_member_for_managing(viewer: Viewer, member_id: int) -> CohortMember:
    member = CohortMember.objects.select_related("user", "cohort").filter(pk=member_id).first()
    if member is None:
        raise Http404
    cohort_for_managing(viewer, member.cohort_id)
    return member


def colleges_for_cohorts(viewer: Viewer) -> QuerySet[Organization]:
    """The partner colleges of the viewer's program: a cohort belongs to one of them."""
    return Organization.objects.filter(
        kind=OrganizationKind.PARTNER_COLLEGE, participations__program=viewer.program
    ).order_by(translated_order("name"))


def member_candidates(
    cohort: Cohort, role: str, search: str = "", *, by_email: bool = False
) -> QuerySet[User]:
    """The people who may join the cohort in `role`, not yet in it in that role.

    Learners of a student-track cohort are the students of its college; learners of a teacher-track
    cohort are the partner teachers of any college. Teachers are the partner teachers of the college
    and the instructors of Nagaoka."""
    memberships = Membership.objects.filter(program_id=cohort.program_id, is_active=True)
    if role == CohortRole.LEARNER:
        if cohort.track == Track.TEACHER:
            memberships = memberships.filter(role=Role.PARTNER_TEACHER)
        else:
            memberships = memberships.filter(role=Role.STUDENT, organization_id=cohort.college_id)
    else:
        memberships = memberships.filter(
            Q(role=Role.PARTNER_TEACHER, organization_id=cohort.college_id) | Q(role=Role.INSTRUCTOR)
        )
    people = User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).exclude(
        pk__in=CohortMember.objects.filter(cohort=cohort, role=role).values("user_id")
    )
    if search:
        match = Q(name_latin__icontains=search) | Q(name_local__icontains=search)
        if by_email:  # contact details are the program office's to see (core.permissions)
            match |= Q(email__icontains=search)
        people = people.filter(match)
    return people.order_by(*by_name())

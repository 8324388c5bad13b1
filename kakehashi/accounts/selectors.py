"""Reads of people, organizations and programs, always scoped to the viewer."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from kakehashi.accounts.models import (
    Invitation,
    Membership,
    Organization,
    PeopleImport,
    Program,
    User,
)
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.permissions import (
    Viewer,
    can_browse_people,
    can_manage_members,
    manageable_organization_ids,
    require,
)


def programs_visible_to(viewer: Viewer) -> list[Program]:
    return list(viewer.programs)


def program_for(viewer: Viewer, program_id: int) -> Program:
    for program in viewer.programs:
        if program.pk == program_id:
            return program
    raise Http404


def organizations_visible_to(viewer: Viewer, *, search: str = "", kind: str = "") -> QuerySet[Organization]:
    """Organizations are public within a program: everyone in it sees who takes part."""
    if viewer.is_platform_admin:
        orgs = Organization.objects.all()
    elif viewer.program is None:
        orgs = Organization.objects.none()
    else:
        orgs = Organization.objects.filter(participations__program=viewer.program)
    if search:
        orgs = orgs.filter(
            Q(name_en__icontains=search)
            | Q(name_ja__icontains=search)
            | Q(name_mn__icontains=search)
            | Q(key__icontains=search)
        )
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs.order_by("kind", "name_en")


def organization_for(viewer: Viewer, organization_id: int) -> Organization:
    try:
        return organizations_visible_to(viewer).get(pk=organization_id)
    except Organization.DoesNotExist:
        raise Http404 from None


def _visible_memberships(viewer: Viewer) -> QuerySet[Membership]:
    """Memberships whose person the viewer may see listed in the current program."""
    if viewer.program is None or not can_browse_people(viewer):
        return Membership.objects.none()
    memberships = Membership.objects.filter(program=viewer.program, is_active=True)
    if viewer.is_program_office:
        return memberships
    # Everyone sees the staff of the program's organizations; students are seen by their own
    # college and by those who teach or coordinate them.
    if viewer.sees_all_students:
        return memberships
    return memberships.filter(~Q(role=Role.STUDENT) | Q(organization_id__in=viewer.organization_ids))


def people_visible_to(
    viewer: Viewer, *, search: str = "", organization_id: int | None = None, role: str = ""
) -> QuerySet[User]:
    memberships = _visible_memberships(viewer)
    if organization_id:
        memberships = memberships.filter(organization_id=organization_id)
    if role:
        memberships = memberships.filter(role=role)
    people = User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)
    if search:
        # Email is private: it matches only where the viewer may see it (their own organization, or
        # the program office), or a search could reveal an address letter by letter.
        by_email = Q(email__icontains=search)
        if not viewer.is_program_office:
            by_email &= Q(
                memberships__organization_id__in=viewer.organization_ids,
                memberships__program=viewer.program,
                memberships__is_active=True,
            )
        people = people.filter(
            Q(name_latin__icontains=search) | Q(name_local__icontains=search) | by_email
        ).distinct()
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=memberships.select_related("organization").order_by("organization__name_en"),
            to_attr="visible_memberships",
        )
    ).order_by("name_latin", "pk")


def person_for(viewer: Viewer, person_id: int) -> User:
    if not can_browse_people(viewer):
        require(False)
    try:
        return people_visible_to(viewer).get(pk=person_id)
    except User.DoesNotExist:
        raise Http404 from None


def members_of(viewer: Viewer, organization: Organization) -> QuerySet[Membership]:
    """The members page of an organization: its administrators and the program office."""
    require(can_manage_members(viewer, organization))
    return (
        Membership.objects.filter(organization=organization, program=viewer.program)
        .select_related("user")
        .order_by("-is_active", "user__name_latin", "role")
    )


def membership_for(viewer: Viewer, organization: Organization, membership_id: int) -> Membership:
    try:
        return members_of(viewer, organization).get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404 from None


def invitations_of(viewer: Viewer, organization: Organization) -> QuerySet[Invitation]:
    require(can_manage_members(viewer, organization))
    return Invitation.objects.filter(
        organization=organization,
        program=viewer.program,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).select_related("invited_by")


def invitation_for(viewer: Viewer, organization: Organization, invitation_id: int) -> Invitation:
    try:
        return invitations_of(viewer, organization).get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404 from None


def people_import_for(viewer: Viewer, import_id: int) -> PeopleImport:
    """An import is seen only by the person who uploaded it."""
    try:
        return PeopleImport.objects.get(pk=import_id, uploaded_by=viewer.user)
    except PeopleImport.DoesNotExist:
        raise Http404 from None


def can_import_people(viewer: Viewer) -> bool:
    managed = manageable_organization_ids(viewer)
    return managed is None or bool(managed)


def people_per_organization_kind(viewer: Viewer) -> list[tuple[str, int]]:
    """How many people of each kind of organization take part (figures, so the funder sees them too)."""
    if viewer.program is None:
        return []
    rows = (
        Membership.objects.filter(program=viewer.program, is_active=True)
        .values("organization__kind")
        .annotate(people=Count("user", distinct=True))
        .order_by("organization__kind")
    )
    labels = dict(OrganizationKind.choices)
    return [(str(labels[row["organization__kind"]]), row["people"]) for row in rows]

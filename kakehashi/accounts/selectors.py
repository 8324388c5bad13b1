"""Reads of people, organizations and programs, always scoped to the viewer."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from kakehashi.accounts.models import (
    Invitation,
    Membership,
    Organization,
    PeopleImport,
    Program,
    User,
    by_name,
)
from kakehashi.accounts.roles import Role
from kakehashi.core.multilingual.query import translated_contains, translated_order
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
        orgs = orgs.filter(translated_contains("name", search) | Q(key__icontains=search))
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs.order_by("kind", translated_order("name"), "pk")


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
    # EXISTS, not IN (subquery): PostgreSQL can then walk the people in name order (user_sort_<language>)
    # and stop at the page's last row instead of hashing every membership of the program first.
    people = User.objects.filter(Exists(memberships.filter(user_id=OuterRef("pk"))), is_active=True)
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
            queryset=memberships.select_related("organization").order_by(
                translated_order("organization__name")
            ),
            to_attr="visible_memberships",
        )
    ).order_by(*by_name())


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
        .order_by("-is_active", *by_name(prefix="user__"), "role")
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


def people_import_progress(batch: PeopleImport) -> int:
    """Rows written so far by the import's task (it reports them in the cache while its transaction is
    open), or the import's own figure when it is not running."""
    if batch.status != "applying":
        return batch.progress
    from kakehashi.accounts.services import people_import_progress_key

    return int(cache.get(people_import_progress_key(batch.pk), batch.progress))


def can_import_people(viewer: Viewer) -> bool:
    managed = manageable_organization_ids(viewer)
    return managed is None or bool(managed)


# --- figures cached until people change ---------------------------------------------------------------
#
# Counting 100,000 people is tens of milliseconds: too much for every home page and every page of the
# people list. The counts are cached under a version that every change of a person or a membership replaces
# (kakehashi.accounts.apps connects `people_changed` to their saves and deletes; bulk writes call it
# themselves), so a figure is never staler than the last write.

PEOPLE_VERSION_KEY = "accounts:people-version"
FIGURES_SECONDS = 60 * 60


def people_changed(**_kwargs: object) -> None:
    """Forget every cached count of people (a signal receiver, and called after bulk writes)."""
    import secrets

    cache.set(PEOPLE_VERSION_KEY, secrets.token_hex(8), None)


def _people_version() -> str:
    import secrets

    version = cache.get(PEOPLE_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        cache.add(PEOPLE_VERSION_KEY, version, None)
        version = cache.get(PEOPLE_VERSION_KEY, version)
    return str(version)


def _cached_people_figure[T](name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"accounts:{name}:{_people_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURES_SECONDS)
    return value  # type: ignore[no-any-return]


def people_count(
    viewer: Viewer,
    people: QuerySet[User],
    *,
    search: str = "",
    organization_id: int | None = None,
    role: str = "",
) -> int:
    """The number of people `people_visible_to` gives with these filters, for the pager: cached (by what
    decides the visible set: the program, the viewer's reach and the filters) until people change. A
    search is counted each time: its words are the viewer's own and rarely asked twice."""
    if search:
        return people.count()
    if viewer.is_program_office or viewer.sees_all_students:
        reach: tuple[int, ...] = ()
    else:
        reach = tuple(sorted(viewer.organization_ids))
    browses = can_browse_people(viewer)
    parts = (viewer.program.pk if viewer.program else None, browses, reach, organization_id, role)
    return _cached_people_figure("people-count", parts, people.count)

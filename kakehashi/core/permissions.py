"""Who may do what: the one place that decides.

A `Viewer` is built once per request from the person's active memberships in the current program.
Selectors use it to scope what a person can read; services use it to refuse what a person may not do.
Views never test roles themselves.

Answers follow one rule everywhere: an object the viewer may not even know about answers 404 (raise
Http404 from the selector); an action the viewer's role lacks answers 403 (raise PermissionDenied).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.roles import (
    ADMIN_ROLES,
    PROGRAM_OFFICE_ROLES,
    STUDENT_FACING_ROLES,
    Role,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from kakehashi.accounts.models import Organization, Program, User


@dataclass(frozen=True)
class Viewer:
    """A signed-in person as the permission rules see them, within the current program."""

    user: User
    program: Program | None
    # (organization id, role) for each active membership in `program`.
    roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    programs: tuple[Program, ...] = ()

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.user.is_superuser)

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(role for _org, role in self.roles)

    def has_role(self, *roles: str, organization_id: int | None = None) -> bool:
        return any(
            role in roles and (organization_id is None or org == organization_id) for org, role in self.roles
        )

    @property
    def is_program_office(self) -> bool:
        return self.is_platform_admin or self.has_role(*PROGRAM_OFFICE_ROLES)

    @property
    def is_funder_only(self) -> bool:
        """The funder sees figures, not people."""
        return not self.is_platform_admin and self.role_names <= {Role.FUNDER_VIEWER}

    @property
    def sees_all_students(self) -> bool:
        return self.is_program_office or bool(self.role_names & STUDENT_FACING_ROLES)

    @property
    def primary_organization_id(self) -> int | None:
        return min(self.organization_ids) if self.organization_ids else None


def build_viewer(user: User, program_id: int | None = None) -> Viewer:
    """One query (two for the platform administrator), none when the person was read with their
    memberships at sign-in of this request: the person's active memberships with their programs, from
    which the programs they belong to and their roles in the chosen one are taken."""
    from kakehashi.accounts.auth_backends import ACTIVE_MEMBERSHIPS
    from kakehashi.accounts.models import Membership, Program

    # Read with the person at the start of this request (accounts.auth_backends): used once, so that a
    # viewer built again later in the request (after a change of roles) reads them afresh.
    memberships = getattr(user, ACTIVE_MEMBERSHIPS, None)
    if memberships is not None:
        delattr(user, ACTIVE_MEMBERSHIPS)  # request.user is a lazy proxy: attributes go through it
    else:
        memberships = list(
            Membership.objects.filter(user=user, is_active=True)
            .select_related("program__funder")
            .only("organization_id", "role", "program")
            .order_by()
        )
    if user.is_superuser:
        programs = tuple(Program.objects.select_related("funder").order_by("-starts_on"))
    else:
        unique = {m.program.pk: m.program for m in memberships}
        programs = tuple(sorted(unique.values(), key=lambda p: (-p.starts_on.toordinal(), p.pk)))
    program = next((p for p in programs if p.pk == program_id), None)
    if program is None and programs:
        # The person's most recent active program first, else their most recent one.
        program = next((p for p in programs if p.status == "active"), programs[0])
    if program is None:
        return Viewer(user=user, program=None, programs=programs)
    pairs = frozenset((m.organization_id, m.role) for m in memberships if m.program_id == program.pk)
    return Viewer(
        user=user,
        program=program,
        roles=pairs,
        organization_ids=frozenset(org for org, _role in pairs),
        programs=programs,
    )


PROGRAM_SESSION_KEY = "kakehashi_program_id"


def viewer_for(request: HttpRequest) -> Viewer:
    """The viewer of this request, built once and kept on the request."""
    cached: Viewer | None = getattr(request, "_kakehashi_viewer", None)
    if cached is not None:
        return cached
    user: User | AnonymousUser = request.user
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in."))
    viewer = build_viewer(user, request.session.get(PROGRAM_SESSION_KEY))  # type: ignore[arg-type]
    request._kakehashi_viewer = viewer  # type: ignore[attr-defined]
    return viewer


# --- rules -------------------------------------------------------------------------------------------


def can_manage_organizations(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_manage_members(viewer: Viewer, organization: Organization) -> bool:
    return can_manage_organizations(viewer) or viewer.has_role(*ADMIN_ROLES, organization_id=organization.pk)


def manageable_organization_ids(viewer: Viewer) -> frozenset[int] | None:
    """The organizations whose members the viewer manages; None means all of them."""
    if can_manage_organizations(viewer):
        return None
    return frozenset(org for org, role in viewer.roles if role in ADMIN_ROLES)


def can_browse_people(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or (bool(viewer.roles) and not viewer.is_funder_only)


def can_see_private_data_of(viewer: Viewer, organization_ids: Iterable[int]) -> bool:
    """Contact details: the person's own organization and the program office."""
    return viewer.is_program_office or bool(viewer.organization_ids & set(organization_ids))


def can_manage_program(viewer: Viewer, program: Program) -> bool:
    return viewer.is_platform_admin or (
        viewer.program is not None
        and viewer.program.pk == program.pk
        and viewer.has_role(Role.PROGRAM_MANAGER)
    )


def can_create_program(viewer: Viewer) -> bool:
    return viewer.is_platform_admin


def can_view_audit_log(viewer: Viewer) -> bool:
    return viewer.is_platform_admin


def can_manage_scheduled_jobs(viewer: Viewer) -> bool:
    return viewer.is_platform_admin


def require(allowed: bool, message: str | None = None) -> None:
    """Raise 403 with a message a person can act on when a rule says no."""
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this action."))

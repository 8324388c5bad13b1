from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from kakehashi.accounts import selectors
from kakehashi.accounts.models import User
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer, build_viewer

router = Router(tags=["people and organizations"])


def _viewer(request: HttpRequest, program: int | None) -> Viewer:
    assert isinstance(request.user, User)
    return build_viewer(request.user, program)


class MembershipOut(Schema):
    organization_id: int
    organization: str
    role: str


class ProgramOut(Schema):
    id: int
    key: str
    title: str
    starts_on: date
    ends_on: date
    status: str
    budget_jpy: int


class MeOut(Schema):
    id: int
    email: str
    name_latin: str
    name_local: str
    preferred_language: str
    program: ProgramOut | None
    memberships: list[MembershipOut]


class OrganizationOut(Schema):
    id: int
    key: str
    kind: str
    name: str
    name_ja: str
    name_en: str
    name_mn: str
    country: str


def _program_out(program: object) -> ProgramOut:
    return ProgramOut(
        id=program.pk,  # type: ignore[attr-defined]
        key=program.key,  # type: ignore[attr-defined]
        title=localized(program, "title"),
        starts_on=program.starts_on,  # type: ignore[attr-defined]
        ends_on=program.ends_on,  # type: ignore[attr-defined]
        status=program.status,  # type: ignore[attr-defined]
        budget_jpy=program.budget_jpy,  # type: ignore[attr-defined]
    )


@router.get("/me", response=MeOut, summary="The caller, with their roles in the current program")
def me(request: HttpRequest, program: int | None = None) -> MeOut:
    viewer = _viewer(request, program)
    user = viewer.user
    organizations = {
        org.pk: org
        for org in selectors.organizations_visible_to(viewer).filter(pk__in=viewer.organization_ids)
    }
    memberships = [
        MembershipOut(
            organization_id=org_id,
            organization=organizations[org_id].name if org_id in organizations else "",
            role=role,
        )
        for org_id, role in sorted(viewer.roles)
    ]
    return MeOut(
        id=user.pk,
        email=user.email,
        name_latin=user.name_latin,
        name_local=user.name_local,
        preferred_language=user.preferred_language,
        program=_program_out(viewer.program) if viewer.program else None,
        memberships=memberships,
    )


@router.get("/programs", response=list[ProgramOut], summary="Programs the caller takes part in")
def programs(request: HttpRequest) -> list[ProgramOut]:
    viewer = _viewer(request, None)
    return [_program_out(p) for p in selectors.programs_visible_to(viewer)]


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    summary="Organizations of the current program (or ?program=ID)",
)
def organizations(
    request: HttpRequest,
    program: int | None = None,
    q: str = "",
    kind: str = "",
    limit: int = 100,
    offset: int = 0,
) -> list[OrganizationOut]:
    viewer = _viewer(request, program)
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    rows = selectors.organizations_visible_to(viewer, search=q, kind=kind)[offset : offset + limit]
    return [
        OrganizationOut(
            id=org.pk,
            key=org.key,
            kind=org.kind,
            name=org.name,
            name_ja=org.name_ja,
            name_en=org.name_en,
            name_mn=org.name_mn,
            country=org.country,
        )
        for org in rows
    ]

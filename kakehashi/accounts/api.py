from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kakehashi.accounts import selectors
from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.core.i18n import localized
from kakehashi.core.multilingual.schema import TranslatedSchemaText

router = Router(tags=["people and organizations"])


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
    name: str  # in the caller's language
    names: TranslatedSchemaText  # every language it is written in
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


@router.get(
    "/me", response=answers(MeOut, 404), summary="The caller, with their roles in the current program"
)
def me(request: HttpRequest, program: Id | None = None) -> MeOut:
    caller = viewer(request, program)
    user = caller.user
    organizations = {
        org.pk: org
        for org in selectors.organizations_visible_to(caller).filter(pk__in=caller.organization_ids)
    }
    memberships = [
        MembershipOut(
            organization_id=org_id,
            organization=str(organizations[org_id].name) if org_id in organizations else "",
            role=role,
        )
        for org_id, role in sorted(caller.roles)
    ]
    return MeOut(
        id=user.pk,
        email=user.email,
        name_latin=user.name_latin,
        name_local=user.name_local,
        preferred_language=user.preferred_language,
        program=_program_out(caller.program) if caller.program else None,
        memberships=memberships,
    )


@router.get("/programs", response=answers(list[ProgramOut]), summary="Programs the caller takes part in")
@paginate(LimitOffset)
def programs(request: HttpRequest) -> Rows:
    return Rows(selectors.programs_visible_to(viewer(request)), _program_out)


@router.get(
    "/organizations",
    response=answers(list[OrganizationOut], 404),
    summary="Organizations of the current program (or ?program=ID)",
)
@paginate(LimitOffset)
def organizations(request: HttpRequest, program: Id | None = None, q: str = "", kind: str = "") -> Rows:
    return Rows(
        selectors.organizations_visible_to(viewer(request, program), search=q, kind=kind),
        lambda org: OrganizationOut(
            id=org.pk,
            key=org.key,
            kind=org.kind,
            name=str(org.name),
            names=dict(org.name),
            country=org.country,
        ),
    )

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.pagination import paginate

from kakehashi.accounts import names, selectors, services
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


class NameOut(Schema):
    """A person's name in parts, and whole in the order of the caller's language (docs/api.md)."""

    family_latin: str
    given_latin: str
    family_local: str
    given_local: str
    family_reading: str
    given_reading: str
    display: str
    short: str


def name_out(user: object) -> NameOut:
    parts = names.parts_of(user)  # type: ignore[arg-type]
    language = get_language()
    return NameOut(
        family_latin=parts.family_latin,
        given_latin=parts.given_latin,
        family_local=parts.family_local,
        given_local=parts.given_local,
        family_reading=parts.family_reading,
        given_reading=parts.given_reading,
        display=names.full_name(user, language),  # type: ignore[arg-type]
        short=names.short_name(user, language),  # type: ignore[arg-type]
    )


class NameIn(Schema):
    """The caller's name in parts; a part left out is emptied. A family or given name in Latin script is
    required; readings are kana."""

    family_latin: str = ""
    given_latin: str = ""
    family_local: str = ""
    given_local: str = ""
    family_reading: str = ""
    given_reading: str = ""


class MeOut(Schema):
    id: int
    email: str
    # The whole names as before (kept for existing clients), and the parts.
    name_latin: str
    name_local: str
    name: NameOut
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
        name=name_out(user),
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


@router.put(
    "/me/name",
    response=answers(NameOut, 400),
    url_name="me_name",
    summary="Change the caller's own name (family and given name, Latin and own script, kana reading)",
)
def me_name(request: HttpRequest, payload: NameIn) -> NameOut:
    user = viewer(request).user
    fields = {
        "family_name_latin": payload.family_latin,
        "given_name_latin": payload.given_latin,
        "family_name_local": payload.family_local,
        "given_name_local": payload.given_local,
        "family_name_reading": payload.family_reading,
        "given_name_reading": payload.given_reading,
    }
    try:
        services.name_update(user=user, **fields)
    except ValidationError as error:
        # Named as the payload names them: given_latin, not the column given_name_latin.
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {field.replace("_name_", "_"): messages for field, messages in error.message_dict.items()}
        ) from None
    return name_out(user)

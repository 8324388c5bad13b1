from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.companies import rules, selectors
from kakehashi.companies.models import OutreachCompany, SupportRequest
from kakehashi.core.multilingual.schema import TranslatedSchemaText

router = Router(tags=["host companies"])


class CompanyOut(Schema):
    id: int
    name: str
    names: TranslatedSchemaText
    stage: str
    industry: str
    organization_id: int | None


class AreaOut(Schema):
    key: str
    title: str
    verified: int
    total: int
    score: int


class ReadinessOut(Schema):
    organization_id: int
    ready: bool
    score: int
    areas: list[AreaOut]
    missing: list[str]


class SupportRequestOut(Schema):
    id: int
    requester_id: int
    telecom_id: int
    site: str
    need: str
    starts_on: date
    ends_on: date
    status: str


def _company_out(c: OutreachCompany) -> CompanyOut:
    return CompanyOut(
        id=c.pk,
        name=str(c.name),
        names=dict(c.name),
        stage=c.stage,
        industry=c.industry,
        organization_id=c.organization_id,
    )


@router.get(
    "/companies",
    response=answers(list[CompanyOut], 404),
    summary="Companies in the outreach pipeline (city and program office); a company sees its own entry",
)
@paginate(LimitOffset)
def companies(request: HttpRequest, program: Id | None = None, q: str = "", stage: str = "") -> Rows:
    caller = viewer(request, program)
    if rules.can_view_pipeline(caller):
        rows = selectors.outreach_companies(caller, search=q, stage=stage)
    else:
        rows = OutreachCompany.objects.filter(
            program=caller.program, organization_id__in=selectors.my_company_ids(caller)
        ).order_by("pk")
    return Rows(rows, _company_out)


@router.get(
    "/companies/{organization_id}/readiness",
    response=answers(ReadinessOut, 404),
    summary="Readiness of a host company: score per area and what is missing",
)
def readiness(request: HttpRequest, organization_id: Id, program: Id | None = None) -> ReadinessOut:
    caller = viewer(request, program)
    organization = selectors.company_for(caller, organization_id)
    state = selectors.readiness_of(caller, organization)
    return ReadinessOut(
        organization_id=organization.pk,
        ready=state.ready,
        score=state.score,
        areas=[
            AreaOut(
                key=a.area.key, title=str(a.area.title), verified=a.verified, total=a.total, score=a.score
            )
            for a in state.areas
        ],
        missing=[s.item.key for s in state.action_plan],
    )


def _support_request_out(r: SupportRequest) -> SupportRequestOut:
    return SupportRequestOut(
        id=r.pk,
        requester_id=r.requester_id,
        telecom_id=r.telecom_id,
        site=r.site,
        need=r.need,
        starts_on=r.starts_on,
        ends_on=r.ends_on,
        status=r.status,
    )


@router.get(
    "/support-requests",
    response=answers(list[SupportRequestOut], 404),
    summary="Network support requests the caller may see (403 for roles that take no part in them)",
)
@paginate(LimitOffset)
def support_requests(request: HttpRequest, program: Id | None = None, status: str = "") -> Rows:
    return Rows(selectors.support_requests(viewer(request, program), status=status), _support_request_out)

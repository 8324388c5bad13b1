from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from kakehashi.accounts.models import User
from kakehashi.companies import rules, selectors
from kakehashi.core.permissions import Viewer, build_viewer

router = Router(tags=["host companies"])


def _viewer(request: HttpRequest, program: int | None) -> Viewer:
    assert isinstance(request.user, User)
    return build_viewer(request.user, program)


class CompanyOut(Schema):
    id: int
    name: str
    name_ja: str
    name_en: str
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


@router.get(
    "/companies",
    response=list[CompanyOut],
    summary="Companies in the outreach pipeline (city and program office); a company sees its own entry",
)
def companies(
    request: HttpRequest,
    program: int | None = None,
    q: str = "",
    stage: str = "",
    limit: int = 100,
    offset: int = 0,
) -> list[CompanyOut]:
    viewer = _viewer(request, program)
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    if rules.can_view_pipeline(viewer):
        rows = list(selectors.outreach_companies(viewer, search=q, stage=stage)[offset : offset + limit])
    else:
        own = selectors.my_company_ids(viewer)
        rows = list(
            selectors.OutreachCompany.objects.filter(program=viewer.program, organization_id__in=own)[
                offset : offset + limit
            ]
        )
    return [
        CompanyOut(
            id=c.pk,
            name=c.name,
            name_ja=c.name_ja,
            name_en=c.name_en,
            stage=c.stage,
            industry=c.industry,
            organization_id=c.organization_id,
        )
        for c in rows
    ]


@router.get(
    "/companies/{organization_id}/readiness",
    response=ReadinessOut,
    summary="Readiness of a host company: score per area and what is missing",
)
def readiness(request: HttpRequest, organization_id: int, program: int | None = None) -> ReadinessOut:
    viewer = _viewer(request, program)
    organization = selectors.company_for(viewer, organization_id)
    state = selectors.readiness_of(viewer, organization)
    return ReadinessOut(
        organization_id=organization.pk,
        ready=state.ready,
        score=state.score,
        areas=[
            AreaOut(key=a.area.key, title=a.area.title, verified=a.verified, total=a.total, score=a.score)
            for a in state.areas
        ],
        missing=[s.item.key for s in state.action_plan],
    )


@router.get(
    "/support-requests",
    response=list[SupportRequestOut],
    summary="Network support requests the caller may see",
)
def support_requests(
    request: HttpRequest, program: int | None = None, status: str = "", limit: int = 100, offset: int = 0
) -> list[SupportRequestOut]:
    viewer = _viewer(request, program)
    if not rules.can_use_support_requests(viewer):
        raise Http404
    limit = max(1, min(limit, 500))
    rows = selectors.support_requests(viewer, status=status)[max(0, offset) : max(0, offset) + limit]
    return [
        SupportRequestOut(
            id=r.pk,
            requester_id=r.requester_id,
            telecom_id=r.telecom_id,
            site=r.site,
            need=r.need,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            status=r.status,
        )
        for r in rows
    ]

"""Reads of host companies, the pipeline, readiness and support requests, scoped by the viewer."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from kakehashi.accounts.models import Organization, Program
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.companies import rules
from kakehashi.companies.models import (
    STAGE_ORDER,
    AnswerStatus,
    CompanyProfile,
    OutreachActivity,
    OutreachCompany,
    ProspectImport,
    ReadinessAnswer,
    ReadinessArea,
    ReadinessItem,
    Seminar,
    Stage,
    SupportRequest,
)
from kakehashi.core.multilingual.query import translated_contains, translated_order
from kakehashi.core.multilingual.text import TranslatedText
from kakehashi.core.permissions import Viewer, require

BOARD_CARDS_PER_STAGE = 20


# --- readiness (also read by the rounds app) -----------------------------------------------------


def is_company_ready(organization: Organization) -> bool:
    """True when every required readiness item in use has a verified answer from this company."""
    required = ReadinessItem.objects.filter(required=True, is_active=True)
    if not required.exists():
        return False
    verified = ReadinessAnswer.objects.filter(organization=organization, status=AnswerStatus.VERIFIED)
    return not required.exclude(pk__in=verified.values("item_id")).exists()


def _verified_answers(as_of: date | None) -> QuerySet[ReadinessAnswer]:
    """Verified answers; with `as_of`, only those verified by the end of that day. An answer verified then
    and returned since cannot be seen (answers keep no history), so it does not count."""
    answers = ReadinessAnswer.objects.filter(status=AnswerStatus.VERIFIED)
    if as_of is not None:
        answers = answers.filter(reviewed_at__date__lte=as_of)
    return answers


def ready_organization_ids(organization_ids: list[int] | None = None, as_of: date | None = None) -> set[int]:
    """The organizations (among those given) that are ready (by the end of `as_of`), in two queries."""
    required_ids = set(
        ReadinessItem.objects.filter(required=True, is_active=True).values_list("pk", flat=True)
    )
    if not required_ids:
        return set()
    answers = _verified_answers(as_of).filter(item_id__in=required_ids)
    if organization_ids is not None:
        answers = answers.filter(organization_id__in=organization_ids)
    counts = answers.values("organization_id").annotate(n=Count("item_id", distinct=True))
    return {row["organization_id"] for row in counts if row["n"] == len(required_ids)}


def readiness_scores(organization_ids: list[int], as_of: date | None = None) -> dict[int, int]:
    """Each organization's readiness score (as `Readiness.score`: verified items in use out of all items
    in use, 0-100), by the end of `as_of`, in two queries."""
    total = ReadinessItem.objects.filter(is_active=True).count()
    scores = dict.fromkeys(organization_ids, 0)
    if not total:
        return scores
    counts = (
        _verified_answers(as_of)
        .filter(organization_id__in=organization_ids, item__is_active=True)
        .values("organization_id")
        .annotate(n=Count("item_id", distinct=True))
    )
    for row in counts:
        scores[row["organization_id"]] = round(100 * row["n"] / total)
    return scores


# --- the pipeline --------------------------------------------------------------------------------


def _program_companies(viewer: Viewer) -> QuerySet[OutreachCompany]:
    if viewer.program is None:
        return OutreachCompany.objects.none()
    return OutreachCompany.objects.filter(program=viewer.program)


def _with_next_due(companies: QuerySet[OutreachCompany]) -> QuerySet[OutreachCompany]:
    return companies.annotate(
        next_due=Min("activities__due_on", filter=Q(activities__done=False, activities__due_on__isnull=False))
    )


def outreach_companies(
    viewer: Viewer, *, search: str = "", stage: str = "", industry: str = "", overdue: bool = False
) -> QuerySet[OutreachCompany]:
    require(rules.can_view_pipeline(viewer))
    companies = _program_companies(viewer)
    if search:
        companies = companies.filter(
            translated_contains("name", search)
            | translated_contains("organization__name", search)
            | Q(contact_name__icontains=search)
            | Q(address__icontains=search)
        )
    if stage:
        companies = companies.filter(stage=stage)
    if industry:
        companies = companies.filter(industry=industry)
    if overdue:
        companies = companies.filter(
            activities__done=False, activities__due_on__lt=timezone.localdate()
        ).distinct()
    return _with_next_due(companies).select_related("organization").order_by(translated_order("name"), "pk")


def outreach_company_for(viewer: Viewer, company_id: int) -> OutreachCompany:
    require(rules.can_view_pipeline(viewer))
    try:
        return _program_companies(viewer).select_related("organization").get(pk=company_id)
    except OutreachCompany.DoesNotExist:
        raise Http404 from None


def activities_of(company: OutreachCompany) -> QuerySet[OutreachActivity]:
    return company.activities.select_related("author")


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int = 0
    cards: list[OutreachCompany] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def pipeline_board(viewer: Viewer, *, search: str = "") -> list[BoardColumn]:
    """One column per stage: its count and its most recently changed cards. Two queries, whatever the size."""
    require(rules.can_view_pipeline(viewer))
    companies = _program_companies(viewer)
    if search:
        companies = companies.filter(
            translated_contains("name", search) | translated_contains("organization__name", search)
        )
    columns = {value: BoardColumn(value, str(label)) for value, label in Stage.choices}
    for row in companies.values("stage").annotate(n=Count("pk")).order_by():
        columns[row["stage"]].count = row["n"]
    ranked = companies.annotate(
        rank=Window(RowNumber(), partition_by=[F("stage")], order_by=[F("updated_at").desc(), F("pk").desc()])
    ).filter(rank__lte=BOARD_CARDS_PER_STAGE)  # type: ignore[misc]
    # Rank without joins, then read the next due dates of the few cards shown only.
    cards = _with_next_due(OutreachCompany.objects.filter(pk__in=ranked.values("pk"))).order_by(
        "stage", "-updated_at", "-pk"
    )
    for company in cards:
        columns[company.stage].cards.append(company)
    return [columns[value] for value in STAGE_ORDER]


def prospect_import_for(viewer: Viewer, import_id: int) -> ProspectImport:
    try:
        return ProspectImport.objects.get(pk=import_id, uploaded_by=viewer.user)
    except ProspectImport.DoesNotExist:
        raise Http404 from None


def linkable_organizations(viewer: Viewer, company: OutreachCompany) -> QuerySet[Organization]:
    """Host companies of the program not yet linked to another pipeline entry."""
    taken = OutreachCompany.objects.filter(program=company.program, organization__isnull=False).exclude(
        pk=company.pk
    )
    return (
        Organization.objects.filter(
            kind=OrganizationKind.HOST_COMPANY, participations__program=company.program
        )
        .exclude(pk__in=taken.values("organization_id"))
        .order_by(translated_order("name"))
    )


# --- companies -----------------------------------------------------------------------------------


def company_for(viewer: Viewer, organization_id: int) -> Organization:
    """A host company of the program the viewer may see; any other one is unknown to them (404)."""
    if not rules.can_view_company(viewer, organization_id) or viewer.program is None:
        raise Http404
    try:
        return Organization.objects.get(
            pk=organization_id, kind=OrganizationKind.HOST_COMPANY, participations__program=viewer.program
        )
    except Organization.DoesNotExist:
        raise Http404 from None


def profile_of(organization: Organization) -> CompanyProfile:
    profile = CompanyProfile.objects.filter(organization=organization).first()
    return profile or CompanyProfile(organization=organization)


def my_company_ids(viewer: Viewer) -> list[int]:
    return sorted(org for org, role in viewer.roles if role in ("company_admin", "mentor"))


# --- readiness -----------------------------------------------------------------------------------


@dataclass
class ItemState:
    item: ReadinessItem
    answer: ReadinessAnswer | None

    @property
    def status(self) -> str:
        return self.answer.status if self.answer else "missing"

    @property
    def verified(self) -> bool:
        return self.answer is not None and self.answer.status == AnswerStatus.VERIFIED


@dataclass
class AreaState:
    area: ReadinessArea
    items: list[ItemState]

    @property
    def verified(self) -> int:
        return sum(1 for state in self.items if state.verified)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def score(self) -> int:
        return round(100 * self.verified / self.total) if self.total else 0


@dataclass
class Readiness:
    organization: Organization
    areas: list[AreaState]

    @property
    def ready(self) -> bool:
        required = [s for a in self.areas for s in a.items if s.item.required]
        return bool(required) and all(s.verified for s in required)

    @property
    def action_plan(self) -> list[ItemState]:
        """What is still missing: every item in use without a verified answer, returned ones first."""
        missing = [s for a in self.areas for s in a.items if not s.verified]
        order = {"returned": 0, "missing": 1, "submitted": 2}
        return sorted(missing, key=lambda s: order.get(s.status, 3))

    @property
    def score(self) -> int:
        total = sum(a.total for a in self.areas)
        return round(100 * sum(a.verified for a in self.areas) / total) if total else 0


def readiness_of(viewer: Viewer, organization: Organization) -> Readiness:
    """The company's readiness, area by area. The caller got `organization` from company_for()."""
    answers = {
        answer.item_id: answer
        for answer in ReadinessAnswer.objects.filter(organization=organization).select_related("reviewed_by")
    }
    areas: dict[int, AreaState] = {}
    for item in ReadinessItem.objects.filter(is_active=True).select_related("area"):
        state = areas.setdefault(item.area_id, AreaState(item.area, []))
        state.items.append(ItemState(item, answers.get(item.pk)))
    ordered = sorted(areas.values(), key=lambda a: (a.area.position, a.area.key))
    return Readiness(organization, ordered)


def readiness_item_for(item_id: int) -> ReadinessItem:
    try:
        return ReadinessItem.objects.select_related("area").get(pk=item_id, is_active=True)
    except ReadinessItem.DoesNotExist:
        raise Http404 from None


def answer_for(viewer: Viewer, organization: Organization, item_id: int) -> ReadinessAnswer:
    try:
        return ReadinessAnswer.objects.select_related("item").get(organization=organization, item_id=item_id)
    except ReadinessAnswer.DoesNotExist:
        raise Http404 from None


def readiness_items(viewer: Viewer) -> QuerySet[ReadinessItem]:
    require(rules.can_edit_readiness_items(viewer))
    return ReadinessItem.objects.select_related("area").order_by("area__position", "position", "key")


def readiness_item_to_edit(viewer: Viewer, item_id: int) -> ReadinessItem:
    try:
        return readiness_items(viewer).get(pk=item_id)
    except ReadinessItem.DoesNotExist:
        raise Http404 from None


def answers_to_verify(viewer: Viewer) -> QuerySet[ReadinessAnswer]:
    require(rules.can_verify_readiness(viewer))
    if viewer.program is None:
        return ReadinessAnswer.objects.none()
    return (
        ReadinessAnswer.objects.filter(
            status=AnswerStatus.SUBMITTED, organization__participations__program=viewer.program
        )
        .select_related("organization", "item", "item__area")
        .order_by("updated_at", "pk")
    )


def seminars(viewer: Viewer) -> QuerySet[Seminar]:
    require(rules.can_view_pipeline(viewer))
    if viewer.program is None:
        return Seminar.objects.none()
    return (
        Seminar.objects.filter(program=viewer.program)
        .annotate(attended=Count("attendees"))
        .order_by("-held_on", "pk")
    )


def seminar_for(viewer: Viewer, seminar_id: int) -> Seminar:
    try:
        return seminars(viewer).get(pk=seminar_id)
    except Seminar.DoesNotExist:
        raise Http404 from None


# --- dashboards ----------------------------------------------------------------------------------


@dataclass
class Dashboard:
    funnel: list[tuple[str, int]]
    funnel_max: int
    areas: list[tuple[TranslatedText, int, int]]  # title, verified answers, answers needed
    companies_in_readiness: int
    ready_companies: int
    overdue_count: int
    overdue: list[OutreachActivity]


def dashboard(viewer: Viewer, *, today: date | None = None) -> Dashboard:
    require(rules.can_view_dashboard(viewer))
    today = today or timezone.localdate()
    program: Program | None = viewer.program
    companies = OutreachCompany.objects.filter(program=program)
    counts = dict(companies.values_list("stage").annotate(n=Count("pk")).order_by())
    funnel = [(str(label), counts.get(value, 0)) for value, label in Stage.choices]
    hosts = Organization.objects.filter(kind=OrganizationKind.HOST_COMPANY, participations__program=program)
    host_ids = list(hosts.values_list("pk", flat=True))
    verified = dict(
        ReadinessAnswer.objects.filter(
            organization_id__in=host_ids, status=AnswerStatus.VERIFIED, item__is_active=True
        )
        .values_list("item__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    areas = [
        (area.title, verified.get(area.pk, 0), area.n * len(host_ids))
        for area in ReadinessArea.objects.annotate(
            n=Count("items", filter=Q(items__is_active=True))
        ).order_by("position", "key")
        if area.n
    ]
    overdue_activities = OutreachActivity.objects.filter(
        company__program=program, done=False, due_on__lt=today
    )
    overdue: list[OutreachActivity] = []
    if rules.can_see_names_on_dashboard(viewer):
        overdue = list(overdue_activities.select_related("company").order_by("due_on", "pk")[:50])
    return Dashboard(
        funnel=funnel,
        funnel_max=max([n for _label, n in funnel] or [0]) or 1,
        areas=areas,
        companies_in_readiness=len(host_ids),
        ready_companies=len(ready_organization_ids(host_ids)),
        overdue_count=overdue_activities.count(),
        overdue=overdue,
    )


# --- network support -----------------------------------------------------------------------------


def support_requests(viewer: Viewer, *, status: str = "", search: str = "") -> QuerySet[SupportRequest]:
    """The program office sees all; engineers see their telecom's; requesters see their organization's."""
    require(rules.can_use_support_requests(viewer))
    if viewer.program is None:
        return SupportRequest.objects.none()
    requests = SupportRequest.objects.filter(program=viewer.program)
    if not rules.can_oversee_support(viewer):
        requests = requests.filter(
            Q(telecom_id__in=rules.telecom_organization_ids(viewer))
            | Q(requester_id__in=rules.support_requester_organization_ids(viewer))
        )
    if status:
        requests = requests.filter(status=status)
    if search:
        requests = requests.filter(Q(site__icontains=search) | Q(need__icontains=search))
    return requests.select_related("requester", "telecom").order_by("-created_at", "-pk")


def support_request_for(viewer: Viewer, request_id: int) -> SupportRequest:
    if not rules.can_use_support_requests(viewer):
        raise Http404
    try:
        return support_requests(viewer).get(pk=request_id)
    except SupportRequest.DoesNotExist:
        raise Http404 from None


def requester_organizations(viewer: Viewer) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=rules.support_requester_organization_ids(viewer)).order_by(
        translated_order("name")
    )

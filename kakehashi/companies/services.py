"""Every change to host companies, the pipeline, readiness and support requests goes through here."""

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.companies import prospect_import, rules
from kakehashi.companies.evidence import check_evidence
from kakehashi.companies.models import (
    STAGES_NEEDING_ORGANIZATION,
    STAGES_NEEDING_READINESS,
    AnswerStatus,
    CompanyProfile,
    ImportStatus,
    OutreachActivity,
    OutreachCompany,
    ProspectImport,
    ReadinessAnswer,
    ReadinessItem,
    Seminar,
    Source,
    Stage,
    SupportComment,
    SupportRequest,
    SupportStatus,
)
from kakehashi.companies.selectors import is_company_ready
from kakehashi.core import background, idempotency
from kakehashi.core.multilingual.text import as_translated
from kakehashi.core.permissions import Viewer, require
from kakehashi.core.rate_limits import over_limit
from kakehashi.notifications.events import Localized
from kakehashi.notifications.services import notify

# The telecom partner that helps each country's organizations.
TELECOM_BY_COUNTRY = {"JP": "kddi", "MN": "mobicom"}

# --- the pipeline --------------------------------------------------------------------------------


def _check_stage(company: OutreachCompany, stage: str) -> None:
    if stage not in Stage.values:
        raise ValidationError({"stage": _("This stage does not exist.")})
    if stage in STAGES_NEEDING_ORGANIZATION and company.organization_id is None:
        raise ValidationError(
            {"stage": _("Link the company to its organization on the platform before it can be registered.")}
        )
    if (
        stage in STAGES_NEEDING_READINESS
        and company.organization is not None
        and not is_company_ready(company.organization)
    ):
        raise ValidationError(
            {"stage": _("The company is ready only when every required readiness item is verified.")}
        )


@transaction.atomic
def outreach_company_save(*, viewer: Viewer, company: OutreachCompany) -> OutreachCompany:
    require(rules.can_edit_pipeline(viewer))
    if company.pk is None:
        if viewer.program is None:
            raise ValidationError(_("Choose a program first."))
        company.program = viewer.program
    if company.organization_id is not None:
        organization = company.organization
        assert organization is not None
        if organization.kind != OrganizationKind.HOST_COMPANY:
            raise ValidationError({"organization": _("Only a host company can be linked.")})
        CompanyProfile.objects.get_or_create(
            organization=organization, defaults={"website": company.website, "address": company.address}
        )
    _check_stage(company, company.stage)
    company.full_clean()
    company.save()
    return company


@transaction.atomic
def outreach_company_move(*, viewer: Viewer, company: OutreachCompany, stage: str) -> OutreachCompany:
    require(rules.can_edit_pipeline(viewer))
    company = (
        OutreachCompany.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=company.pk)
    )
    _check_stage(company, stage)
    company.stage = stage
    company.save(update_fields=["stage", "updated_at"])
    return company


@transaction.atomic
def activity_add(*, viewer: Viewer, company: OutreachCompany, activity: OutreachActivity) -> OutreachActivity:
    require(rules.can_edit_pipeline(viewer))
    activity.company = company
    activity.author = viewer.user
    if activity.due_on and not activity.next_step:
        raise ValidationError({"next_step": _("Say what the next step is, or leave its date empty.")})
    activity.full_clean()
    activity.save()
    # The activity counts as a change of the company: it moves up its column on the board.
    OutreachCompany.objects.filter(pk=company.pk).update(updated_at=timezone.now())
    return activity


@transaction.atomic
def activity_mark_done(*, viewer: Viewer, activity: OutreachActivity) -> None:
    require(rules.can_edit_pipeline(viewer))
    activity.done = True
    activity.save(update_fields=["done", "updated_at"])


# --- import --------------------------------------------------------------------------------------


def prospect_import_preview(*, viewer: Viewer, file_name: str, content: bytes) -> ProspectImport:
    """Parse and check the file; keep what was read for the uploader to confirm. Writes no company."""
    require(rules.can_edit_pipeline(viewer))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    rows = prospect_import.read_table(file_name, content)
    existing = {
        text.casefold()
        for name in OutreachCompany.objects.filter(program=viewer.program).values_list("name", flat=True)
        for text in as_translated(name).values()
    }
    cleaned, errors = prospect_import.check_rows(rows, existing_names=existing)
    return ProspectImport.objects.create(
        program=viewer.program,
        uploaded_by=viewer.user,
        file_name=file_name[:200],
        rows=cleaned,
        errors=errors,
    )


@transaction.atomic
def prospect_import_apply(*, viewer: Viewer, batch: ProspectImport) -> int:
    """Add every prospect of a checked import, or none of them."""
    require(rules.can_edit_pipeline(viewer))
    batch = ProspectImport.objects.select_for_update().get(pk=batch.pk)
    if batch.uploaded_by_id != viewer.user.pk:
        require(False)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been handled."))
    if batch.errors:
        raise ValidationError(_("Correct the rows with errors and upload the file again."))
    companies = []
    for row in batch.rows:
        company = OutreachCompany(
            program=batch.program,
            source=Source.IMPORT,
            name=prospect_import.name_of(row),
            **{column: row.get(column, "") for column in prospect_import.OTHER_COLUMNS},
        )
        company.full_clean(exclude=["program"])
        companies.append(company)
    OutreachCompany.objects.bulk_create(companies)
    batch.status = ImportStatus.APPLIED
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "applied_at", "updated_at"])
    return len(companies)


@transaction.atomic
def prospect_import_discard(*, viewer: Viewer, batch: ProspectImport) -> None:
    if batch.uploaded_by_id != viewer.user.pk:
        require(False)
    if batch.status == ImportStatus.PREVIEW:
        batch.status = ImportStatus.DISCARDED
        batch.save(update_fields=["status", "updated_at"])


# --- the public call -----------------------------------------------------------------------------

INTEREST_LIMIT_PER_HOUR = 5
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600


def open_call_program() -> Program | None:
    """The program whose call for host companies is open: the most recent active one."""
    return Program.objects.filter(status="active").order_by("-starts_on").first()


def interest_rate_limited(ip: str) -> bool:
    """Count one submission from this address; True once it went over the hourly limit."""
    return over_limit(f"companies:interest:{ip}", limit=INTEREST_LIMIT_PER_HOUR, window_seconds=3600)


def interest_form_too_fast(rendered_at: float, now: float | None = None) -> bool:
    elapsed = (now or time.time()) - rendered_at
    return elapsed < MIN_FILL_SECONDS or elapsed > MAX_FORM_AGE_SECONDS


@transaction.atomic
def interest_submit(*, program: Program, data: dict[str, Any], language: str) -> OutreachCompany:
    """A company answered the public call: it enters the pipeline as a prospect and gets an email."""
    company = OutreachCompany(
        program=program,
        source=Source.PUBLIC_FORM,
        stage=Stage.PROSPECT,
        name={"ja": data.get("name_ja", ""), "en": data.get("name_en", "")},
        industry=data.get("industry", ""),
        size=data.get("size", ""),
        address=data.get("address", ""),
        website=data.get("website", ""),
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""),
        notes=data.get("message", ""),
    )
    if not company.name:
        raise ValidationError(_("Give the name of the company."))
    company.full_clean()
    company.save()
    from kakehashi.companies.tasks import send_interest_confirmation

    company_id = company.pk
    transaction.on_commit(lambda: send_interest_confirmation.enqueue(company_id, language))
    return company


def interest_confirmation_send(*, company_id: int, language: str) -> bool:
    from kakehashi.notifications.services import Address, notify

    company = OutreachCompany.objects.filter(pk=company_id).first()
    if company is None or not company.contact_email:
        return False
    sent = background.send_once(
        f"interest:{company.pk}:{company.contact_email}",
        lambda: notify(
            [Address(company.contact_email, language)],
            "companies.interest_received",
            {"company": company},
            about=f"outreach:{company.pk}",
            send_now=True,
        ),
    )
    return sent is not None


def _members(program_id: int, roles: list[str], organization_ids: list[int] | None = None) -> list[User]:
    """The active people holding one of `roles` in the program (in these organizations)."""
    memberships = Membership.objects.filter(program_id=program_id, role__in=roles, is_active=True)
    if organization_ids is not None:
        memberships = memberships.filter(organization_id__in=organization_ids)
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk"))


# --- companies -----------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, viewer: Viewer, profile: CompanyProfile) -> CompanyProfile:
    require(rules.can_edit_company(viewer, profile.organization_id))
    profile.full_clean()
    profile.save()
    return profile


# --- readiness -----------------------------------------------------------------------------------


def _promote_if_ready(organization: Organization) -> None:
    """A company whose required items are all verified moves to the ready stage (never backwards)."""
    if not is_company_ready(organization):
        return
    OutreachCompany.objects.filter(
        organization=organization, stage__in=[Stage.REGISTERED, Stage.PREPARING]
    ).update(stage=Stage.READY, updated_at=timezone.now())


@transaction.atomic
def answer_submit(
    *,
    viewer: Viewer,
    organization: Organization,
    item: ReadinessItem,
    text: str,
    evidence: UploadedFile | None = None,
) -> ReadinessAnswer:
    """The company's evidence for an item; a new answer waits for verification again."""
    require(rules.can_answer_readiness(viewer, organization.pk))
    if not text.strip():
        raise ValidationError({"text": _("Describe what the company has done for this item.")})
    if evidence is not None:
        check_evidence(evidence)
    answer = ReadinessAnswer.objects.select_for_update().filter(organization=organization, item=item).first()
    if answer is None:
        answer = ReadinessAnswer(organization=organization, item=item)
    elif answer.status == AnswerStatus.VERIFIED:
        raise ValidationError(_("This item is verified; it cannot be changed."))
    answer.text = text.strip()
    if evidence is not None:
        answer.evidence.save(evidence.name or "evidence", evidence, save=False)
    answer.status = AnswerStatus.SUBMITTED
    answer.save()
    # A company that starts answering is preparing.
    OutreachCompany.objects.filter(organization=organization, stage=Stage.REGISTERED).update(
        stage=Stage.PREPARING, updated_at=timezone.now()
    )
    if viewer.program is not None:
        verifiers = _members(viewer.program.pk, [Role.CITY_OFFICER, Role.PROGRAM_MANAGER])
        notify(
            verifiers,
            "companies.readiness_to_verify",
            {"company": organization.name, "item": Localized(item)},
            url=reverse("companies:answer_review", args=[organization.pk, item.pk]),
            about=f"readiness:{answer.pk}",
        )
    return answer


@transaction.atomic
def answer_review(
    *, viewer: Viewer, answer: ReadinessAnswer, verify: bool, comment: str = ""
) -> ReadinessAnswer:
    require(rules.can_verify_readiness(viewer))
    if answer.status != AnswerStatus.SUBMITTED:
        raise ValidationError(_("Only an answer waiting for verification can be reviewed."))
    if not verify and not comment.strip():
        raise ValidationError({"comment": _("Say what is missing, so the company can complete it.")})
    answer.status = AnswerStatus.VERIFIED if verify else AnswerStatus.RETURNED
    answer.review_comment = comment.strip()
    answer.reviewed_by = viewer.user
    answer.reviewed_at = timezone.now()
    answer.save()
    if verify:
        _promote_if_ready(answer.organization)
    if viewer.program is not None:
        notify(
            _members(viewer.program.pk, [Role.COMPANY_ADMIN], [answer.organization_id]),
            "companies.readiness_verified" if verify else "companies.readiness_returned",
            {"item": Localized(answer.item), "comment": answer.review_comment},
            url=reverse("companies:answer_edit", args=[answer.organization_id, answer.item_id]),
            about=f"readiness:{answer.pk}",
        )
    return answer


@transaction.atomic
def readiness_item_save(*, viewer: Viewer, item: ReadinessItem) -> ReadinessItem:
    require(rules.can_edit_readiness_items(viewer))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def seminar_save(*, viewer: Viewer, seminar: Seminar) -> Seminar:
    require(rules.can_edit_pipeline(viewer))
    if seminar.pk is None:
        if viewer.program is None:
            raise ValidationError(_("Choose a program first."))
        seminar.program = viewer.program
    seminar.full_clean()
    seminar.save()
    return seminar


@transaction.atomic
def seminar_attendance_set(*, viewer: Viewer, seminar: Seminar, company_ids: list[int]) -> None:
    require(rules.can_edit_pipeline(viewer))
    companies = OutreachCompany.objects.filter(program=seminar.program, pk__in=company_ids)
    seminar.attendees.set(companies)


# --- network support -----------------------------------------------------------------------------


@transaction.atomic
def support_request_create(
    *, viewer: Viewer, requester: Organization, request: SupportRequest, idempotency_key: str = ""
) -> SupportRequest:
    """Send a request to the requester's telecom partner; the same form posted again (its hidden
    `idempotency_key`) returns the first request instead of making another."""
    require(rules.can_create_support_request(viewer))
    if requester.pk not in rules.support_requester_organization_ids(viewer):
        require(False)
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    telecom_key = TELECOM_BY_COUNTRY.get(requester.country)
    telecom = Organization.objects.filter(key=telecom_key, kind=OrganizationKind.TELECOM).first()
    if telecom is None:
        raise ValidationError(_("No telecom partner helps organizations of this country yet."))
    if request.starts_on and request.ends_on and request.ends_on < request.starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    request.program = viewer.program
    request.requester = requester
    request.telecom = telecom
    request.created_by = viewer.user
    request.status = SupportStatus.OPEN
    request.idempotency_key = idempotency.clean_key(idempotency_key)
    request.full_clean(validate_constraints=False)  # the key's constraint is checked by the INSERT below

    def create() -> SupportRequest:
        request.save()
        return request

    created, new = idempotency.create_once(
        SupportRequest.objects.all(), key=request.idempotency_key, created_by=viewer.user, create=create
    )
    if new:
        # The telecom engineers of the requester's country's partner (KDDI in Japan, Mobicom in Mongolia).
        notify(
            _members(viewer.program.pk, [Role.TELECOM_ENGINEER], [telecom.pk]),
            "companies.support_requested",
            {"organization": requester.name, "title": created.site},
            url=created.get_absolute_url(),
            about=f"support:{created.pk}",
        )
    return created


@transaction.atomic
def support_comment_add(*, viewer: Viewer, request: SupportRequest, body: str) -> SupportComment:
    # The selector already checked the viewer may see the request; everyone who sees it may comment.
    if not body.strip():
        raise ValidationError({"body": _("Write a comment first.")})
    if request.status == SupportStatus.CLOSED:
        raise ValidationError(_("This request is closed."))
    return SupportComment.objects.create(request=request, author=viewer.user, body=body.strip())


@transaction.atomic
def support_status_set(*, viewer: Viewer, request: SupportRequest, status: str) -> SupportRequest:
    if status not in SupportStatus.values:
        raise ValidationError(_("This status does not exist."))
    if status == SupportStatus.CLOSED:
        require(rules.can_close_support_request(viewer, request.requester_id, request.telecom_id))
        request.closed_at = timezone.now()
    else:
        require(rules.can_handle_support_request(viewer, request.telecom_id))
        if request.status == SupportStatus.CLOSED:
            raise ValidationError(_("This request is closed."))
    request.status = status
    request.save(update_fields=["status", "closed_at", "updated_at"])
    return request

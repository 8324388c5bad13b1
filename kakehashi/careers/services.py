"""Every change to offers, hires, retention check-ins and alumni profiles goes through here."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, Organization, User, by_name
from kakehashi.accounts.roles import Role
from kakehashi.careers import rules
from kakehashi.careers.checklist import DOCUMENTS
from kakehashi.careers.models import (
    RETENTION_MONTHS,
    AlumniProfile,
    Hire,
    HireDocument,
    HirePack,
    HirePackStatus,
    JobChange,
    JobOffer,
    OfferStatus,
    ResidencePeriod,
    RetentionCheck,
)
from kakehashi.core.permissions import Viewer, require
from kakehashi.notifications.services import already_notified, notify


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def offer_students(viewer: Viewer) -> list[User]:
    """The students a company can make an offer to: the program's students."""
    if viewer.program is None:
        return []
    memberships = Membership.objects.filter(program=viewer.program, role=Role.STUDENT, is_active=True)
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by(*by_name()))


@transaction.atomic
def offer_create(
    *,
    viewer: Viewer,
    company: Organization,
    student: User,
    title: str,
    graduation_on: date,
    start_on: date,
    description: str = "",
    monthly_salary_jpy: int | None = None,
) -> JobOffer:
    require(company.pk in rules.admin_company_ids(viewer))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    membership = (
        Membership.objects.filter(user=student, program=viewer.program, role=Role.STUDENT, is_active=True)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise ValidationError({"student": _("This person is not a student of the program.")})
    if start_on < graduation_on:
        raise ValidationError({"start_on": _("The job cannot start before the student graduates.")})
    if JobOffer.objects.filter(company=company, student=student, status=OfferStatus.OFFERED).exists():
        raise ValidationError(_("This student already has an open offer from your company."))
    offer = JobOffer.objects.create(
        program=viewer.program,
        company=company,
        student=student,
        college=membership.organization,
        title=title,
        description=description,
        monthly_salary_jpy=monthly_salary_jpy,
        graduation_on=graduation_on,
        start_on=start_on,
        offered_by=viewer.user,
    )
    notify(
        [student],
        "careers.offer_made",
        {"company": company.name, "title": title},
        url=offer.get_absolute_url(),
        about=f"offer:{offer.pk}",
    )
    return offer


@transaction.atomic
def offer_respond(*, viewer: Viewer, offer: JobOffer, accept: bool) -> JobOffer:
    """The student accepts (the hire, its checklist and its retention check-ins are made) or declines."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    require(offer.student_id == viewer.user.pk)
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("This offer is no longer open."))
    offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at", "updated_at"])
    if accept:
        hire_from_offer(offer)
    notify(
        _company_admins(offer.program_id, offer.company_id),
        "careers.offer_accepted" if accept else "careers.offer_declined",
        {"student": offer.student.display_name, "title": offer.title},
        url=offer.get_absolute_url(),
        about=f"offer:{offer.pk}",
    )
    return offer


def _company_admins(program_id: int, company_id: int) -> list[User]:
    memberships = Membership.objects.filter(
        program_id=program_id, organization_id=company_id, role=Role.COMPANY_ADMIN, is_active=True
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True))


def retention_reminders(*, on: date | None = None) -> int:
    """Tell each side of a hire whose retention check-in is due and unanswered (run daily by the
    scheduler). Once per check-in and side, however often this runs (the delivery log remembers)."""
    today = on or timezone.localdate()
    told = 0
    due = RetentionCheck.objects.filter(due_on__lte=today, hire__left_on__isnull=True).select_related(
        "hire__company", "hire__employee"
    )
    for check in due.filter(company_answered_at__isnull=True) | due.filter(employee_answered_at__isnull=True):
        hire = check.hire
        context = {"months": check.months, "person": hire.employee.display_name, "company": hire.company.name}
        url = reverse("careers:retention_answer", args=[check.pk])
        for side, answered_at in (
            ("company", check.company_answered_at),
            ("employee", check.employee_answered_at),
        ):
            about = f"retention:{check.pk}:{side}"
            if answered_at is not None or already_notified("careers.retention_due", about):
                continue
            people = (
                _company_admins(hire.program_id, hire.company_id) if side == "company" else [hire.employee]
            )
            with transaction.atomic():
                told += len(notify(people, "careers.retention_due", context, url=url, about=about))
    return told


def hire_from_offer(offer: JobOffer) -> Hire:
    hire, created = Hire.objects.get_or_create(
        offer=offer,
        defaults={
            "program_id": offer.program_id,
            "company_id": offer.company_id,
            "employee_id": offer.student_id,
            "start_on": offer.start_on,
        },
    )
    if created:
        HireDocument.objects.bulk_create(
            HireDocument(hire=hire, key=key, position=position)
            for position, key in enumerate(DOCUMENTS, start=1)
        )
        RetentionCheck.objects.bulk_create(
            RetentionCheck(hire=hire, months=months, due_on=add_months(hire.start_on, months))
            for months in RETENTION_MONTHS
        )
    return hire


@transaction.atomic
def offer_withdraw(*, viewer: Viewer, offer: JobOffer) -> JobOffer:
    require(rules.can_withdraw(viewer, offer))
    offer.status = OfferStatus.WITHDRAWN
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at", "updated_at"])
    return offer


@transaction.atomic
def hire_update(
    *,
    viewer: Viewer,
    hire: Hire,
    start_on: date,
    graduated_on: date | None,
    left_on: date | None,
    done_keys: list[str],
) -> Hire:
    require(rules.can_update_hire(viewer, hire))
    if left_on and left_on < start_on:
        raise ValidationError({"left_on": _("A person cannot leave before they start.")})
    if start_on != hire.start_on:
        for check in hire.retention_checks.all():
            check.due_on = add_months(start_on, check.months)
            check.save(update_fields=["due_on"])
    hire.start_on, hire.graduated_on, hire.left_on = start_on, graduated_on, left_on
    hire.save()
    today = timezone.localdate()
    for document in hire.documents.all():
        done = document.key in done_keys
        if done != document.done:
            document.done, document.done_on = done, today if done else None
            document.save(update_fields=["done", "done_on"])
    return hire


@transaction.atomic
def retention_answer(
    *,
    viewer: Viewer,
    check: RetentionCheck,
    satisfaction: int,
    comment: str = "",
    still_employed: bool | None = None,
    wants_to_stay: bool | None = None,
) -> RetentionCheck:
    side = rules.retention_side(viewer, check)
    require(side is not None)
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("Choose a score from 1 to 5.")})
    now = timezone.now()
    if side == "company":
        if still_employed is None:
            raise ValidationError({"still_employed": _("Say whether the person still works with you.")})
        check.still_employed, check.company_satisfaction = still_employed, satisfaction
        check.company_comment, check.company_answered_at = comment, now
    else:
        check.employee_satisfaction, check.employee_wants_to_stay = satisfaction, wants_to_stay
        check.employee_comment, check.employee_answered_at = comment, now
    check.save()
    return check


@transaction.atomic
def alumni_profile_save(*, viewer: Viewer, listed: bool, headline: str, contact: str) -> AlumniProfile:
    require(rules.can_keep_alumni_profile(viewer))
    profile, _created = AlumniProfile.objects.update_or_create(
        user=viewer.user, defaults={"listed": listed, "headline": headline, "contact": contact}
    )
    return profile


# A period of stay is renewed in the three months before it expires (Immigration Services Agency).
RENEWAL_WINDOW_DAYS = 90


@transaction.atomic
def residence_period_add(
    *, viewer: Viewer, hire: Hire, kind: str, granted_on: date, expires_on: date
) -> ResidencePeriod:
    require(rules.can_update_hire(viewer, hire))
    if expires_on <= granted_on:
        raise ValidationError({"expires_on": _("The period must end after the day it was granted.")})
    return ResidencePeriod.objects.create(
        hire=hire, kind=kind, granted_on=granted_on, expires_on=expires_on, recorded_by=viewer.user
    )


@transaction.atomic
def job_change_record(
    *,
    viewer: Viewer,
    hire: Hire,
    left_on: date,
    new_employer: str,
    stays_in_niigata: bool | None,
    reason: str,
) -> JobChange:
    """The graduate left the host company: the hire ends on that day; retention check-ins due after it
    are no longer asked (the reminders skip hires that ended)."""
    require(rules.can_update_hire(viewer, hire))
    if left_on < hire.start_on:
        raise ValidationError({"left_on": _("The day they left cannot be before the start date.")})
    if hasattr(hire, "job_change"):
        raise ValidationError(_("A job change is already recorded for this hire."))
    change = JobChange.objects.create(
        hire=hire,
        left_on=left_on,
        new_employer=new_employer.strip(),
        stays_in_niigata=stays_in_niigata,
        reason=reason.strip(),
        recorded_by=viewer.user,
    )
    hire.left_on = left_on
    hire.save(update_fields=["left_on", "updated_at"])
    return change


def renewal_due(period: ResidencePeriod | None, today: date | None = None) -> bool:
    """Whether the latest period of stay is within its renewal window (or already expired)."""
    if period is None:
        return False
    today = today or timezone.localdate()
    return (period.expires_on - today).days <= RENEWAL_WINDOW_DAYS


# --- the documents for the change of status of residence (kakehashi.careers.hire_pack) ------------------


@transaction.atomic
def hire_pack_request(*, viewer: Viewer, hire: Hire) -> HirePack:
    """Queue the hire's documents to be (re)generated; the pack page follows the progress."""
    require(rules.can_update_hire(viewer, hire))
    pack, created = HirePack.objects.select_for_update().get_or_create(
        hire=hire, defaults={"built_by": viewer.user}
    )
    if not created and pack.is_busy:
        raise ValidationError(_("This pack is already being built."))
    pack.status, pack.progress, pack.error, pack.built_by = HirePackStatus.QUEUED, 0, "", viewer.user
    pack.save()
    from kakehashi.careers.tasks import build_hire_pack

    pack_id = pack.pk
    transaction.on_commit(lambda: build_hire_pack.enqueue(pack_id))
    return pack


def hire_pack_build(pack: HirePack) -> HirePack:
    """Write the ZIP (called by the task), then tick the hire's documents that the pack generated."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    from kakehashi.careers.hire_pack import HIRE_PACK, build_zip

    hire = Hire.objects.select_related("offer__college", "company", "employee").get(pk=pack.hire_id)

    def step(percent: int) -> None:
        HirePack.objects.filter(pk=pack.pk).update(progress=percent, updated_at=timezone.now())

    HirePack.objects.filter(pk=pack.pk).update(status=HirePackStatus.BUILDING)
    with translation.override("ja"):
        content, files = build_zip(hire, built_on=timezone.localdate(), progress=step)
    pack.file.save(f"hire-{hire.pk}.zip", ContentFile(content), save=False)
    pack.documents = files
    pack.status, pack.progress, pack.built_at, pack.error = HirePackStatus.READY, 100, timezone.now(), ""
    pack.save()
    keys = [d.checklist_key for d in HIRE_PACK if d.checklist_key]
    for document in hire.documents.filter(key__in=keys, done=False):
        document.done, document.done_on = True, timezone.localdate()
        document.save(update_fields=["done", "done_on"])
    return pack

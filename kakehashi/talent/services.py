"""Writes of the talent pool: joining and leaving (with consent), views recorded, invitations and answers."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, Organization
from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.notifications.events import Localized
from kakehashi.notifications.services import notify
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind
from kakehashi.talent import rules
from kakehashi.talent.models import InvitationStatus, TalentInvitation, TalentProfile, TalentView


@transaction.atomic
def talent_join(
    *, viewer: Viewer, graduation_on: date, headline: str, headline_language: str, listed: bool = True
) -> TalentProfile:
    """Joins (or updates the profile in) the pool; the talent-pool consent is given with it."""
    require(rules.can_join(viewer) and viewer.program is not None)
    assert viewer.program is not None
    text = privacy.current_text(ConsentKind.TALENT_POOL)
    if text is None:
        raise ValidationError(_("The talent pool is not open yet: its consent text is not published."))
    if not privacy.has_consent(viewer.user, ConsentKind.TALENT_POOL):
        privacy.consent_give(user=viewer.user, text=text)
    college = (
        Membership.objects.filter(user=viewer.user, program=viewer.program, role=Role.STUDENT, is_active=True)
        .values_list("organization_id", flat=True)
        .first()
    )
    profile, _created = TalentProfile.objects.update_or_create(
        user=viewer.user,
        defaults={
            "program": viewer.program,
            "college_id": college,
            "graduation_on": graduation_on,
            "headline": headline,
            "headline_language": headline_language,
            "listed": listed,
        },
    )
    return profile


@transaction.atomic
def talent_leave(*, viewer: Viewer) -> None:
    """Leaves the pool: the profile is unlisted and the consent withdrawn; companies no longer find it."""
    require(rules.can_join(viewer))
    TalentProfile.objects.filter(user=viewer.user).update(listed=False)
    privacy.consent_withdraw(user=viewer.user, kind=ConsentKind.TALENT_POOL)


def talent_profile_viewed(*, viewer: Viewer, profile: TalentProfile) -> None:
    """Records that the viewer's company opened the profile (once a day per company); the office's and the
    person's own reads are not views by a company."""
    if profile.user_id == viewer.user.pk:
        return
    today = timezone.localdate()
    for company_id in sorted(rules.company_ids(viewer)):
        try:
            with transaction.atomic():
                TalentView.objects.get_or_create(
                    profile=profile,
                    company_id=company_id,
                    viewed_on=today,
                    defaults={"viewed_by": viewer.user},
                )
        except IntegrityError:  # two of the company's people opened it at the same moment: one row is enough
            pass


@transaction.atomic
def talent_invite(
    *, viewer: Viewer, profile: TalentProfile, company: Organization, message: str
) -> TalentInvitation:
    require(company.pk in rules.inviting_company_ids(viewer))
    if profile.program_id != (viewer.program.pk if viewer.program else None):
        raise ValidationError(_("This person is not in your program's talent pool."))
    if TalentInvitation.objects.filter(
        profile=profile, company=company, status=InvitationStatus.SENT
    ).exists():
        raise ValidationError(_("Your company has already invited this person; wait for their answer."))
    invitation = TalentInvitation.objects.create(
        profile=profile, company=company, invited_by=viewer.user, message=message
    )
    transaction.on_commit(
        lambda: notify(
            [profile.user],
            "talent.invited",
            {"company": Localized(company, "name")},
            url=reverse("talent:mine"),
            about=f"talent-invitation:{invitation.pk}",
        )
    )
    return invitation


@transaction.atomic
def talent_invitation_answer(
    *, viewer: Viewer, invitation: TalentInvitation, accept: bool
) -> TalentInvitation:
    if invitation.profile.user_id != viewer.user.pk:
        raise ValidationError(_("Only the invited person can answer."))
    if invitation.status != InvitationStatus.SENT:
        raise ValidationError(_("This invitation was already answered."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    admins = [
        membership.user
        for membership in Membership.objects.filter(
            organization=invitation.company,
            role=Role.COMPANY_ADMIN,
            is_active=True,
            program=invitation.profile.program,
        ).select_related("user")
    ]
    event = "talent.accepted" if accept else "talent.declined"
    transaction.on_commit(
        lambda: notify(
            admins,
            event,
            {"person": invitation.profile.user.display_name},
            url=reverse("talent:invitations_sent"),
            about=f"talent-invitation:{invitation.pk}",
        )
    )
    return invitation

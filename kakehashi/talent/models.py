"""The talent pool: final-year students and graduates who chose to be found by the program's companies.

A person is in the pool while their profile is listed and their talent-pool consent (privacy.ConsentKind
.TALENT_POOL) stands; withdrawing either takes them out at once. Companies see what the profile shows
(skills endorsed by evaluations, verified Japanese level, the headline the person wrote); every profile a
company opens is recorded (TalentView) and shown to the person.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.text import language_choices


class TalentProfile(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="talent_profiles")
    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="talent_profiles"
    )
    listed = models.BooleanField(_("companies of the program can find me"), default=True)
    graduation_on = models.DateField(_("graduation (expected or past)"))
    headline = models.TextField(_("what work I am looking for"), max_length=500)
    # The headline is shown as the person wrote it, marked with its language (WCAG 3.1.2).
    headline_language = models.CharField(
        _("language of the headline"), max_length=5, choices=language_choices
    )

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        indexes = [models.Index(fields=["program", "listed", "graduation_on"])]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("talent:profile", args=[self.pk])


class TalentView(models.Model):
    """A company opened a profile (one row per company and day: the person sees who looked, and when)."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="views")
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    viewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewed_on = models.DateField()
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "company", "viewed_on"], name="one_talent_view_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.viewed_on}"


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TalentInvitation(TimeStampedModel):
    """A company invites a person from the pool to an interview; an accepted invitation leads to the usual
    interview and job-offer flow (careers)."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="invitations")
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="talent_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("message to the person"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview invitation")
        verbose_name_plural = _("interview invitations")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "company"],
                condition=models.Q(status="sent"),
                name="one_open_talent_invitation_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.profile}"

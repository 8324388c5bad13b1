"""The skill taxonomy: one `Skill` per entry, which lessons, quizzes, exercises and assignments are
tagged with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.multilingual.fields import TranslatedField


class SkillGroup(models.TextChoices):
    """The groups of the taxonomy (reference/skills_dss.yaml): DSS literacy, the five DSS-P talent types,
    the skill categories and the curriculum's AIR subjects. Pages show the label, never the key."""

    LITERACY = "literacy", _("DX literacy")
    BUSINESS_ARCHITECT = "business_architect", _("Business architect")
    DESIGNER = "designer", _("Designer")
    DATA_SCIENTIST = "data_scientist", _("Data scientist")
    SOFTWARE_ENGINEER = "software_engineer", _("Software engineer")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    SKILL_CATEGORY = "skill_category", _("Skill category")
    AIR_SUBJECT = "air_subject", _("AIR technology subject")


class Skill(models.Model):
    """One entry of the skill taxonomy (reference/skills_dss.yaml), editable by the program office."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=60, choices=SkillGroup.choices)
    name = TranslatedField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ("group", "key")

    def __str__(self) -> str:
        return str(self.name)


class SkillEndorsement(models.Model):
    """A host company saw a person use a skill during the internship and rated it (1-5) in its evaluation.

    Written by the operations app when the company saves its evaluation (`source` names that evaluation,
    so saving it again replaces its endorsements); read into the skill profile with the company named.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="endorsements")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"))
    source = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill endorsement")
        verbose_name_plural = _("skill endorsements")
        constraints = [
            models.UniqueConstraint(fields=["source", "skill"], name="learning_one_endorsement_per_source"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="learning_endorsement_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["user", "skill"])]

    def __str__(self) -> str:
        return f"{self.skill} ({self.rating}/5)"

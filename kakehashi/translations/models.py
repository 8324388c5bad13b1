from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Program, User
from kakehashi.core.models import TimeStampedModel


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class TranslationImport(TimeStampedModel):
    """A workbook of content translations sent back by a translator, checked row by row, waiting for the
    office to confirm it. `changes` are what applying writes (with the text each replaces, so a text
    edited on a page since the preview is not overwritten); `errors` say which row and why."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    changes = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content translation import")
        verbose_name_plural = _("content translation imports")

    def __str__(self) -> str:
        return self.file_name

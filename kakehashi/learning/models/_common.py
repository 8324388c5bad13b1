"""What the models of several topics share: the two tracks (student and teacher) and the draft/published
status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    STUDENT = "student", _("Student track")
    TEACHER = "teacher", _("Teacher track")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")

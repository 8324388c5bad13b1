"""What the models of several topics share: the languages of the multilingual fields, the two tracks
(student and teacher) and the draft/published status, and `_Choice`, which reads a JSON item's labels
({"ja", "en", "mn"}) like a multilingual model's fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("ja", "en", "mn")


class Track(models.TextChoices):
    STUDENT = "student", _("Student track")
    TEACHER = "teacher", _("Teacher track")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class _Choice:
    def __init__(self, data: dict[str, str]) -> None:
        for code in LANGUAGE_CODES:
            setattr(self, f"label_{code}", data.get(code, ""))

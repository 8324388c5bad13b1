from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization
from kakehashi.core.multilingual.forms import TranslatedFormField
from kakehashi.core.multilingual.text import TranslatedText, as_translated
from kakehashi.core.widgets import PrivateFileInput
from kakehashi.learning.models import (
    Assignment,
    ClassSession,
    Cohort,
    Course,
    Exercise,
    Lesson,
    Module,
    Question,
    Quiz,
    RubricCriterion,
    SessionMode,
    Skill,
)

# Empty rows offered for quiz choices and rubric levels (more when a question or criterion has more).
MIN_CHOICE_ROWS = 5
MIN_LEVEL_ROWS = 4


class LongTextsForm(forms.ModelForm):
    """Gives the Markdown texts named in `long_texts` a textarea per language tall enough to write in."""

    long_texts: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.long_texts:
            for widget in self.fields[name].widget.widgets:  # type: ignore[attr-defined]
                widget.attrs["rows"] = 10


class CourseForm(LongTextsForm):
    long_texts = ("summary",)

    class Meta:
        model = Course
        fields = [
            "key",
            "track",
            "title",
            "summary",
            "requires_lessons",
            "requires_quizzes",
            "requires_exercises",
            "requires_assignments",
        ]

    def validate_unique(self) -> None:
        # The program is set by the service; (program, key) is checked by the database constraint there.
        pass


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["position", "title"]


class LessonForm(LongTextsForm):
    long_texts = ("body",)
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.all(), required=False)

    class Meta:
        model = Lesson
        fields = [
            "module",
            "position",
            "kind",
            "status",
            "title",
            "body",
            "video_url",
            "attachment",
        ]
        widgets = {"attachment": PrivateFileInput}

    def __init__(self, *args: object, course: Course, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["module"].queryset = course.modules.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            widget = self.fields["attachment"].widget
            widget.download_url = reverse("learning:lesson_file", args=[self.instance.pk])  # type: ignore[attr-defined]
            self.fields["skills"].initial = list(self.instance.skills.all())


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["group", "name"]


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "pass_percent", "max_attempts", "draw", "skills"]


class ExerciseForm(LongTextsForm):
    long_texts = ("prompt",)

    class Meta:
        model = Exercise
        fields = [
            "title",
            "prompt",
            "starter_code",
            "tests",
            "skills",
        ]


class AssignmentForm(LongTextsForm):
    long_texts = ("brief",)

    class Meta:
        model = Assignment
        fields = [
            "title",
            "brief",
            "due_at",
            "late_policy",
            "late_penalty_percent",
            "accepts_text",
            "accepts_file",
            "allowed_extensions",
            "max_file_mb",
            "pass_percent",
            "skills",
        ]


def _rows(form: forms.BaseForm, prefix: str, label: Any, count: int) -> list[str]:
    """Adds `count` optional fields `<prefix>_1`…: one input per language each; returns their names."""
    names = []
    for number in range(1, count + 1):
        name = f"{prefix}_{number}"
        form.fields[name] = TranslatedFormField(
            label=label % {"number": number}, required=False, max_length=500
        )
        names.append(name)
    return names


def _filled_rows(form: forms.BaseForm, data: dict[str, Any], names: list[str]) -> list[TranslatedText]:
    """The texts of the rows filled in, in order; an error on a row filled after an empty one (the numbers
    the answer or the points refer to would shift)."""
    texts = [as_translated(data.get(name)) for name in names]
    last = max((n for n, text in enumerate(texts) if text), default=-1)
    for n in range(last):
        if not texts[n]:
            form.add_error(names[n], _("Fill the rows from the first one, without leaving one empty."))
    return texts[: last + 1]


class QuestionForm(forms.ModelForm):
    """One row per choice, with an input per language; the answer as choice numbers from 1, a number, or
    accepted texts, separated by commas."""

    answer_text = forms.CharField(
        label=_("Answer"),
        help_text=_(
            "Choice numbers from 1 (e.g. 1, 3), a number, or the accepted texts separated by commas."
        ),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "tolerance", "points", "feedback"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question: Question = self.instance
        choices = question.choice_labels() if question.pk else []
        answer_field = self.fields.pop("answer_text")
        self.choice_names = _rows(
            self, "choice", _("Choice %(number)d"), max(MIN_CHOICE_ROWS, len(choices) + 2)
        )
        self.fields["answer_text"] = answer_field
        for name, text in zip(self.choice_names, choices, strict=False):
            self.fields[name].initial = text
        if question.pk:
            answer = question.answer if isinstance(question.answer, list) else [question.answer]
            if question.kind in ("single", "multiple"):
                answer = [int(a) + 1 for a in answer]
            self.fields["answer_text"].initial = ", ".join(str(a) for a in answer)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind = data.get("kind")
        raw = [part.strip() for part in str(data.get("answer_text", "")).split(",") if part.strip()]
        choices = _filled_rows(self, data, self.choice_names)
        try:
            if kind in ("single", "multiple"):
                answer: list[object] = [int(a) - 1 for a in raw]
                if not choices or any(not 0 <= a < len(choices) for a in answer):  # type: ignore[operator]
                    raise ValueError
                if kind == "single" and len(answer) != 1:
                    raise ValueError
            elif kind == "number":
                answer = [float(raw[0].replace(",", "."))]
            else:
                answer = list(raw)
        except (ValueError, IndexError):
            raise forms.ValidationError(
                _("The answer does not fit the kind of question or its choices.")
            ) from None
        self.instance.choices = [dict(choice) for choice in choices] if kind in ("single", "multiple") else []
        self.instance.answer = answer
        return data


class CriterionForm(forms.ModelForm):
    """One row per level, best first: its points and its text in each language."""

    class Meta:
        model = RubricCriterion
        fields = ["position", "title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = self.instance.level_choices()
        self.level_names = []
        for number in range(1, max(MIN_LEVEL_ROWS, len(levels) + 1) + 1):
            points = forms.IntegerField(
                label=_("Points of level %(number)d") % {"number": number}, required=False, min_value=0
            )
            self.fields[f"level_{number}_points"] = points
            name = f"level_{number}"
            self.fields[name] = TranslatedFormField(
                label=_("Level %(number)d (best first)") % {"number": number}, required=False, max_length=500
            )
            self.level_names.append(name)
        for number, (_index, points, label) in enumerate(levels, start=1):
            self.fields[f"level_{number}_points"].initial = points
            self.fields[f"level_{number}"].initial = label

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        labels = _filled_rows(self, data, self.level_names)
        levels = []
        for number, label in enumerate(labels, start=1):
            points = data.get(f"level_{number}_points")
            if points is None:
                self.add_error(f"level_{number}_points", _("Give the points of this level."))
                continue
            levels.append({"points": points, "label": dict(label)})
        if len(labels) < 2:
            raise forms.ValidationError(_("Give at least two levels."))
        self.instance.levels = levels
        return data


class CohortForm(forms.ModelForm):
    key = forms.SlugField(
        label=_("key"),
        max_length=60,
        required=False,
        help_text=_("Left empty, it is made from the college and the intake."),
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cohort
        fields = ["college", "intake", "track", "key", "title"]

    def __init__(
        self,
        *args: object,
        colleges: QuerySet[Organization],
        courses: QuerySet[Course],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["college"].queryset = colleges  # type: ignore[attr-defined]
        self.fields["courses"].queryset = courses  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["courses"].initial = list(self.instance.courses.all())

    def validate_unique(self) -> None:
        # The program is set by the service, which checks (program, key).
        pass


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ClassSessionForm(forms.ModelForm):
    """Times are entered as wall-clock times in the time zone chosen on the form (Ulaanbaatar or Nagaoka)
    and stored in UTC."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts = forms.TimeField(label=_("Starts at"), widget=TIME_INPUT)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME_INPUT)

    class Meta:
        model = ClassSession
        fields = [
            "title",
            "course",
            "time_zone",
            "day",
            "starts",
            "ends",
            "mode",
            "location",
            "meeting_url",
        ]
        labels = {"time_zone": _("Time zone of the times entered")}

    def __init__(self, *args: object, cohort: Cohort, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["course"].queryset = cohort.courses.all()  # type: ignore[attr-defined]
        self.fields["course"].required = False
        session: ClassSession = self.instance
        if session.pk:
            zone = ZoneInfo(session.time_zone)
            starts_at, ends_at = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
            self.fields["day"].initial = starts_at.date()
            self.fields["starts"].initial = starts_at.time()
            self.fields["ends"].initial = ends_at.time()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        day, starts, ends, zone = data.get("day"), data.get("starts"), data.get("ends"), data.get("time_zone")
        if isinstance(day, date) and isinstance(starts, time) and isinstance(ends, time) and zone:
            tz = ZoneInfo(str(zone))
            self.instance.starts_at = datetime.combine(day, starts, tzinfo=tz)
            self.instance.ends_at = datetime.combine(day, ends, tzinfo=tz)
            if ends <= starts:
                self.add_error("ends", _("The class must end after it starts."))
        mode = data.get("mode")
        if mode == SessionMode.ONLINE and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Give the link of an online class."))
        if mode == SessionMode.ON_SITE and not data.get("location"):
            self.add_error("location", _("Say where an on-site class takes place."))
        return data

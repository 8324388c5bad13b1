from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization
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


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "key",
            "track",
            "title_ja",
            "title_en",
            "title_mn",
            "summary_ja",
            "summary_en",
            "summary_mn",
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
        fields = ["position", "title_ja", "title_en", "title_mn"]


class LessonForm(forms.ModelForm):
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.all(), required=False)

    class Meta:
        model = Lesson
        fields = [
            "module",
            "position",
            "kind",
            "status",
            "title_ja",
            "title_en",
            "title_mn",
            "body_ja",
            "body_en",
            "body_mn",
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
        fields = ["group", "name_ja", "name_en", "name_mn"]


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title_ja", "title_en", "title_mn", "pass_percent", "max_attempts", "draw", "skills"]


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "title_ja",
            "title_en",
            "title_mn",
            "prompt_ja",
            "prompt_en",
            "prompt_mn",
            "starter_code",
            "tests",
            "skills",
        ]


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "title_ja",
            "title_en",
            "title_mn",
            "brief_ja",
            "brief_en",
            "brief_mn",
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


class QuestionForm(forms.ModelForm):
    """Choices one per line (`ja | en | mn`, or just one language); the answer as choice numbers from 1,
    a number, or accepted texts, separated by commas."""

    choice_lines = forms.CharField(
        label=_("Choices, one per line (ja | en | mn)"), widget=forms.Textarea, required=False
    )
    answer_text = forms.CharField(
        label=_("Answer"),
        help_text=_(
            "Choice numbers from 1 (e.g. 1, 3), a number, or the accepted texts separated by commas."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text_ja",
            "text_en",
            "text_mn",
            "tolerance",
            "points",
            "feedback_ja",
            "feedback_en",
            "feedback_mn",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        question: Question = self.instance
        if question.pk:
            self.fields["choice_lines"].initial = "\n".join(
                " | ".join(c.get(code, "") for code in ("ja", "en", "mn")) for c in question.choices
            )
            answer = question.answer if isinstance(question.answer, list) else [question.answer]
            if question.kind in ("single", "multiple"):
                answer = [int(a) + 1 for a in answer]
            self.fields["answer_text"].initial = ", ".join(str(a) for a in answer)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind = data.get("kind")
        raw = [part.strip() for part in str(data.get("answer_text", "")).split(",") if part.strip()]
        choices = []
        for line in str(data.get("choice_lines", "")).splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not any(parts):
                continue
            if len(parts) == 1:
                choices.append({"en": parts[0]})
            else:
                choices.append(dict(zip(("ja", "en", "mn"), parts, strict=False)))
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
        self.instance.choices = choices
        self.instance.answer = answer
        return data


class CriterionForm(forms.ModelForm):
    level_lines = forms.CharField(
        label=_("Levels, best first, one per line: points | ja | en | mn"), widget=forms.Textarea
    )

    class Meta:
        model = RubricCriterion
        fields = ["position", "title_ja", "title_en", "title_mn"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["level_lines"].initial = "\n".join(
            " | ".join([str(level.get("points", 0))] + [level.get(code, "") for code in ("ja", "en", "mn")])
            for level in self.instance.levels
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        levels = []
        for line in str(data.get("level_lines", "")).splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            try:
                points = int(parts[0])
            except ValueError:
                raise forms.ValidationError(_("Each level starts with its points, a whole number.")) from None
            levels.append({"points": points, **dict(zip(("ja", "en", "mn"), parts[1:], strict=False))})
        if len(levels) < 2:
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
        fields = ["college", "intake", "track", "key", "title_ja", "title_en", "title_mn"]

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
            "title_ja",
            "title_en",
            "title_mn",
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

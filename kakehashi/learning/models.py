"""The curriculum (courses of modules and lessons, in two tracks), cohorts, assessments, progress,
certificates and the class schedule."""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.i18n import localized
from kakehashi.core.models import MultilingualTitle, TimeStampedModel

LANGUAGE_CODES = ("ja", "en", "mn")


class Track(models.TextChoices):
    STUDENT = "student", _("Student track")
    TEACHER = "teacher", _("Teacher track")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Skill(models.Model):
    """One entry of the skill taxonomy (reference/skills_dss.yaml), editable by the program office."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=60)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_mn = models.CharField(_("name (Mongolian)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ("group", "key")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Course(TimeStampedModel, MultilingualTitle):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    key = models.SlugField(_("key"), max_length=60)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.STUDENT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_mn = models.TextField(_("summary (Mongolian)"), blank=True)
    # Completion rule: every lesson read, and every quiz, exercise and assignment passed, each as chosen.
    requires_lessons = models.BooleanField(_("all lessons must be read"), default=True)
    requires_quizzes = models.BooleanField(_("all quizzes must be passed"), default=True)
    requires_exercises = models.BooleanField(_("all exercises must be passed"), default=True)
    requires_assignments = models.BooleanField(_("all assignments must be passed"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ("track", "title_en")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="learning_course_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.pk])


class Module(MultilingualTitle):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ("course", "position", "pk")

    def __str__(self) -> str:
        return localized(self, "title")


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    TEACHING_GUIDE = "teaching_guide", _("Teaching guide")
    ANSWER_KEY = "answer_key", _("Answer key")
    CLASS_PLAN = "class_plan", _("Class plan")


# Kinds only teachers and instructors may read, whatever the course's track.
TEACHER_ONLY_KINDS = frozenset({LessonKind.TEACHING_GUIDE, LessonKind.ANSWER_KEY, LessonKind.CLASS_PLAN})


def lesson_upload_to(instance: "Lesson", filename: str) -> str:
    return f"learning/lessons/{secrets.token_hex(8)}/{filename}"


class Lesson(TimeStampedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=LessonKind.choices, default=LessonKind.LESSON)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_mn = models.CharField(_("title (Mongolian)"), max_length=200, blank=True)
    body_ja = models.TextField(_("text in Markdown (Japanese)"), blank=True)
    body_en = models.TextField(_("text in Markdown (English)"), blank=True)
    body_mn = models.TextField(_("text in Markdown (Mongolian)"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    attachment = models.FileField(_("file"), upload_to=lesson_upload_to, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="lessons", verbose_name=_("skills"))

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ("module__position", "position", "pk")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.pk])


class Cohort(TimeStampedModel, MultilingualTitle):
    """The learners of one college and intake, with their instructors and partner teachers."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    key = models.SlugField(_("key"), max_length=60)
    college = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cohorts")
    intake = models.CharField(_("intake"), max_length=40)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.STUDENT)
    courses = models.ManyToManyField(Course, related_name="cohorts", blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ("college__name_en", "intake")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="learning_cohort_key")]

    def __str__(self) -> str:
        return localized(self, "title")

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:cohort_detail", args=[self.pk])


class CohortRole(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TEACHER = "teacher", _("Teacher")


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=CohortRole.choices, default=CohortRole.LEARNER)

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="learning_one_cohort_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.cohort}"


class LessonCompletion(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="learning_one_completion")]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.lesson_id}"


# --- quizzes ---------------------------------------------------------------------------------------


class Quiz(TimeStampedModel, MultilingualTitle):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes")
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    draw = models.PositiveSmallIntegerField(
        _("questions drawn from the bank"), default=0, help_text=_("0 means every question.")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="quizzes")

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz_detail", args=[self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Short text")


class Question(models.Model):
    """A question of the quiz's bank. `choices`: [{"ja","en","mn"}]; `answer`: the right choice indexes,
    a number, or the accepted texts."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_ja = models.TextField(_("question (Japanese)"), blank=True)
    text_en = models.TextField(_("question (English)"))
    text_mn = models.TextField(_("question (Mongolian)"), blank=True)
    choices = models.JSONField(default=list, blank=True)
    answer = models.JSONField(default=list)
    tolerance = models.FloatField(_("tolerance"), default=0)
    feedback_ja = models.TextField(_("feedback (Japanese)"), blank=True)
    feedback_en = models.TextField(_("feedback (English)"), blank=True)
    feedback_mn = models.TextField(_("feedback (Mongolian)"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("quiz", "pk")

    def __str__(self) -> str:
        return localized(self, "text")[:60]

    def choice_labels(self) -> list[str]:
        return [localized(_Choice(choice), "label") for choice in self.choices]


class _Choice:
    def __init__(self, data: dict[str, str]) -> None:
        for code in LANGUAGE_CODES:
            setattr(self, f"label_{code}", data.get(code, ""))


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    results = models.JSONField(default=dict)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self) -> str:
        return f"{self.quiz_id} / {self.user_id}: {self.score_percent}"

    @property
    def passed(self) -> bool:
        return self.score_percent is not None and self.score_percent >= self.quiz.pass_percent


# --- programming exercises -------------------------------------------------------------------------


class Exercise(TimeStampedModel, MultilingualTitle):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="exercises")
    prompt_ja = models.TextField(_("task in Markdown (Japanese)"), blank=True)
    prompt_en = models.TextField(_("task in Markdown (English)"), blank=True)
    prompt_mn = models.TextField(_("task in Markdown (Mongolian)"), blank=True)
    starter_code = models.TextField(_("starter code"), blank=True)
    tests = models.TextField(
        _("tests"), help_text=_("Functions named test_…; the learner's module is `solution`.")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="exercises")

    class Meta:
        verbose_name = _("programming exercise")
        verbose_name_plural = _("programming exercises")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:exercise_detail", args=[self.pk])


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    PASSED = "passed", _("All tests passed")
    FAILED = "failed", _("Some tests failed")
    ERROR = "error", _("Your code raised an error")
    TIMEOUT = "timeout", _("Stopped: it ran longer than the time allowed")
    CPU_LIMIT = "cpu_limit", _("Stopped: it used more processor time than allowed")
    MEMORY_LIMIT = "memory_limit", _("Stopped: it used more memory than allowed")
    OUTPUT_LIMIT = "output_limit", _("Stopped: it wrote more output than allowed")
    BLOCKED = "blocked", _("Stopped: it tried something the sandbox does not allow")


class ExerciseRun(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="runs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.TextField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    tests = models.JSONField(default=list)
    output = models.TextField(blank=True)
    message = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-pk")
        indexes = [models.Index(fields=["exercise", "user"])]

    def __str__(self) -> str:
        return f"{self.exercise_id} / {self.user_id}: {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status != RunStatus.QUEUED


# --- assignments -----------------------------------------------------------------------------------


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accepted late without penalty")
    PENALTY = "penalty", _("Accepted late with a penalty")
    REFUSE = "refuse", _("Not accepted after the deadline")


class Assignment(TimeStampedModel, MultilingualTitle):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    brief_ja = models.TextField(_("brief in Markdown (Japanese)"), blank=True)
    brief_en = models.TextField(_("brief in Markdown (English)"), blank=True)
    brief_mn = models.TextField(_("brief in Markdown (Mongolian)"), blank=True)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    late_policy = models.CharField(
        _("late policy"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.PENALTY
    )
    late_penalty_percent = models.PositiveSmallIntegerField(_("late penalty (%)"), default=10)
    accepts_text = models.BooleanField(_("text answers"), default=True)
    accepts_file = models.BooleanField(_("file answers"), default=True)
    allowed_extensions = models.CharField(
        _("allowed file types"), max_length=200, default="pdf,zip,py,ipynb,png,jpg"
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=5)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    skills = models.ManyToManyField(Skill, blank=True, related_name="assignments")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ("course", "pk")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("learning:assignment_detail", args=[self.pk])

    @property
    def extensions(self) -> list[str]:
        return [e.strip().lower().lstrip(".") for e in self.allowed_extensions.split(",") if e.strip()]

    @property
    def max_points(self) -> int:
        return sum(max((level["points"] for level in c.levels), default=0) for c in self.criteria.all())


class RubricCriterion(MultilingualTitle):
    """A row of the rubric; `levels`: [{"points": 4, "ja": .., "en": .., "mn": ..}], best first."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=1)
    levels = models.JSONField(default=list)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ("assignment", "position", "pk")

    def __str__(self) -> str:
        return localized(self, "title")

    def level_choices(self) -> list[tuple[int, int, str]]:
        """(index, points, label) of each level."""
        return [
            (index, int(level["points"]), localized(_Choice(level), "label"))
            for index, level in enumerate(self.levels)
        ]


def submission_upload_to(instance: "Submission", filename: str) -> str:
    return f"learning/submissions/{secrets.token_hex(8)}/{filename}"


class Submission(models.Model):
    """One version of a learner's answer; resubmitting adds a version."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_upload_to, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    is_late = models.BooleanField(default=False)
    # Grading: {criterion id: level index}, comments per criterion and overall.
    rubric = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "version"], name="learning_submission_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} / {self.user_id} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("learning:submission_grade", args=[self.pk])

    @property
    def passed(self) -> bool:
        return self.score_percent is not None and self.score_percent >= self.assignment.pass_percent


# --- certificates and schedule ---------------------------------------------------------------------


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_certificate_code)
    issued_on = models.DateField(_("issued on"))
    # The name and the course title as they were printed, so that the public page shows what the PDF shows.
    name_printed = models.CharField(max_length=320)
    course_title_printed = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_one_certificate")]

    def __str__(self) -> str:
        return self.code

    def course_title(self) -> str:
        return localized(_Titles(self.course_title_printed), "title")


class _Titles:
    def __init__(self, data: dict[str, Any]) -> None:
        for code in LANGUAGE_CODES:
            setattr(self, f"title_{code}", data.get(code, ""))


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")


TIME_ZONES = [("Asia/Ulaanbaatar", _("Ulaanbaatar")), ("Asia/Tokyo", _("Nagaoka (Japan)"))]


class ClassSession(MultilingualTitle):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices)
    time_zone = models.CharField(_("local time zone"), max_length=40, choices=TIME_ZONES)
    location = models.CharField(_("place"), max_length=200, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


FEED_SALT = "kakehashi.learning.calendar-feed"


def new_feed_nonce() -> str:
    return secrets.token_hex(32)


class CalendarFeed(models.Model):
    """A person's private calendar subscription, opened by calendar apps without a session.

    The database keeps a random nonce and the SHA-256 of the URL token; the token itself is an HMAC of the
    nonce with SECRET_KEY, so the schedule page can show the subscribe URL again, while a copy of the
    database alone gives no working URL. Regenerating changes the nonce: the old URL answers 404.
    Not registered with django-auditlog, so that the token never lands in the audit trail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_calendar_feed"
    )
    # The program whose schedule the feed shows: the one the person chose when they made the feed.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    nonce = models.CharField(max_length=64, default=new_feed_nonce, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("learning:schedule_feed", args=[self.token])

    @property
    def token(self) -> str:
        return salted_hmac(FEED_SALT, self.nonce, algorithm="sha256").hexdigest()

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def renew(self) -> None:
        self.nonce = new_feed_nonce()
        self.token_hash = self.hash_token(self.token)

"""People, the organizations they belong to, the programs those organizations take part in."""

import hashlib
import secrets
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import names
from kakehashi.accounts.name_fields import NamePartFields
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.fields import WebURLField
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.query import DEFAULT_ORDER_LANGUAGES, translated_order
from kakehashi.core.multilingual.text import language_choices
from kakehashi.core.validators import no_control_characters


def hash_token(token: str) -> str:
    """Tokens are stored as their SHA-256: a leaked table does not let anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


def email_matches[M: models.Model](queryset: "models.QuerySet[M]", *emails: str) -> "models.QuerySet[M]":
    """Rows whose `email` is one of `emails`, compared lower-cased: `Lower("email")` is what the
    user_email_lower and invitation_email_lower indexes hold, so one lookup of 10,000 addresses is an
    index scan (`email__iexact` compares UPPER() and reads the whole table)."""
    wanted = sorted({email.strip().lower() for email in emails})
    aliased = queryset.alias(email_lower=Lower("email"))
    if len(wanted) == 1:
        return aliased.filter(email_lower=wanted[0])  # type: ignore[return-value]
    return aliased.filter(email_lower__in=wanted)  # type: ignore[return-value]


NAME_FIELDS = frozenset(names.NAME_FIELDS)
SORT_KEY_FIELDS = frozenset({"sort_key_ja", "sort_key_mn", "sort_key_en"})
_SORT_KEYS_IN_ORDER = tuple(sorted(SORT_KEY_FIELDS))


def by_name(language: str | None = None, prefix: str = "") -> tuple[str, ...]:
    """`order_by` arguments listing people as `language` (default: the page's) sorts names; `prefix`
    reaches them through a relation ("user__"). The index user_sort_<language> holds this order, so a page
    of the people list stops at its last row."""
    return (prefix + names.sort_key_field(language or get_language()), prefix + "id")


class KakehashiUserManager(UserManager["User"]):
    use_in_migrations = True

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["User"]:  # type: ignore[override]
        """save() is skipped: the name parts, single-line names and sort keys are filled here instead."""
        people = list(objs)
        for person in people:
            if hasattr(person, "fill_name_fields"):  # not the historical model of a migration
                person.fill_name_fields()
        return super().bulk_create(people, *args, **kwargs)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(NamePartFields, AbstractUser):
    """A person. Email is the login; names are kept in Latin script and in the person's own script."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name_latin = models.CharField(
        _("name in Latin script"), max_length=150, validators=[no_control_characters]
    )
    name_local = models.CharField(
        _("name in Japanese or Cyrillic"), max_length=150, blank=True, validators=[no_control_characters]
    )
    # The parts are in NamePartFields: name_latin and name_local above are their single-line form, kept up
    # to date on save for search and for the apps that print a whole name.
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=language_choices, default="ja"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name_latin"]
    objects = KakehashiUserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("name_latin",)
        indexes = [
            # Lists of people are ordered by name, then id (a stable order for pages).
            models.Index(fields=["name_latin", "id"], name="user_name_id"),
            # The people list in each language's order (names.sort_key, `by_name`).
            models.Index(fields=["sort_key_ja", "id"], name="user_sort_ja"),
            models.Index(fields=["sort_key_mn", "id"], name="user_sort_mn"),
            models.Index(fields=["sort_key_en", "id"], name="user_sort_en"),
            # Every lookup by address compares lower-cased (`email_matches`): sign-in, invitations, imports.
            models.Index(Lower("email"), name="user_email_lower"),
        ]

    def __str__(self) -> str:
        # Plain text: str(user) names a person in option labels, titles and logs, where no markup may go.
        return str.__str__(self.display_name)

    def get_absolute_url(self) -> str:
        return reverse("accounts:person_detail", args=[self.pk])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the single-line names were when loaded: code that still sets them (not the parts) is seen.
        self._single_line_names = (self.__dict__.get("name_latin"), self.__dict__.get("name_local"))
        self._saved_sort_keys = self._sort_keys()
        # Whether the last save() changed the sort keys: the rows that keep copies of them follow on
        # post_save (accounts.sort_key_copies).
        self.sort_keys_changed = False

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.fill_name_fields()
        elif NAME_FIELDS & set(update_fields):
            self.fill_name_fields()
            kwargs["update_fields"] = set(update_fields) | NAME_FIELDS | SORT_KEY_FIELDS
        # Otherwise (last_login, is_active…) the names are not written, so they are not recomputed either:
        # a person loaded with only() is not read again field by field.
        self.sort_keys_changed = self._sort_keys() != self._saved_sort_keys
        super().save(*args, **kwargs)
        self._saved_sort_keys = self._sort_keys()

    def _sort_keys(self) -> tuple[str | None, ...]:
        return tuple(self.__dict__.get(field) for field in _SORT_KEYS_IN_ORDER)

    def fill_name_fields(self) -> None:
        """The parts from the single-line names when only those were given (older code, fixtures), the
        single-line names from the parts, and the sort keys. `bulk_create` skips `save`: call this first."""
        single_line = (self.__dict__.get("name_latin"), self.__dict__.get("name_local"))
        if single_line != self._single_line_names:
            # Set directly: they win, split again; a reading of the old name would be wrong now.
            split = names.split_full_names(self.name_latin or "", self.name_local or "")
            keep_reading = single_line[1] == self._single_line_names[1]
            self.family_name_latin, self.given_name_latin = split.family_latin, split.given_latin
            self.family_name_local, self.given_name_local = split.family_local, split.given_local
            if not keep_reading:
                self.family_name_reading = self.given_name_reading = ""
        parts = names.parts_of(self)
        self.family_name_latin, self.given_name_latin = parts.family_latin, parts.given_latin
        self.family_name_local, self.given_name_local = parts.family_local, parts.given_local
        self.name_latin = parts.latin
        self.name_local = parts.local
        for language in names.SORT_LANGUAGES:
            setattr(self, f"sort_key_{language}", names.sort_key(self, language))
        self._single_line_names = (self.name_latin, self.name_local)

    @property
    def display_name(self) -> str:
        """The full name in the order of the page's language (names.full_name)."""
        return names.NameOnPage(names.full_name(self, get_language()) or self.email)

    @property
    def short_name(self) -> str:
        """The short form in the page's language: 山田, Taro, Б. Сүхбат (names.short_name)."""
        return names.NameOnPage(names.short_name(self, get_language()) or self.email)

    @property
    def name_in_both_scripts(self) -> str:
        """Own script, then Latin: "Батбаяр Сүхбат (Batbayar Sukhbat)", for documents read on both sides."""
        parts = names.parts_of(self)
        if parts.local and parts.local != parts.latin:
            return f"{parts.local} ({parts.latin})" if parts.latin else parts.local
        return parts.latin or self.email

    @property
    def name_in_own_script(self) -> str:
        """Japanese or Cyrillic, family name first: 山田 太郎, Батбаяр Сүхбат."""
        return names.parts_of(self).local

    @property
    def name_in_latin(self) -> str:
        return names.parts_of(self).latin

    @property
    def own_script_language(self) -> str:
        """The `lang` of the name in own script (WCAG 3.1.2): ja, mn, or "" when unknown."""
        local = names.parts_of(self).local
        return "ja" if names.is_japanese(local) else "mn" if names.is_cyrillic(local) else ""

    @property
    def name_reading(self) -> str:
        return names.parts_of(self).reading

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.short_name


class Organization(TimeStampedModel):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    # The name as people write it in each language (a translation, not a legal identity: the Japanese,
    # Mongolian and English names of a college are all in use).
    name = TranslatedField(_("name"), max_length=200)
    country = models.CharField(
        _("country"), max_length=2, choices=[("JP", _("Japan")), ("MN", _("Mongolia"))]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = WebURLField(_("website"), blank=True)
    iati_ref = models.CharField(_("IATI organisation identifier"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("kind", translated_order("name", languages=DEFAULT_ORDER_LANGUAGES), "pk")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization_detail", args=[self.pk])


class ProgramStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Program(TimeStampedModel):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = TranslatedField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget_jpy = models.PositiveBigIntegerField(_("budget (JPY)"), default=0)
    funder = models.ForeignKey(
        Organization,
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.PLANNED
    )
    organizations = models.ManyToManyField(
        Organization, through="Participation", related_name="programs", blank=True
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ("-starts_on",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="program_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("accounts:program_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The program cannot end before it starts.")})

    def is_running_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Participation(models.Model):
    """An organization takes part in a program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="participations")
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["program", "organization"], name="one_participation")]

    def __str__(self) -> str:
        return f"{self.organization} / {self.program}"


class Membership(TimeStampedModel):
    """A person holds one role within one organization, in one program. Several rows, several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = (
            translated_order("organization__name", languages=DEFAULT_ORDER_LANGUAGES),
            "user__name_latin",
        )
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "program", "role"], name="one_role_per_org_program"
            )
        ]
        indexes = [
            models.Index(fields=["program", "organization", "is_active"]),
            # The people list, the figures and the notification chains: a program's active members of a role.
            models.Index(fields=["program", "role", "is_active", "user"], name="membership_program_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.organization}"


class Invitation(TimeStampedModel):
    email = models.EmailField(_("email address"))
    name_latin = models.CharField(
        _("name in Latin script"), max_length=150, blank=True, validators=[no_control_characters]
    )
    name_local = models.CharField(
        _("name in Japanese or Cyrillic"), max_length=150, blank=True, validators=[no_control_characters]
    )
    language = models.CharField(_("language"), max_length=5, choices=language_choices, default="ja")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)
        constraints = [
            # One open invitation per person and role: parallel invitations of one address made one each
            # (and an email each). Expiry is not a column the database can compare with now, so the
            # service revokes an expired one before inviting again.
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                "program",
                "role",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_role",
            )
        ]
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ApiToken(models.Model):
    """A personal access token for /api/v1/. Only its hash is kept; the person sees it once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPLYING = "applying", _("Importing")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


class PeopleImport(TimeStampedModel):
    """An uploaded list of people, parsed and checked, waiting for the uploader to confirm it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Applying runs as a task (kakehashi.accounts.tasks.apply_people_import): the rows written so far
    # while it runs (kept in the cache: the task's transaction is not visible before it commits), and
    # why it wrote nothing when it failed.
    progress = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

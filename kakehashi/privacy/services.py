"""Every change to consent, sensitive records and deletion requests; audited reads; ending sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.privacy import rules
from kakehashi.privacy.fields import EncryptedTextField
from kakehashi.privacy.models import (
    Consent,
    ConsentText,
    DeletionRequest,
    DeletionStatus,
    PersonalRecord,
    SensitiveRead,
)

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


# --- sessions ------------------------------------------------------------------------------------


def end_sessions_of(user: User, *, keep_session_key: str | None = None) -> int:
    """Delete every stored session of `user` (but `keep_session_key`); returns how many ended.

    Through the configured session store: with the cached_db engine a session lives in the cache too, and
    deleting only its row would leave it valid there until it expired."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


# --- consent -------------------------------------------------------------------------------------


def current_text(kind: str) -> ConsentText | None:
    """The latest published version of a consent text."""
    return (
        ConsentText.objects.filter(kind=kind, published_at__lte=timezone.now()).order_by("-version").first()
    )


def active_consent(user: User, kind: str) -> Consent | None:
    text = current_text(kind)
    if text is None:
        return None
    return Consent.objects.filter(user=user, text=text, withdrawn_at__isnull=True).first()


def has_consent(user: User, kind: str) -> bool:
    return active_consent(user, kind) is not None


def require_consent(user: User, kind: str) -> None:
    """Raise PermissionDenied, saying where to give consent, unless `user` consented to the current text.

    Other apps call it before an action that needs consent, e.g. before storing a passport number:
    `require_consent(viewer.user, ConsentKind.SENSITIVE_DATA)`.
    """
    if not has_consent(user, kind):
        from kakehashi.privacy.models import ConsentKind

        raise PermissionDenied(
            _(
                "This needs your consent (%(kind)s). Read the text and give your consent on the page "
                "%(url)s, then try again."
            )
            % {"kind": ConsentKind(kind).label, "url": reverse("privacy:consent_list")}
        )


@transaction.atomic
def consent_give(*, user: User, text: ConsentText) -> Consent:
    if text != current_text(text.kind):
        raise ValidationError(_("This version of the text has been replaced. Read the current one."))
    existing = Consent.objects.filter(user=user, text=text, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    return Consent.objects.create(user=user, text=text)


@transaction.atomic
def consent_withdraw(*, user: User, kind: str) -> int:
    return Consent.objects.filter(user=user, text__kind=kind, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


# --- sensitive records and audited reads ---------------------------------------------------------


def _subject_of(obj: models.Model) -> Any:
    if hasattr(obj, "sensitive_subject"):
        return obj.sensitive_subject()
    if hasattr(obj, "user_id"):
        return obj.user_id
    return None


def reveal(viewer: Viewer, obj: models.Model, field: str) -> str:
    """Return the plaintext of an encrypted field and record who read it, whose it is, and when.

    The caller has already fetched `obj` through a selector scoped to the viewer and checked its rule;
    this records the read (even of an empty value) so the person and the program office can see it.
    """
    model_field = obj._meta.get_field(field)
    if not isinstance(model_field, EncryptedTextField):
        raise ValueError(f"{type(obj).__name__}.{field} is not an encrypted field.")
    record_read(viewer, obj, field)
    return getattr(obj, field) or ""


def record_read(viewer: Viewer, obj: models.Model, field: str) -> SensitiveRead:
    """Record that the viewer read `field` of `obj`: an encrypted field, a stored file, or a relation whose
    rows are read together (a conversation's "messages"). Never the value itself.

    For reads that are not one value through `reveal`, e.g. a duty-of-care reader opening a student's
    conversation (kakehashi.conversations.services.thread_read_record). The caller checked the rules."""
    model_field = obj._meta.get_field(field)
    if not isinstance(model_field, EncryptedTextField | models.FileField) and not model_field.is_relation:
        raise ValueError(f"{type(obj).__name__}.{field} is not personal data read in clear.")
    subject = _subject_of(obj)
    return SensitiveRead.objects.create(
        reader=viewer.user,
        subject_id=subject.pk if isinstance(subject, models.Model) else subject,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        field=field,
    )


@transaction.atomic
def personal_record_update(
    *, viewer: Viewer, user: User, expected_version: int | None = None, **values: str
) -> PersonalRecord:
    """The person keeps their own record; needs their consent to sensitive data."""
    from kakehashi.core.locking import save_with_version
    from kakehashi.privacy.models import ConsentKind

    require(user.pk == viewer.user.pk)
    require_consent(user, ConsentKind.SENSITIVE_DATA)
    record, _created = PersonalRecord.objects.get_or_create(user=user)
    for name, value in values.items():
        if name not in PersonalRecord.SENSITIVE_FIELDS:
            raise ValueError(name)
        setattr(record, name, value.strip())
    record.full_clean(exclude=["user"])
    save_with_version(record, record.version if expected_version is None else expected_version)
    return record


# --- deletion requests ---------------------------------------------------------------------------


@transaction.atomic
def deletion_request_create(*, user: User, reason: str) -> DeletionRequest:
    if DeletionRequest.objects.filter(user=user, status=DeletionStatus.PENDING).exists():
        raise ValidationError(_("You have already asked for deletion; the program office will answer."))
    return DeletionRequest.objects.create(user=user, reason=reason.strip())


@transaction.atomic
def deletion_request_approve(*, viewer: Viewer, request: DeletionRequest) -> None:
    require(rules.can_handle_deletion_requests(viewer))
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DeletionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if request.user_id == viewer.user.pk:
        raise ValidationError(_("Another member of the program office must decide on your own request."))
    if request.user is not None:
        anonymise_person(request.user)
    request.status = DeletionStatus.APPROVED
    request.decided_by = viewer.user
    request.decided_at = timezone.now()
    request.reason = ""
    request.save()


@transaction.atomic
def deletion_request_reject(*, viewer: Viewer, request: DeletionRequest, reason: str) -> None:
    require(rules.can_handle_deletion_requests(viewer))
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why, so the person knows what to do.")})
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DeletionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    request.status = DeletionStatus.REJECTED
    request.decided_by = viewer.user
    request.decided_at = timezone.now()
    request.rejection_reason = reason.strip()
    request.save()


def anonymise_person(user: User) -> None:
    """Remove what identifies `user` everywhere, keeping rows that figures depend on.

    Each app may add its part in `kakehashi/<app>/personal_data.py` (`anonymise(user)`); running this
    twice changes nothing more.
    """
    from kakehashi.core.registry import app_modules

    for _app, module in app_modules("personal_data"):
        if hasattr(module, "anonymise"):
            module.anonymise(user)


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about `user`, as JSON-ready data, gathered from every app."""
    from kakehashi.core.registry import app_modules

    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for app, module in app_modules("personal_data"):
        if hasattr(module, "export"):
            data[app] = module.export(user)
    return data

"""Every change to people, organizations, programs and memberships goes through here."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people_import
from kakehashi.accounts.models import (
    ApiToken,
    ImportStatus,
    Invitation,
    Membership,
    Organization,
    Participation,
    PeopleImport,
    Program,
    User,
    email_matches,
    hash_token,
)
from kakehashi.accounts.names import is_kana_only
from kakehashi.accounts.roles import roles_allowed_for
from kakehashi.core import background
from kakehashi.core.permissions import (
    PROGRAM_SESSION_KEY,
    Viewer,
    can_create_program,
    can_manage_members,
    can_manage_organizations,
    can_manage_program,
    manageable_organization_ids,
    require,
)

# --- programs and organizations ------------------------------------------------------------------


@transaction.atomic
def program_save(*, viewer: Viewer, program: Program) -> Program:
    require(can_manage_program(viewer, program) if program.pk else can_create_program(viewer))
    program.full_clean()
    program.save()
    if program.funder_id:
        Participation.objects.get_or_create(program=program, organization_id=program.funder_id)
    return program


def program_switch(*, request: HttpRequest, viewer: Viewer, program: Program) -> None:
    """Make `program` the one the viewer works in; the selector already checked it is theirs."""
    request.session[PROGRAM_SESSION_KEY] = program.pk


@transaction.atomic
def organization_save(*, viewer: Viewer, organization: Organization) -> Organization:
    require(can_manage_organizations(viewer))
    creating = organization.pk is None
    organization.full_clean()
    organization.save()
    if creating and viewer.program is not None:
        Participation.objects.get_or_create(program=viewer.program, organization=organization)
    return organization


# --- members and invitations ---------------------------------------------------------------------


def _check_role(organization: Organization, role: str) -> None:
    if role not in roles_allowed_for(organization.kind):
        raise ValidationError({"role": _("This role does not exist in this kind of organization.")})


@transaction.atomic
def invitation_create(
    *,
    viewer: Viewer,
    organization: Organization,
    email: str,
    role: str,
    name_latin: str = "",
    name_local: str = "",
    language: str = "ja",
) -> Invitation:
    """An invitation; its email, with the link's token, goes out once the transaction commits."""
    require(can_manage_members(viewer, organization))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    _check_role(organization, role)
    email = email.strip().lower()
    if Membership.objects.filter(
        user__email=email, organization=organization, program=viewer.program, role=role, is_active=True
    ).exists():
        raise ValidationError({"email": _("This person already has this role here.")})
    invitation, created = _open_invitation(
        email=email,
        name_latin=name_latin,
        name_local=name_local,
        language=language,
        organization=organization,
        program=viewer.program,
        role=role,
        invited_by=viewer.user,
    )
    if created:
        _send_invitation_on_commit(invitation)
    return invitation


def _open_invitation(
    *, email: str, organization: Organization, program: Program, role: str, **fields: object
) -> tuple[Invitation, bool]:
    """The pending invitation of this address to this role, made now if there is none: (it, created).

    Inviting someone who has a pending invitation (a double click, parallel posts, an import after an
    invitation) returns that one, and nothing is emailed twice. The database's unique constraint on open
    invitations decides between parallel posts; the loser gets the winner's invitation."""
    now = timezone.now()
    open_ = email_matches(Invitation.objects.all(), email).filter(
        organization=organization,
        program=program,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    # An expired invitation is no longer open for anyone: close it so that a new one can be made.
    open_.filter(expires_at__lte=now).update(revoked_at=now, updated_at=now)
    existing = open_.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=email,
                organization=organization,
                program=program,
                role=role,
                # A placeholder nobody can guess; the email task sets the real token's hash.
                token_hash=hash_token(Invitation.new_token()),
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
                **fields,
            )
    except IntegrityError:
        existing = open_.first()
        if existing is None:
            raise
        return existing, False
    return invitation, True


def _send_invitation_on_commit(invitation: Invitation) -> None:
    from kakehashi.accounts.tasks import send_invitation_email

    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id))


def invitation_send(*, invitation_id: int) -> str | None:
    """Give the invitation a fresh token and email its link, in the invitee's language.

    The token is made here, inside the task, so that no secret waits in the task queue's table.
    Returns the token (tests follow the link with it), or None when the invitation is no longer pending.
    """
    from django.urls import reverse

    from kakehashi.notifications.services import Address, notify

    invitation = Invitation.objects.select_related("organization", "program", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_pending:
        return None
    # A retried task (its worker died after sending) must not send a second link: the marker is checked
    # before a new token replaces the one already emailed.
    if background.already_sent(f"invitation:{invitation.pk}:{invitation.email}"):
        return None
    token = Invitation.new_token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash", "updated_at"])
    context = {
        "invitation": invitation,
        "url": settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token]),
        "days": settings.INVITATION_VALID_DAYS,
    }
    # Through the one door, sent at once by this task: the link is a secret, so its text is not kept.
    sent = background.send_once(
        f"invitation:{invitation.pk}:{invitation.email}",
        lambda: notify(
            [Address(invitation.email, invitation.language)],
            "accounts.invitation",
            context,
            about=f"invitation:{invitation.pk}",
            send_now=True,
        ),
    )
    return token if sent is not None else None


def invitation_by_token(token: str) -> Invitation | None:
    """A pending invitation for a link's token, or None: expired, used and unknown look the same."""
    invitation = (
        Invitation.objects.select_related("organization", "program")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    name_latin: str = "",
    name_local: str = "",
    password: str = "",
    name_parts: dict[str, str] | None = None,
) -> User:
    """Accept as the signed-in `user`, or create the account the invitation was sent to."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation is no longer valid."))
    if user is None:
        if email_matches(User.objects.all(), invitation.email).exists():
            raise ValidationError(
                _("An account with this email address exists. Sign in to accept the invitation.")
            )
        parts = {k: v for k, v in (name_parts or {}).items() if v}
        if not (parts.get("family_name_latin") or parts.get("given_name_latin")):
            # Old callers give single-line names (or none: the inviter's); the model splits them.
            parts = {"name_latin": name_latin or invitation.name_latin, "name_local": name_local}
            parts["name_local"] = parts["name_local"] or invitation.name_local
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            preferred_language=invitation.language,
            **parts,
        )
        _mark_email_verified(user)
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=invitation.organization,
        program=invitation.program,
        role=invitation.role,
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return user


def _mark_email_verified(user: User) -> None:
    # Following the emailed link proves the address, so allauth need not ask again.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def invitation_revoke(*, viewer: Viewer, invitation: Invitation) -> None:
    require(can_manage_members(viewer, invitation.organization))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def membership_deactivate(*, viewer: Viewer, membership: Membership) -> None:
    require(can_manage_members(viewer, membership.organization))
    if membership.user_id == viewer.user.pk:
        raise ValidationError(_("You cannot remove your own role."))
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])


# --- profile and tokens --------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, user: User, preferred_language: str, phone: str, **name_parts: str) -> User:
    """`name_parts`: family_name_latin, given_name_latin, family_name_local, given_name_local,
    family_name_reading, given_name_reading; save() writes the single-line names and sort keys from them."""
    set_name_parts(user, **name_parts)
    user.preferred_language = preferred_language
    user.phone = phone
    user.full_clean(exclude=["password"])
    user.save()
    return user


NAME_PARTS = (
    "family_name_latin",
    "given_name_latin",
    "family_name_local",
    "given_name_local",
    "family_name_reading",
    "given_name_reading",
)


def set_name_parts(user: User, **name_parts: str) -> None:
    unknown = set(name_parts) - set(NAME_PARTS)
    if unknown:
        raise TypeError(f"Not a name part: {', '.join(sorted(unknown))}")
    for field in NAME_PARTS:
        setattr(user, field, " ".join((name_parts.get(field) or "").split()))
    # The parts win: the single-line names are composed from them (and the sort keys computed) now.
    user.name_latin, user.name_local = user._single_line_names  # type: ignore[assignment]
    user.fill_name_fields()


@transaction.atomic
def name_update(*, user: User, **name_parts: str) -> User:
    """A person's own name, in parts (the API's PUT /me/name; the profile form goes through profile_update).
    Refused unless there is a family or given name in Latin script and the reading is kana."""
    set_name_parts(user, **name_parts)
    errors: dict[str, list[str]] = {}
    if not (user.family_name_latin or user.given_name_latin):
        errors["given_name_latin"] = [_("The name in Latin script is missing.")]
    for field in ("family_name_reading", "given_name_reading"):
        if not is_kana_only(getattr(user, field)):
            errors[field] = [_("Write the reading in hiragana or katakana.")]
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def preferred_language_set(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """The token itself is returned once, to be shown once; only its hash is stored."""
    token = "kh_" + Invitation.new_token()
    api_token = ApiToken.objects.create(user=user, name=name, prefix=token[:8], token_hash=hash_token(token))
    return api_token, token


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This token does not exist or is already revoked."))


def api_token_authenticate(token: str) -> User | None:
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user


# --- bulk import ---------------------------------------------------------------------------------


def people_import_preview(*, viewer: Viewer, file_name: str, content: bytes) -> PeopleImport:
    """Parse and check the file; store what was read for the uploader to confirm. Writes no person."""
    allowed = manageable_organization_ids(viewer)
    require(allowed is None or bool(allowed))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    rows = people_import.read_table(file_name, content)
    organizations = {
        org.key: people_import.OrganizationRef(pk=org.pk, key=org.key, kind=org.kind)
        for org in Organization.objects.filter(participations__program=viewer.program)
    }
    emails = {row.get("email", "").strip().lower() for row in rows}
    existing = set(
        email_matches(User.objects.all(), *emails)
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )
    cleaned, errors = people_import.check_rows(
        rows,
        organizations=organizations,
        allowed_organization_ids=allowed,
        existing_emails=existing,
    )
    return PeopleImport.objects.create(
        program=viewer.program,
        uploaded_by=viewer.user,
        file_name=file_name[:200],
        rows=cleaned,
        errors=errors,
    )


IMPORT_BATCH = 1000  # rows inserted per statement, and the step of the progress shown


def people_import_progress_key(import_id: int) -> str:
    return f"accounts:people-import:{import_id}:progress"


class ImportRowError(Exception):
    """A row that cannot be imported: nothing of the import is written."""


@transaction.atomic
def people_import_apply(*, viewer: Viewer, batch: PeopleImport) -> PeopleImport:
    """Queue a checked import to be applied in the background; its page follows the progress.

    The task (`people_import_run`) creates every person of the file or, if any row fails, none of them."""
    batch = PeopleImport.objects.select_for_update().get(pk=batch.pk)
    if batch.uploaded_by_id != viewer.user.pk:
        require(False)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been handled."))
    if batch.errors:
        raise ValidationError(_("Correct the rows with errors and upload the file again."))
    allowed = manageable_organization_ids(viewer)
    if allowed is not None and any(row["organization_id"] not in allowed for row in batch.rows):
        require(False)
    batch.status, batch.progress, batch.error = ImportStatus.APPLYING, 0, ""
    batch.save(update_fields=["status", "progress", "error", "updated_at"])
    from kakehashi.accounts.tasks import apply_people_import

    batch_id = batch.pk
    transaction.on_commit(lambda: apply_people_import.enqueue(batch_id))
    return batch


def people_import_run(*, import_id: int) -> int:
    """Apply a queued import: every person, membership and invitation in one transaction, written in
    bulk (one lookup of every address, one insert per thousand rows), or nothing at all. A failure is
    kept on the import with the row and the reason. Returns the number of people created."""
    from kakehashi.core.permissions import build_viewer

    batch = PeopleImport.objects.select_related("uploaded_by", "program").get(pk=import_id)
    if batch.status != ImportStatus.APPLYING:
        return 0  # applied, failed or discarded meanwhile (a retried task)
    viewer = build_viewer(batch.uploaded_by, batch.program_id)
    progress_key = people_import_progress_key(batch.pk)
    try:
        with transaction.atomic():
            locked = PeopleImport.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportStatus.APPLYING:
                return 0
            invitations = _people_import_write(viewer=viewer, batch=locked, progress_key=progress_key)
            locked.status, locked.progress = ImportStatus.APPLIED, len(locked.rows)
            locked.applied_at = timezone.now()
            locked.save(update_fields=["status", "progress", "applied_at", "updated_at"])
            _send_invitations_on_commit(invitations)
    except ImportRowError as error:
        people_import_failed(batch.pk, str(error))
        return 0
    except IntegrityError:
        people_import_failed(
            batch.pk,
            _("Someone added one of these people while the import ran. Upload the file again."),
        )
        return 0
    finally:
        cache.delete(progress_key)
    from kakehashi.accounts.selectors import people_changed

    people_changed()
    return len(batch.rows)


def people_import_failed(import_id: int, reason: str) -> None:
    PeopleImport.objects.filter(pk=import_id, status=ImportStatus.APPLYING).update(
        status=ImportStatus.FAILED, error=reason[:2000], progress=0, updated_at=timezone.now()
    )


def _people_import_write(*, viewer: Viewer, batch: PeopleImport, progress_key: str) -> list[Invitation]:
    from django.contrib.auth.hashers import make_password

    rows = batch.rows
    allowed = manageable_organization_ids(viewer)
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    for row in rows:
        organization = organizations.get(row["organization_id"])
        if organization is None or (allowed is not None and organization.pk not in allowed):
            raise ImportRowError(
                _("Row %(row)d: you may no longer add people to this organization.") % {"row": row["row"]}
            )
    emails = [row["email"].strip().lower() for row in rows]
    # One lookup for every address (the user_email_lower index): someone may have registered one of them
    # since the preview.
    taken = set(
        email_matches(User.objects.all(), *emails)
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )
    for row, email in zip(rows, emails, strict=True):
        if email in taken:
            raise ImportRowError(
                _("Row %(row)d: a person with this email address already exists.") % {"row": row["row"]}
            )
    users: list[User] = []
    memberships: list[Membership] = []
    for start in range(0, len(rows), IMPORT_BATCH):
        chunk = list(
            zip(rows[start : start + IMPORT_BATCH], emails[start : start + IMPORT_BATCH], strict=True)
        )
        created = User.objects.bulk_create(
            _imported_user(row, email, make_password(None)) for row, email in chunk
        )
        users += created
        memberships += Membership.objects.bulk_create(
            Membership(
                user=user,
                organization_id=row["organization_id"],
                program=batch.program,
                role=row["role"],
            )
            for user, (row, _email) in zip(created, chunk, strict=True)
        )
        cache.set(progress_key, start + len(chunk), 60 * 60)
    return _open_invitations_in_bulk(viewer=viewer, batch=batch, emails=emails)


def _imported_user(row: dict[str, Any], email: str, unusable_password: str) -> User:
    """A person of an import row; rows previewed before the name parts existed hold whole names only."""
    return User(
        email=email,
        password=unusable_password,  # they set one when accepting the invitation
        **people_import.name_parts(row),
    )


def _open_invitations_in_bulk(*, viewer: Viewer, batch: PeopleImport, emails: list[str]) -> list[Invitation]:
    """Like `_open_invitation` for every row at once: a pending invitation of the address to the role is
    kept (and not emailed again), an expired one is closed, the others are made. Returns those made."""
    now = timezone.now()
    open_ = email_matches(
        Invitation.objects.filter(program=batch.program, accepted_at__isnull=True, revoked_at__isnull=True),
        *emails,
    )
    open_.filter(expires_at__lte=now).update(revoked_at=now, updated_at=now)
    pending = {
        (email.lower(), organization_id, role)
        for email, organization_id, role in open_.values_list("email", "organization_id", "role")
    }
    expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
    new = [
        Invitation(
            email=email,
            name_latin=row["name_latin"],
            name_local=row["name_local"],
            organization_id=row["organization_id"],
            program=batch.program,
            role=row["role"],
            # A placeholder nobody can guess; the email task sets the real token's hash.
            token_hash=hash_token(Invitation.new_token()),
            expires_at=expires_at,
            invited_by=viewer.user,
        )
        for row, email in zip(batch.rows, emails, strict=True)
        if (email, row["organization_id"], row["role"]) not in pending
    ]
    return Invitation.objects.bulk_create(new, batch_size=IMPORT_BATCH)


INVITATION_EMAILS_PER_TASK = 200


def _send_invitations_on_commit(invitations: list[Invitation]) -> None:
    """Emailed after the commit, a task per 200 invitations (not 10,000 tasks for one import)."""
    from kakehashi.accounts.tasks import send_invitation_emails

    ids = [invitation.pk for invitation in invitations]

    def enqueue() -> None:
        for start in range(0, len(ids), INVITATION_EMAILS_PER_TASK):
            send_invitation_emails.enqueue(ids[start : start + INVITATION_EMAILS_PER_TASK])

    transaction.on_commit(enqueue)


def people_import_discard(*, viewer: Viewer, batch: PeopleImport) -> None:
    if batch.uploaded_by_id != viewer.user.pk:
        require(False)
    PeopleImport.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.DISCARDED
    )

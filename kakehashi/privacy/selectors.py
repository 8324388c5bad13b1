"""Reads of consent, records and deletion requests, scoped to the viewer."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.selectors import people_visible_to
from kakehashi.core.permissions import Viewer, require
from kakehashi.privacy import rules
from kakehashi.privacy.models import (
    Consent,
    ConsentText,
    DeletionRequest,
    DeletionStatus,
    PersonalRecord,
    SensitiveRead,
)
from kakehashi.privacy.services import current_text


def consent_overview(viewer: Viewer) -> list[tuple[ConsentText, Consent | None]]:
    """Each kind's current text and the viewer's active consent to it (None if not given)."""
    from kakehashi.privacy.models import ConsentKind

    rows = []
    for kind in ConsentKind.values:
        text = current_text(kind)
        if text is None:
            continue
        consent = Consent.objects.filter(user=viewer.user, text=text, withdrawn_at__isnull=True).first()
        rows.append((text, consent))
    return rows


def consent_text_for(kind: str) -> ConsentText:
    text = current_text(kind)
    if text is None:
        raise Http404
    return text


def own_record(viewer: Viewer) -> PersonalRecord | None:
    return PersonalRecord.objects.filter(user=viewer.user).first()


def record_for(viewer: Viewer, record_id: int) -> PersonalRecord:
    """Another person's record: only for those who may read records, and only of people they can see."""
    try:
        record = PersonalRecord.objects.select_related("user").get(pk=record_id)
    except PersonalRecord.DoesNotExist:
        raise Http404 from None
    if record.user_id == viewer.user.pk:
        return record
    if not rules.can_reveal_record(viewer, record):
        raise Http404
    if not (viewer.is_platform_admin or people_visible_to(viewer).filter(pk=record.user_id).exists()):
        raise Http404
    return record


def _with_reader_memberships(reads: QuerySet[SensitiveRead]) -> QuerySet[SensitiveRead]:
    """Each reader's active memberships with their organizations, in one query for a whole page."""
    return reads.select_related("reader").prefetch_related(
        Prefetch(
            "reader__memberships",
            queryset=Membership.objects.filter(is_active=True).select_related("organization"),
            to_attr="active_memberships",
        )
    )


def with_reader_organizations(reads: Iterable[SensitiveRead]) -> list[SensitiveRead]:
    """The reads as a list, each with `reader_organizations`: the names of the reader's organizations."""
    rows = list(reads)
    for read in rows:
        memberships = getattr(read.reader, "active_memberships", []) if read.reader else []
        read.reader_organizations = sorted({str(m.organization.name) for m in memberships})  # type: ignore[attr-defined]
    return rows


def reads_of_my_data(viewer: Viewer) -> QuerySet[SensitiveRead]:
    """Reads of the viewer's own sensitive data (by anyone, the viewer included), latest first."""
    return _with_reader_memberships(SensitiveRead.objects.filter(subject=viewer.user)).order_by(
        "-read_at", "-pk"
    )


def _audit_scope(viewer: Viewer) -> QuerySet[SensitiveRead]:
    require(rules.can_audit_sensitive_reads(viewer))
    reads = SensitiveRead.objects.all()
    if viewer.is_platform_admin:
        return reads
    if viewer.program is None:
        return reads.none()
    return reads.filter(subject_id__in=Membership.objects.filter(program=viewer.program).values("user_id"))


def audited_people(viewer: Viewer, ids: Iterable[int]) -> dict[int, User]:
    """Of these people, those who appear in a read the viewer may audit (whose data, or who read): no
    name of anyone else is shown, whatever id is put in the address."""
    scope = _audit_scope(viewer)
    people = User.objects.filter(pk__in=list(ids)).filter(
        Q(pk__in=scope.values("subject_id")) | Q(pk__in=scope.values("reader_id"))
    )
    return {person.pk: person for person in people}


def sensitive_reads(
    viewer: Viewer,
    *,
    subject_id: int | None = None,
    reader_id: int | None = None,
    field: str = "",
    since: date | None = None,
    until: date | None = None,
    search: str = "",
) -> QuerySet[SensitiveRead]:
    """Every recorded read of sensitive data the viewer may audit, filtered, latest first.

    The platform administrator sees every read; a program manager, the reads of the data of people who
    are (or were) members of their program.
    """
    reads = _audit_scope(viewer)
    if subject_id is not None:
        reads = reads.filter(subject_id=subject_id)
    if reader_id is not None:
        reads = reads.filter(reader_id=reader_id)
    if field:
        reads = reads.filter(field=field)
    if since is not None:
        reads = reads.filter(read_at__date__gte=since)
    if until is not None:
        reads = reads.filter(read_at__date__lte=until)
    if search:
        reads = reads.filter(
            Q(subject__name_latin__icontains=search)
            | Q(subject__name_local__icontains=search)
            | Q(subject__email__icontains=search)
            | Q(reader__name_latin__icontains=search)
            | Q(reader__name_local__icontains=search)
            | Q(reader__email__icontains=search)
        )
    return _with_reader_memberships(reads.select_related("subject")).order_by("-read_at", "-pk")


def sensitive_read_fields(viewer: Viewer) -> list[tuple[str, str]]:
    """(field, label) of every field that has been read, for the audit's filter. One query."""
    require(rules.can_audit_sensitive_reads(viewer))
    labels: dict[str, str] = {}
    for model, field in SensitiveRead.objects.values_list("model", "field").distinct().order_by():
        labels.setdefault(field, SensitiveRead(model=model, field=field).field_label)
    return sorted(labels.items(), key=lambda item: item[1])


def my_deletion_requests(viewer: Viewer) -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.filter(user=viewer.user)


def deletion_requests(viewer: Viewer, *, status: str = "") -> QuerySet[DeletionRequest]:
    require(rules.can_handle_deletion_requests(viewer))
    requests = DeletionRequest.objects.select_related("user", "decided_by")
    if status in DeletionStatus.values:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at")


def deletion_request_for(viewer: Viewer, request_id: int) -> DeletionRequest:
    try:
        return deletion_requests(viewer).get(pk=request_id)
    except DeletionRequest.DoesNotExist:
        raise Http404 from None

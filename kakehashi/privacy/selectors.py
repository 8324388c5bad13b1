"""Reads of consent, records and deletion requests, scoped to the viewer."""

from django.db.models import QuerySet
from django.http import Http404

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


def reads_of_my_data(viewer: Viewer) -> QuerySet[SensitiveRead]:
    return SensitiveRead.objects.filter(subject=viewer.user).select_related("reader")


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

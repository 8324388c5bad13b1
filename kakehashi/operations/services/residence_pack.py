"""Generating the status-of-residence pack of a case: queued by the program office or the host company's
administrator, built in the background (a pack of six PDFs takes seconds), and the case's residence
documents ticked from what was generated."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import InternCase, PackStatus, ResidencePack, ResidencePackUpload
from kakehashi.operations.residence_pack import build_zip, document_for, documents_for


@transaction.atomic
def residence_pack_request(*, viewer: Viewer, case: InternCase) -> ResidencePack:
    """Queue the pack of `case` to be (re)built; the pack page follows its progress."""
    require(rules.can_build_residence_pack(viewer, case))
    pack, _created = ResidencePack.objects.select_for_update().get_or_create(
        case=case, defaults={"route": case.route, "built_by": viewer.user}
    )
    if not _created and pack.is_busy:
        raise ValidationError(_("This pack is already being built."))
    pack.route, pack.status, pack.progress, pack.error = case.route, PackStatus.QUEUED, 0, ""
    pack.built_by = viewer.user
    pack.save()
    from kakehashi.operations.tasks import build_residence_pack

    pack_id = pack.pk
    transaction.on_commit(lambda: build_residence_pack.enqueue(pack_id))
    return pack


def residence_pack_build(pack: ResidencePack) -> ResidencePack:
    """Write the ZIP of the pack (called by the task), then tick the case's residence documents that the
    pack generated."""
    case = InternCase.objects.select_related("intern", "host", "college", "program").get(pk=pack.case_id)

    def step(percent: int) -> None:
        ResidencePack.objects.filter(pk=pack.pk).update(progress=percent, updated_at=timezone.now())

    ResidencePack.objects.filter(pk=pack.pk).update(status=PackStatus.BUILDING, route=case.route)
    today = timezone.localdate()
    with translation.override("ja"):
        content, files = build_zip(case, built_on=today, progress=step)
    pack.route = case.route
    pack.file.save(f"status-of-residence-{case.pk}.zip", ContentFile(content), save=False)
    pack.documents = files
    pack.status, pack.progress, pack.built_at, pack.error = PackStatus.READY, 100, timezone.now(), ""
    pack.save()
    residence_documents_tick(case)
    return pack


def residence_documents_tick(case: InternCase) -> list[str]:
    """Tick the residence documents of the case that its current pack generated; the keys ticked."""
    keys = [d.checklist_key for d in documents_for(case.route) if d.checklist_key]
    ticked = []
    for document in case.residence_documents.filter(key__in=keys, done=False):
        document.done, document.done_on = True, timezone.localdate()
        document.save(update_fields=["done", "done_on"])  # save(): the audit log records it
        ticked.append(document.key)
    return ticked


PACK_UPLOAD_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def pack_document_upload(*, viewer: Viewer, case: InternCase, key: str, upload: Any) -> ResidencePackUpload:
    """Keep the signed copy of one document of the pack (a real PDF or a scan), replacing an earlier one,
    and tick the residence document it stands for."""
    from kakehashi.privacy.uploads import validate_upload

    found = document_for(case.route, key)
    if found is None:
        raise ValidationError(_("This document is not part of the pack of this status of residence."))
    _position, document = found
    require(rules.can_download_pack_document(viewer, case, document.prepared_by))
    validate_upload(upload, allowed={"pdf", "png", "jpg"}, max_bytes=PACK_UPLOAD_MAX_BYTES)
    record = ResidencePackUpload.objects.filter(case=case, key=key).first() or ResidencePackUpload(
        case=case, key=key
    )
    record.uploaded_by = viewer.user
    record.file.save(upload.name, upload, save=False)
    record.save()
    if document.checklist_key:
        for item in case.residence_documents.filter(key=document.checklist_key, done=False):
            item.done, item.done_on = True, timezone.localdate()
            item.save(update_fields=["done", "done_on"])
    return record

"""Japanese test results: a student submits one with its certificate; the program office verifies or
returns it with a reason."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import JapaneseResult, ResultStatus
from kakehashi.privacy.uploads import validate_upload

CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def japanese_result_submit(
    *, viewer: Viewer, data: dict[str, Any], certificate: UploadedFile
) -> JapaneseResult:
    require(rules.can_submit_japanese(viewer), _("Only students of a partner college record test results."))
    if data["taken_on"] > timezone.localdate():
        raise ValidationError({"taken_on": _("The date of the test cannot be in the future.")})
    try:
        validate_upload(certificate, allowed={"pdf", "png", "jpg"}, max_bytes=CERTIFICATE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"certificate": error.messages}) from None
    result = JapaneseResult(
        student=viewer.user, test=data["test"], level=data["level"], taken_on=data["taken_on"]
    )
    result.certificate.save("certificate", certificate, save=False)
    result.save()
    return result


@transaction.atomic
def japanese_result_review(
    *, viewer: Viewer, result: JapaneseResult, verified: bool, note: str
) -> JapaneseResult:
    require(rules.can_verify_japanese(viewer))
    locked = JapaneseResult.objects.select_for_update().get(pk=result.pk)
    if locked.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("This result was already reviewed."))
    note = note.strip()
    if not verified and not note:
        raise ValidationError(
            {"review_note": _("Say why the result is returned, so the student can fix it.")}
        )
    locked.status = ResultStatus.VERIFIED if verified else ResultStatus.RETURNED
    locked.review_note = note
    locked.reviewed_by, locked.reviewed_at = viewer.user, timezone.now()
    locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return locked

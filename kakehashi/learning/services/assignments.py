"""Assignments: work handed in as text or a file (with the deadline's late policy), and a submission
graded with the rubric."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import (
    Assignment,
    LatePolicy,
    Submission,
)
from kakehashi.learning.services import reminders
from kakehashi.privacy.uploads import validate_upload


@transaction.atomic
def assignment_submit(
    *, viewer: Viewer, assignment: Assignment, text: str = "", file: UploadedFile | None = None
) -> Submission:
    now = timezone.now()
    late = assignment.due_at is not None and now > assignment.due_at
    if late and assignment.late_policy == LatePolicy.REFUSE:
        raise ValidationError(_("The deadline has passed and this assignment does not accept late work."))
    text = text.strip()
    if text and not assignment.accepts_text:
        raise ValidationError(_("This assignment accepts files only."))
    if file is not None:
        if not assignment.accepts_file:
            raise ValidationError(_("This assignment accepts text only."))
        extension = Path(file.name or "").suffix.lower().lstrip(".")
        if extension not in assignment.extensions:
            raise ValidationError(
                _("Files of this type are not accepted. Allowed types: %(types)s.")
                % {"types": ", ".join(assignment.extensions)}
            )
        if (file.size or 0) > assignment.max_file_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large: the limit is %(mb)s MB.") % {"mb": assignment.max_file_mb}
            )
        # The content must be what the name says (an HTML page called report.pdf is refused).
        validate_upload(
            file, allowed=set(assignment.extensions), max_bytes=assignment.max_file_mb * 1024 * 1024
        )
    if not text and file is None:
        raise ValidationError(_("Write an answer or attach a file."))
    version = (
        Submission.objects.filter(assignment=assignment, user=viewer.user).aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    submission = Submission(assignment=assignment, user=viewer.user, version=version, text=text, is_late=late)
    if file is not None:
        submission.file = file  # type: ignore[assignment]
    submission.save()
    return submission


@transaction.atomic
def submission_grade(
    *,
    viewer: Viewer,
    submission: Submission,
    levels: dict[int, int],
    comments: dict[int, str],
    comment: str = "",
) -> Submission:
    """Rubric grading: one level per criterion. The score is the points earned over the best possible,
    less the late penalty when the policy asks for one."""
    require(rules.can_grade(viewer))
    criteria = list(submission.assignment.criteria.all())
    if not criteria:
        raise ValidationError(_("This assignment has no rubric yet."))
    earned = possible = 0
    chosen: dict[str, int] = {}
    for criterion in criteria:
        index = levels.get(criterion.pk)
        if index is None or not 0 <= index < len(criterion.levels):
            raise ValidationError(_("Choose a level for every criterion of the rubric."))
        chosen[str(criterion.pk)] = index
        earned += int(criterion.levels[index]["points"])
        possible += max(int(level["points"]) for level in criterion.levels)
    score = 100 * earned / possible if possible else 0
    if submission.is_late and submission.assignment.late_policy == LatePolicy.PENALTY:
        score = max(0, score - submission.assignment.late_penalty_percent)
    submission.rubric = chosen
    submission.comments = {str(k): v.strip() for k, v in comments.items() if v.strip()}
    submission.comment = comment.strip()
    submission.score_percent = round(score)
    submission.graded_by = viewer.user
    submission.graded_at = timezone.now()
    submission.save()
    reminders.grade_released(submission)
    return submission

"""The living-support checklist: the reference list of support items every program starts from, the
program's own copy of it (which coordinators can edit), and the updates of each case's checklist tasks
(status, evidence, what blocks them)."""

from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Program
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import SupportAnchor, SupportItem, SupportTask, TaskStatus

REFERENCE = Path(__file__).parent.parent / "reference" / "support_items.yaml"


def reference_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    return items


def support_items_ensure(program: Program) -> list[SupportItem]:
    """The program's checklist, copied from the reference the first time it is needed."""
    items = list(SupportItem.objects.filter(program=program))
    if not items:
        items = SupportItem.objects.bulk_create(
            SupportItem(
                program=program,
                key=entry["key"],
                title={code: entry[code] for code in ("ja", "mn", "en") if entry.get(code)},
                owner_kind=entry["who"],
                due_days=entry.get("due") or 0,
                anchor=entry.get("anchor", SupportAnchor.ARRIVAL),
                position=position,
            )
            for position, entry in enumerate(reference_items(), start=1)
        )
    return [item for item in items if item.is_active]


@transaction.atomic
def support_item_save(*, viewer: Viewer, item: SupportItem) -> SupportItem:
    require(rules.can_edit_support_items(viewer))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def task_update(
    *, viewer: Viewer, task: SupportTask, status: str, evidence: str = "", blocked_reason: str = ""
) -> SupportTask:
    require(rules.can_update_task(viewer, task))
    if status == TaskStatus.BLOCKED and not blocked_reason.strip():
        raise ValidationError({"blocked_reason": _("Say what blocks this item, so that someone can help.")})
    if status == TaskStatus.DONE and not (evidence.strip() or task.evidence):
        raise ValidationError({"evidence": _("Record the evidence that this item is done.")})
    task.status = status
    task.evidence = evidence
    task.blocked_reason = blocked_reason if status == TaskStatus.BLOCKED else ""
    task.done_at = timezone.now() if status == TaskStatus.DONE else None
    task.updated_by = viewer.user
    task.save()
    return task

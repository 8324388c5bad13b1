from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from kakehashi.core.permissions import Viewer, can_view_audit_log, require
from kakehashi.core.query_params import parse_id

AUDITED = (
    ("accounts", "program"),
    ("accounts", "organization"),
    ("accounts", "membership"),
    ("accounts", "user"),
)


def audited_models() -> list[ContentType]:
    query = Q()
    for app_label, model in AUDITED:
        query |= Q(app_label=app_label, model=model)
    return list(ContentType.objects.filter(query).order_by("model"))


def audit_entries(viewer: Viewer, *, model: str = "", search: str = "") -> QuerySet[LogEntry]:
    require(can_view_audit_log(viewer))
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if model:
        # A value that is no id filters to nothing rather than being ignored: the list says "none".
        entries = entries.filter(content_type_id=parse_id(model) or 0)
    if search:
        entries = entries.filter(
            Q(object_repr__icontains=search)
            | Q(actor__email__icontains=search)
            | Q(actor__name_latin__icontains=search)
        )
    return entries

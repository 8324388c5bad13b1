from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import Viewer
from kakehashi.privacy import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    items = [(reverse("privacy:my_data"), str(_("My data")))]
    if rules.can_handle_deletion_requests(viewer):
        items.append((reverse("privacy:deletion_request_list"), str(_("Deletion requests"))))
    if rules.can_audit_sensitive_reads(viewer):
        items.append((reverse("privacy:sensitive_read_list"), str(_("Sensitive reads"))))
    return items

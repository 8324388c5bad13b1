"""Who may see what of notifications: everyone their own inbox and preferences; the program office and
the travel and safety officer the delivery log of safety events of their program."""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer


def can_view_safety_deliveries(viewer: Viewer) -> bool:
    return viewer.is_program_office or viewer.has_role(Role.SAFETY_OFFICER)

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer


def can_manage_content_translations(viewer: Viewer) -> bool:
    """The program office writes and commissions the translations of the program's content."""
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)

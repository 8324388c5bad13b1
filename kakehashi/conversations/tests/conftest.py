from collections.abc import Callable

import pytest

from kakehashi.accounts.models import User
from kakehashi.conversations import services
from kakehashi.conversations.models import Side, Thread
from kakehashi.core.permissions import Viewer, build_viewer


@pytest.fixture
def viewer(demo_user: Callable[[str], User]) -> Callable[[str], Viewer]:
    def make(key: str) -> Viewer:
        return build_viewer(demo_user(key))

    return make


@pytest.fixture
def company_thread(viewer: Callable[[str], Viewer], demo_user: Callable[[str], User]) -> Thread:
    """The demo company (nagaoka-seiki) writes to the demo student, its intern (must-kosen)."""
    return services.thread_start(
        viewer=viewer("company"),
        person=demo_user("student"),
        side=Side.COMPANY,
        subject="初日について",
        body="初日は9時に来てください。",
    )

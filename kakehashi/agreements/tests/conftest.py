from collections.abc import Callable

import pytest

from kakehashi.accounts.models import Program, User
from kakehashi.agreements import services
from kakehashi.agreements.models import Agreement
from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.operations.models import InternCase

ORDER = ("teacher", "company", "student", "manager")


@pytest.fixture
def viewer(demo_user: Callable[[str], User]) -> Callable[[str], Viewer]:
    def make(key: str) -> Viewer:
        return build_viewer(demo_user(key))

    return make


@pytest.fixture
def case(demo_user: Callable[[str], User]) -> InternCase:
    """The demo student's case at the demo company (must-kosen, nagaoka-seiki)."""
    return InternCase.objects.get(
        intern=demo_user("student"), program=Program.objects.get(key="jica-dx-2024")
    )


@pytest.fixture
def drawn(case: InternCase, viewer: Callable[[str], Viewer]) -> Agreement:
    return services.agreement_draw_up(viewer=viewer("manager"), case=case)


@pytest.fixture
def sign(viewer: Callable[[str], Viewer]) -> Callable[..., object]:
    """sign("teacher", agreement): sign the current version as that demo person, with its own hash."""

    def do(key: str, agreement: Agreement, sha256: str | None = None) -> object:
        version = services.current_version(agreement)
        return services.agreement_sign(
            viewer=viewer(key),
            agreement=agreement,
            sha256=version.sha256 if sha256 is None else sha256,
            ip="203.0.113.7",
            base_url="http://testserver/",
        )

    return do

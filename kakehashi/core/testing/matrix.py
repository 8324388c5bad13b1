"""Building blocks of the URL x role matrix (tests/test_url_matrix.py).

Each app lists its rows in `kakehashi/<app>/tests/matrix.py` as `ROWS = [Row(...), ...]`. A row names a URL,
how to build its arguments from a `MatrixContext` (demo objects, and objects the row creates), and the
status each role must get. Write rows as policy: `expect({"admin", "manager"})`, `everyone()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kakehashi.accounts.demo import DEMO_PEOPLE, demo_email

ANON = "anonymous"
DEMO_KEYS = ["admin", *(person.key for person in DEMO_PEOPLE)]
ROLES = [ANON, *DEMO_KEYS]
SIGNED_IN = frozenset(DEMO_KEYS)
PROGRAM_OFFICE = frozenset({"admin", "manager", "accountant"})
# The browser sweeps draw a page for two of the roles that may open it: one of the program office and one
# of the people who use the site most on a phone (`two_roles`).
OFFICE_ORDER = ["manager", "admin", "accountant"]
OTHER_ORDER = ["student", "teacher", "company", "mentor", "ngo", "city", "instructor", "author", "safety"]
OTHER_ORDER += ["telecom", "funder", "student2"]


def two_roles(allowed: list[str]) -> list[str]:
    """Of the signed-in roles that may open a page, the first of the program office and the first other
    (OFFICE_ORDER, OTHER_ORDER): the two versions of most pages, the office's with its controls and
    everyone else's. The first allowed role when neither is there."""
    office = next((role for role in OFFICE_ORDER if role in allowed), None)
    other = next((role for role in OTHER_ORDER if role in allowed and role not in PROGRAM_OFFICE), None)
    chosen = [role for role in (office, other) if role]
    return chosen or allowed[:1]


STUDENT_FACING = frozenset({"instructor", "author", "safety", "ngo"})


def expect(
    allowed: frozenset[str] | set[str], *, yes: int = 200, no: int = 403, anon: int = 302
) -> dict[str, int]:
    """`yes` for the roles in `allowed`, `no` for the other signed-in roles, `anon` for anonymous."""
    return {role: (anon if role == ANON else yes if role in allowed else no) for role in ROLES}


def everyone(status: int = 200, anon: int = 302) -> dict[str, int]:
    return expect(SIGNED_IN, yes=status, anon=anon)


class MatrixContext:
    """Demo objects by key, and objects a row makes once per test (shared by all roles' requests)."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def user(self, key: str) -> Any:
        from kakehashi.accounts.models import User

        return User.objects.get(email=demo_email(key))

    def org(self, key: str) -> Any:
        from kakehashi.accounts.models import Organization

        return Organization.objects.get(key=key)

    def program(self, key: str = "jica-dx-2024") -> Any:
        from kakehashi.accounts.models import Program

        return Program.objects.get(key=key)

    def once(self, name: str, make: Callable[["MatrixContext"], Any]) -> Any:
        if name not in self._made:
            self._made[name] = make(self)
        return self._made[name]


@dataclass
class Row:
    url_name: str
    expected: dict[str, int]
    kwargs: Callable[[MatrixContext], dict[str, Any]] = lambda context: {}
    method: str = "get"
    data: Callable[[MatrixContext], dict[str, Any]] = lambda context: {}
    label: str = ""
    overrides: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.expected = {**self.expected, **self.overrides}
        self.label = self.label or self.url_name

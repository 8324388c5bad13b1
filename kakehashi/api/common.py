"""What every app's api.py shares: id parameters, documented error answers, pagination."""

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from pydantic import Field

from kakehashi.accounts.models import User
from kakehashi.api.pagination import LimitOffset, Rows
from kakehashi.api.problems import Problem
from kakehashi.core.permissions import Viewer, build_viewer

__all__ = ["Id", "LimitOffset", "Problem", "Rows", "answers", "viewer"]

# An id in the range of the database's integer columns: beyond it, a request answers 422 rather than
# reaching the database (SQLite raises OverflowError on larger numbers).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Any operation may answer these: no or a wrong token (401), a role without the right, or a second
# factor still to set up (403), parameters that do not validate (422), too many requests (429), and
# a fault of ours (500).
COMMON_PROBLEMS = (401, 403, 422, 429, 500)


def answers(ok: Any, *problems: int, status: int = 200, also: dict[int, Any] | None = None) -> dict[int, Any]:
    """`response=` of an operation: `ok` for `status`, and a Problem for each error it may answer
    (the common ones, plus e.g. 404 for an id the caller may not see)."""
    return {status: ok, **(also or {}), **dict.fromkeys(sorted({*COMMON_PROBLEMS, *problems}), Problem)}


def viewer(request: HttpRequest, program: int | None = None) -> Viewer:
    """The caller as the permission rules see them, in `program` (?program=ID) or their current one.
    A program the caller takes no part in answers 404 rather than silently another program's data."""
    assert isinstance(request.user, User)  # the API's authentication has run
    found = build_viewer(request.user, program)
    if program is not None and (found.program is None or found.program.pk != program):
        raise Http404
    return found

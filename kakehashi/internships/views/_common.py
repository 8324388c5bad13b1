"""Helpers shared by the internships views: showing a service's validation errors as messages, and
reading the ranking version a form was rendered with (for optimistic locking)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kakehashi.core.query_params import MAX_ID, parse_int


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version(request: HttpRequest) -> int:
    """The version a ranking form was rendered with; a form without one counts as the oldest (0)."""
    return parse_int(request.POST.get("version", ""), minimum=0, maximum=MAX_ID) or 0

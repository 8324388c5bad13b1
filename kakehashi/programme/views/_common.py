"""Helpers shared by the programme views: the export format a list page was asked for (`?format=csv`
or `xlsx`), a service's validation error as a list of messages, and a service's field errors put on a form.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kakehashi.programme.forms import ExpenseForm


def _fmt(request: HttpRequest) -> str:
    return request.GET.get("format", "") if request.GET.get("format") in ("csv", "xlsx") else ""


def _error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _add_errors(form: ExpenseForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)

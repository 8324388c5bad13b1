"""Helpers shared by the views of this package: putting a service's ValidationError on the form it
came from, and answering a form sent again from the browser's outbox (static/js/outbox.js)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse

from kakehashi.core import idempotency

# The header the outbox sends with a form it saved offline: such a form is answered in JSON (recorded, or
# refused with the reasons), not with a redirect the script could not tell from a sign-in page.
OUTBOX_HEADER = "X-Kakehashi-Outbox"


def from_outbox(request: HttpRequest) -> bool:
    return request.headers.get(OUTBOX_HEADER) == "1"


def outbox_answer(*, ok: bool, errors: list[str] | None = None) -> JsonResponse:
    return JsonResponse({"ok": ok, "errors": errors or []}, status=200 if ok else 400)


def idempotency_key(request: HttpRequest) -> str:
    """The key the browser made for this form ("" without script, or when malformed)."""
    return idempotency.clean_key(request.POST.get(idempotency.FIELD, ""))


def _add_errors(form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]

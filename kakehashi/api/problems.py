"""One shape for every error of the API: RFC 9457 problem details (`application/problem+json`).

`type` is "about:blank" (the HTTP status says what kind of problem it is), `title` the status phrase and
`detail` what the caller can do, both in the request's language; `instance` is the requested path;
validation problems add `errors`, one entry per value to correct. Every exception a view, selector or
service raises is answered here, so no error reaches the client as an HTML page or a traceback.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

CONTENT_TYPE = "application/problem+json"

# The status phrases of RFC 9110, which RFC 9457 recommends as titles with type "about:blank".
TITLES = {
    400: gettext_lazy("Bad Request"),
    401: gettext_lazy("Unauthorized"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not Found"),
    405: gettext_lazy("Method Not Allowed"),
    422: gettext_lazy("Unprocessable Content"),
    429: gettext_lazy("Too Many Requests"),
    500: gettext_lazy("Internal Server Error"),
}

# Messages ninja itself raises, in English only (in DEBUG with details after them); the caller reads ours.
NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy(
        "The request body could not be read: send a JSON object as the schema describes."
    ),
    "CSRF check Failed": gettext_lazy(
        "The CSRF check failed: reload the page and try again, or send a personal access token instead."
    ),
    "Forbidden": gettext_lazy("Your role does not allow this action."),
}

logger = logging.getLogger("django.request")


class ProblemError(Schema):
    """One value to correct: where it is (`loc`, e.g. ["query", "limit"]) and what is wrong with it."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemError] | None = None


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status, TITLES[500 if status >= 500 else 400])),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        JSONRenderer().render(request, body, response_status=status),
        status=status,
        content_type=CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_authenticated_detail() -> str:
    return _("Sign in, or send a personal access token from your profile page as “Authorization: Bearer …”.")


def not_found_detail() -> str:
    return _("Nothing was found with this id, or you may not see it. Check the id and the program.")


def validation_detail() -> str:
    return _("Some values of the request are not valid: correct those listed in errors and send it again.")


def _clean(error: dict[str, Any]) -> dict[str, Any]:
    """ninja's error entries without pydantic's context and links (which may hold the input itself)."""
    return {
        "loc": [str(part) if not isinstance(part, int) else part for part in error.get("loc", [])],
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "invalid")),
    }


def django_validation_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError as `errors`: one entry per message, under the field it names."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body"] if field == "__all__" else ["body", field], "msg": message, "type": "invalid"}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": ["body"], "msg": message, "type": "invalid"} for message in error.messages]


def install(api: NinjaAPI) -> None:
    """Answer every exception of `api` with a problem."""

    @api.exception_handler(NinjaValidationError)
    def request_not_valid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem_response(request, 422, validation_detail(), errors=[_clean(e) for e in exc.errors])

    @api.exception_handler(DjangoValidationError)
    def refused_by_a_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem_response(request, 422, " ".join(exc.messages), errors=django_validation_errors(exc))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request, 401, not_authenticated_detail(), headers={"WWW-Authenticate": "Bearer"}
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, int(exc.wait or 60))
        return problem_response(
            request,
            429,
            _("Too many requests: wait %(seconds)s seconds, then try again.") % {"seconds": wait},
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = next(
            (str(ours) for english, ours in NINJA_MESSAGES.items() if exc.message.startswith(english)),
            exc.message,
        )
        if exc.status_code == 404 and not detail:
            detail = not_found_detail()
        return problem_response(request, exc.status_code, detail)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # require() raises with a translated sentence; a bare PermissionDenied gets the general one.
        return problem_response(request, 403, str(exc) or _("Your role does not allow this action."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Http404's own message (e.g. "No Round matches the given query.") is for developers, in English.
        return problem_response(request, 404, not_found_detail())

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged and signalled as Django does for an unhandled exception (the admins' email, error
        # tracking; the test client re-raises it), never shown to the caller.
        got_request_exception.send(sender=None, request=request)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return problem_response(
            request,
            500,
            _(
                "Something went wrong on our side and it has been logged. Try again later; if it keeps "
                "happening, tell the program office."
            ),
        )


@csrf_exempt  # it changes nothing; a POST from a session without the token still learns the address is wrong
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every /api/ address that no operation answers: a problem, not the HTML page of the site."""
    return problem_response(
        request, 404, _("The API has no operation at this address. The list is at /api/v1/docs.")
    )


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    return problem_response(
        request,
        405,
        _("This address does not accept %(method)s. Use one of: %(allowed)s.")
        % {"method": request.method, "allowed": ", ".join(sorted(allowed))},
        headers={"Allow": ", ".join(sorted(allowed))},
    )

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from kakehashi.api import problems
from kakehashi.api.auth import PersonalAccessToken, SessionAuth
from kakehashi.api.throttling import PerPersonThrottle
from kakehashi.core.registry import app_modules


class KakehashiAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The schema, with errors documented as what they are: application/problem+json."""
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


api = KakehashiAPI(
    title="Kakehashi API",
    version="1",
    description=(
        "The program's data, scoped like the pages: each caller sees what their roles allow. "
        "Every error is an RFC 9457 problem (application/problem+json) in the caller's language; "
        "lists are paginated with ?limit=&offset= and answer {items, count, next, previous}."
    ),
    auth=[PersonalAccessToken(), SessionAuth()],
    throttle=[PerPersonThrottle()],
    urls_namespace="api",
    # Without deep links, Swagger UI puts no link inside each operation's button (nested controls and
    # 24 px targets, WCAG 4.1.2 and 2.5.8); templates/ninja/swagger.html adds AA colours.
    docs=Swagger(settings={"deepLinking": False}),
)
problems.install(api)
for _app, module in app_modules("api"):
    api.add_router("/", module.router)


def _problems_outside_operations(view: Callable[..., Any]) -> Callable[..., Any]:
    """ninja answers a method an address does not take with a bare 405, and its root (/api/v1/) raises
    Http404 for Django's HTML page; make both problems too. (Operations answer their own errors.)"""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return problems.unknown_path(request)
        if response.status_code == 405 and response.get("Content-Type") != problems.CONTENT_TYPE:
            allowed = [method.strip() for method in response.get("Allow", "").split(",") if method.strip()]
            return problems.method_not_allowed(request, allowed)
        return response

    # Operations are exempt already (ninja checks CSRF itself for session callers); the other views
    # (schema, docs, root) change nothing, and a refused POST to them should be a problem, not HTML.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns, to mount at /api/v1/."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _problems_outside_operations(pattern.callback)
    return patterns, app_name, namespace


# After the API: any other address under /api/ answers a JSON 404, not the site's HTML page.
unknown_paths = [re_path(r"^api/", problems.unknown_path, name="api_unknown_path")]

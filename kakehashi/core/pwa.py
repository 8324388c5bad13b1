"""The installable app: the web app manifest, the service worker and the offline page, and the headers that
tell the service worker which pages it may keep for reading offline.

- `/manifest.webmanifest` (application/manifest+json): the app's names in the page's language (`?lang=`,
  since a browser fetches the manifest without cookies), its icons, colours and start page.
- `/sw.js` (text/javascript, `Service-Worker-Allowed: /`, never cached by the browser): the service
  worker (templates/pwa/sw.js) with its scope the whole site. It keeps the pages a signed-in person opened
  recently (network first, the kept copy when offline), the offline page in each language, the static
  files, and sends the forms saved offline (static/js/outbox.js); it shows Web Push notifications.
- `/offline/?lang=`: what an unopened page shows offline, in that language.
- `OfflineCopyMiddleware`: every HTML page says who it was made for (`X-Kakehashi-User`: a keyed hash of
  the person, "-" when signed out). The service worker forgets every kept page when that changes (a
  sign-out, another person signing in), so nobody reads another person's pages offline. A page it may keep
  also says `X-Kakehashi-Offline: keep`: a GET of a signed-in person's HTML answered 200, unless the view
  set its own Cache-Control (downloads, pages of revealed personal data), is marked `no_offline_copy`, or
  lies under one of the paths never kept (`NEVER_KEPT`: personal data, accounts, the audit log, the admin).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

USER_HEADER = "X-Kakehashi-User"
KEEP_HEADER = "X-Kakehashi-Offline"
NEVER_KEPT = re.compile(r"^/(privacy|accounts|admin|audit|api|jobs|metrics)/|/(sensitive|sheet|certificate)/")
SIGNED_OUT = "-"
THEME = "#173a69"
BACKGROUND = "#ffffff"


def user_token(user: Any) -> str:
    """Who a page was made for, as the service worker sees it: "-" signed out, else a keyed hash (no id)."""
    if user is None or not user.is_authenticated:
        return SIGNED_OUT
    return salted_hmac("kakehashi.core.pwa.user", str(user.pk), algorithm="sha256").hexdigest()[:20]


def no_offline_copy[V: Callable[..., HttpResponse]](view: V) -> V:
    """A view whose pages the service worker must never keep for reading offline."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.no_offline_copy = True  # type: ignore[attr-defined]
        return response

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped  # type: ignore[return-value]


class OfflineCopyMiddleware:
    """Marks who each HTML page was made for and whether the service worker may keep it (see above).

    Put after NoStoreForSignedInMiddleware: it sees the response before the no-store headers are added,
    so a Cache-Control already present is the view's own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        user = getattr(request, "user", None)
        person = user_token(user)
        response[USER_HEADER] = person
        if (
            person != SIGNED_OUT
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and "Cache-Control" not in response
            and not getattr(response, "no_offline_copy", False)
            and not NEVER_KEPT.search(request.path)
        ):
            response[KEEP_HEADER] = "keep"
        return response


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    return (
        asked if asked in dict(settings.LANGUAGES) else translation.get_language() or settings.LANGUAGE_CODE
    )


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest in the asked language; no session, the same for everyone."""
    language = _language(request)
    with translation.override(language):
        body = {
            "id": "/",
            "name": _("Kakehashi: Nagaoka and Mongolia"),
            "short_name": _("Kakehashi"),
            "description": _(
                "Kakehashi connects Nagaoka and Mongolia: learning, company readiness, internships and "
                "employment."
            ),
            "lang": language,
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "any",
            "background_color": BACKGROUND,
            "theme_color": THEME,
            "icons": [
                {
                    "src": static("img/icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": static("img/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "any",
                },
            ],
            "shortcuts": [{"name": _("Safety check-in"), "url": "/operations/checkin/"}],
        }
    response = JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def offline_pages() -> dict[str, str]:
    return {code: f"/offline/?lang={code}" for code, _name in settings.LANGUAGES}


@cache
def _precached_static() -> tuple[str, ...]:
    return tuple(
        static(path)
        for path in (
            "vendor/pico.min.css",
            "css/kakehashi.css",
            "css/operations.css",
            "django_htmx/htmx-2.min.js",
            "js/kakehashi.js",
            "js/outbox.js",
            "js/pwa.js",
            "img/kakehashi-mark.svg",
            "img/icon-192.png",
        )
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, scoped to the whole site; the browser checks it for updates on every visit."""
    config = {
        "static": list(_precached_static()),
        "staticPrefix": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else f"/{settings.STATIC_URL}",
        "offline": offline_pages(),
        "defaultLanguage": settings.LANGUAGE_CODE,
        "icon": static("img/icon-192.png"),
        "userHeader": USER_HEADER,
        "keepHeader": KEEP_HEADER,
    }
    text = str(
        render_to_string("pwa/sw.js", {"config": json.dumps(config), "outbox": static("js/outbox.js")})
    )
    # The version names the caches: a new deployment (new static files, a new worker) starts fresh ones.
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    text = text.replace("__VERSION__", version)
    response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@no_offline_copy
def offline(request: HttpRequest) -> HttpResponse:
    """The page shown offline for a page not opened before, in the asked language (kept by the worker)."""
    language = _language(request)
    with translation.override(language):
        response = render(request, "pwa/offline.html", {"language": language})
    response["Cache-Control"] = "no-cache"
    return response

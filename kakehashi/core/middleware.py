from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from kakehashi.core.secret_paths import loggable_path


class ProfileLanguageMiddleware:
    """A signed-in person sees their preferred language unless they chose another in this browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_profile_language(request, user)
        return self.get_response(request)


def activate_profile_language(request: HttpRequest, user: object) -> None:
    """The person's preferred language, unless the language cookie chose another. Also called by the
    API once a token has named the person, which this middleware cannot know yet."""
    preferred = getattr(user, "preferred_language", "")
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and preferred:
        translation.activate(preferred)
        request.LANGUAGE_CODE = preferred


SESSION_LOGIN_AT_KEY = "kakehashi_login_at"
SESSION_RENEWED_AT_KEY = "kakehashi_renewed_at"


class AbsoluteSessionTimeoutMiddleware:
    """A session ends SESSION_ABSOLUTE_SECONDS after sign-in, however active. The sign-in time is stored
    in the session.

    It also renews the idle timeout (SESSION_COOKIE_AGE): not by saving the session on every request
    (SESSION_SAVE_EVERY_REQUEST, one UPDATE per page view), but when the last renewal is more than
    SESSION_RENEW_SECONDS old; a session therefore ends between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS
    and SESSION_COOKIE_AGE after the last request, and a page read in between writes nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_LOGIN_AT_KEY)
            if started is None:
                request.session[SESSION_LOGIN_AT_KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401 itself
                return redirect_to_login(request.get_full_path())
            renewed = request.session.get(SESSION_RENEWED_AT_KEY)
            if renewed is None or now - int(renewed) >= settings.SESSION_RENEW_SECONDS:
                # Setting the key marks the session modified: saved, its expiry and cookie pushed back.
                request.session[SESSION_RENEWED_AT_KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """With KAKEHASHI_REQUIRE_MFA, a signed-in person whose roles need a second factor (see
    kakehashi.privacy.rules.mfa_required_for) and who has no TOTP authenticator is sent to a page that
    explains how to set one up. The pages to set it up, sign out and change language stay open."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/privacy/mfa-required/", "/language/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.KAKEHASHI_REQUIRE_MFA:
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and not request.path.startswith(self.ALLOWED_PREFIXES)
            ):
                from kakehashi.privacy.rules import has_second_factor, mfa_required_for

                if mfa_required_for(user) and not has_second_factor(user):
                    return _mfa_refusal(request)
        return self.get_response(request)


def _mfa_refusal(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        from kakehashi.api.problems import problem_response

        return problem_response(
            request, 403, _("Your role needs two-factor authentication: set it up in your browser first.")
        )
    return redirect("privacy:mfa_required")


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person are private: no browser or proxy may keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class RequestIdMiddleware:
    """First of all middleware: gives each request an id, logs one line when it is answered, and counts it.

    The id is the caller's X-Request-ID when it is a short token of letters, digits and dashes (so a proxy's
    id joins its log to ours; anything else is replaced, never logged), else a new one. It is sent back in
    X-Request-ID, kept on `request.request_id` for the error pages, and in a context variable that every
    log line of the request carries (kakehashi.core.logging). The log line names the path without its
    query string and the user by id: query strings and names can hold personal data.
    """

    HEADER = "X-Request-ID"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import logging
        import time

        from kakehashi.core import metrics
        from kakehashi.core.logging import request_id_var

        request_id = valid_request_id(request.headers.get(self.HEADER)) or new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match is not None else "<unmatched>"
            user = getattr(request, "user", None)
            # A path that holds a secret (a one-tap check-in link's token) is logged masked.
            path = loggable_path(request.path)
            logging.getLogger("kakehashi.request").info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": path,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            metrics.observe_request(view, request.method or "", response.status_code, seconds)
            response[self.HEADER] = request_id
            return response
        finally:
            request_id_var.reset(token)


REQUEST_ID_MAX_LENGTH = 64


def valid_request_id(value: str | None) -> str | None:
    import re

    if value and len(value) <= REQUEST_ID_MAX_LENGTH and re.fullmatch(r"[A-Za-z0-9-]+", value):
        return value
    return None


def new_request_id() -> str:
    import uuid

    return uuid.uuid4().hex

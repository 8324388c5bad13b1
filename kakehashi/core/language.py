from django.conf import settings
from django.http import HttpResponse
from django.utils import translation


def remember_language(response: HttpResponse, language: str) -> None:
    """Keep the chosen language in the browser's cookie and use it for the rest of this request."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=False,
    )

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from kakehashi.accounts.services import api_token_authenticate
from kakehashi.core.middleware import activate_profile_language


class PersonalAccessToken(HttpBearer):
    """`Authorization: Bearer kh_…` with a token created on the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            # Answers (errors included) speak the person's language, as the pages do.
            activate_profile_language(request, user)
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None

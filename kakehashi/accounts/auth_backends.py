"""The authentication backends: Django's and allauth's, reading the person and their active memberships in
one query on every signed-in request.

Django reads the signed-in person by id (`get_user`) and then, for the permission rules, the viewer reads
that person's active memberships with their programs (`core.permissions.build_viewer`): two queries on
every page. Here `get_user` reads the memberships joined to the person and their programs in one SELECT,
and leaves them on the person for `build_viewer`, which uses them once instead of asking again. Both are
read fresh on every request: nothing about a person is kept between requests, so a role taken away or a
person deactivated counts on their next page. Someone with no active membership is read alone, as before.
The same rows give the person's home time zone (the countries of their organizations, `core.times`).

Django keeps the backend's dotted path in the session: changing these paths in AUTHENTICATION_BACKENDS
signs everyone out once (their sessions name a backend no longer listed)."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

# The attribute a person read by `get_user` carries: their active memberships (see build_viewer).
ACTIVE_MEMBERSHIPS = "_kakehashi_active_memberships"


def user_with_memberships(backend: DjangoModelBackend, user_id: Any) -> Any:
    from kakehashi.accounts.models import Membership
    from kakehashi.core import times

    memberships = list(
        Membership.objects.filter(user_id=user_id, is_active=True)
        .select_related("user", "program__funder", "organization")
        .only("organization__country", "role", "program", "user")
        .order_by()
    )
    if not memberships:
        user = DjangoModelBackend.get_user(backend, user_id)
    else:
        user = memberships[0].user
        for membership in memberships:
            membership.user = user  # one person object for all rows, as a query of them would give
        if not backend.user_can_authenticate(user):
            return None
        # The side of the program the person's times are shown for, from the same rows (times.home_zone).
        countries = {membership.organization.country for membership in memberships}
        setattr(user, times.HOME_ZONE, times.zone_of(countries, user.preferred_language))
    if user is not None:
        setattr(user, ACTIVE_MEMBERSHIPS, memberships)
    return user


class ModelBackend(DjangoModelBackend):
    """Django's backend (passwords, invitations); `get_user` reads the memberships with the person."""

    def get_user(self, user_id: Any) -> Any:
        return user_with_memberships(self, user_id)


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (sign-in by email); `get_user` reads the memberships with the person."""

    def get_user(self, user_id: Any) -> Any:
        return user_with_memberships(self, user_id)

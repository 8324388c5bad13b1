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

import functools
from dataclasses import dataclass
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection
from django.db.models import Model
from django.db.models.expressions import Col

from kakehashi.core import sql

# The attribute a person read by `get_user` carries: their active memberships (see build_viewer).
ACTIVE_MEMBERSHIPS = "_kakehashi_active_memberships"


def user_with_memberships(backend: DjangoModelBackend, user_id: Any) -> Any:
    from kakehashi.core import times

    memberships = _active_memberships(user_id)
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


# The statement is written here, not built by the ORM: it runs on every signed-in request, and the ORM took
# 0.7 ms to build and compile this five-table join and 0.7 ms more to read its row, for a statement the
# database answers in 0.3 ms (issue 18; 1.75 → 0.67 ms a request). What it reads is what
# `Membership.objects.filter(user_id=…, is_active=True).select_related("user", "program__funder",
# "organization").only("organization__country", "role", "program", "user")` read: every column of the
# person, the program and its funder, the membership's own and its organization's country. The columns come
# from the models (a field added is read too) and each value goes through its field's converters, as the
# ORM's would (SQLite's booleans and dates, translated texts).


@dataclass(frozen=True)
class _Part:
    """One model's columns in the statement's row, in order, with each column's converters."""

    model: type[Model]
    attnames: list[str]
    columns: list[tuple[Col, list[Any]]]


@functools.cache
def _statement(vendor: str) -> tuple[str, tuple[_Part, ...]]:
    """The statement and its row's layout, once per process and database vendor (whose converters differ:
    SQLite's booleans and dates)."""
    from kakehashi.accounts.models import Membership, Organization, Program, User

    parts: list[_Part] = []
    selected: list[str] = []
    for alias, model, only in (
        ("m", Membership, ("id", "user_id", "organization_id", "program_id", "role")),
        ("u", User, None),
        ("o", Organization, ("id", "country")),
        ("p", Program, None),
        ("f", Organization, None),  # the program's funder
    ):
        fields = [f for f in model._meta.concrete_fields if only is None or f.attname in only]
        columns = []
        for field in fields:
            col = field.get_col(alias)
            columns.append(
                (col, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)])
            )
            selected.append(f"{alias}.{sql.column(model, field.name)}")
        parts.append(_Part(model, [f.attname for f in fields], columns))
    m, o = Membership, Organization
    statement = (
        f"SELECT {', '.join(selected)} FROM {sql.table(m)} m "  # noqa: S608 - names from the models, the id a parameter
        f"JOIN {sql.table(User)} u ON u.{sql.column(User, 'id')} = m.{sql.column(m, 'user')} "
        f"JOIN {sql.table(o)} o ON o.{sql.column(o, 'id')} = m.{sql.column(m, 'organization')} "
        f"JOIN {sql.table(Program)} p ON p.{sql.column(Program, 'id')} = m.{sql.column(m, 'program')} "
        f"LEFT JOIN {sql.table(o)} f ON f.{sql.column(o, 'id')} = p.{sql.column(Program, 'funder')} "
        f"WHERE m.{sql.column(m, 'user')} = %s AND m.{sql.column(m, 'is_active')}"
    )
    return statement, tuple(parts)


def _active_memberships(user_id: Any) -> list[Any]:
    """The person's active memberships, each with its person, organization (its country alone), program and
    the program's funder (None when it has none), as the ORM query above would give them."""
    statement, parts = _statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement, [user_id])
        rows = cursor.fetchall()
    memberships = []
    for row in rows:
        objects: list[Any] = []
        start = 0
        for part in parts:
            values = list(row[start : start + len(part.attnames)])
            start += len(part.attnames)
            for index, (col, converters) in enumerate(part.columns):
                for convert in converters:
                    values[index] = convert(values[index], col, connection)
            # The funder's columns are all null when the program has none (the LEFT JOIN).
            objects.append(
                None if values[0] is None else part.model.from_db(connection.alias, part.attnames, values)
            )
        membership, user, organization, program, funder = objects
        membership.user, membership.organization, membership.program = user, organization, program
        program.funder = funder
        memberships.append(membership)
    return memberships


class ModelBackend(DjangoModelBackend):
    """Django's backend (passwords, invitations); `get_user` reads the memberships with the person."""

    def get_user(self, user_id: Any) -> Any:
        return user_with_memberships(self, user_id)


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (sign-in by email); `get_user` reads the memberships with the person."""

    def get_user(self, user_id: Any) -> Any:
        return user_with_memberships(self, user_id)

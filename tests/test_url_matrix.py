"""Every URL of the project, requested as anonymous and as every demo role, against the expected matrix.

A URL pattern without a row here fails the suite: a new page must say who may see it.
Rows are written as policy ("only the program office", "everyone signed in") so a reader can check them.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import DEMO_KEYS
from kakehashi.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Organization,
    PeopleImport,
    Program,
    User,
    hash_token,
)

ANON = "anonymous"
ROLES = [ANON, *DEMO_KEYS]
SIGNED_IN = frozenset(DEMO_KEYS)
INVITATION_TOKEN = "matrix-invitation-token"


def expect(
    allowed: frozenset[str] | set[str], *, yes: int = 200, no: int = 403, anon: int = 302
) -> dict[str, int]:
    return {role: (anon if role == ANON else yes if role in allowed else no) for role in ROLES}


def everyone(status: int = 200, anon: int = 302) -> dict[str, int]:
    return expect(SIGNED_IN, yes=status, anon=anon)


@dataclass
class Row:
    url_name: str
    expected: dict[str, int]
    kwargs: Callable[["Objects"], dict[str, Any]] = lambda objects: {}
    method: str = "get"
    data: Callable[["Objects"], dict[str, Any]] = lambda objects: {}
    label: str = ""
    overrides: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.expected = {**self.expected, **self.overrides}
        self.label = self.label or self.url_name


@dataclass
class Objects:
    jica: Program
    pilot: Program
    college: Organization  # MUST Kosen: the demo teacher administers it; the demo student studies there
    company: Organization  # Nagaoka Seiki: the demo company administrator and mentor work there
    student: User
    student_membership: Membership
    invitation: Invitation
    teachers_import: PeopleImport
    managers_token: ApiToken


PROGRAM_OFFICE = {"admin", "manager", "accountant"}
STUDENT_FACING = {"instructor", "author", "safety", "ngo"}
PILOT_PEOPLE = {"admin", "manager", "city", "company"}

ROWS = [
    Row("core:home", everyone()),
    Row(
        "core:set_language",
        everyone(302, anon=302),
        method="post",
        data=lambda o: {"language": "mn", "next": "/"},
    ),
    Row("core:audit_log", expect({"admin"})),
    Row("accounts:program_list", everyone()),
    Row("accounts:program_create", expect({"admin"})),
    Row("accounts:program_detail", everyone(), kwargs=lambda o: {"program_id": o.jica.pk}),
    Row(
        "accounts:program_detail",
        expect(PILOT_PEOPLE, no=404),
        kwargs=lambda o: {"program_id": o.pilot.pk},
        label="program_detail of the pilot, which most demo people never joined",
    ),
    Row("accounts:program_edit", expect({"admin", "manager"}), kwargs=lambda o: {"program_id": o.jica.pk}),
    Row("accounts:program_switch", everyone(302), method="post", data=lambda o: {"program": o.jica.pk}),
    Row(
        "accounts:program_switch",
        expect(PILOT_PEOPLE, yes=302, no=404),
        method="post",
        data=lambda o: {"program": o.pilot.pk},
        label="program_switch to a program the person is not in",
    ),
    Row("accounts:organization_list", everyone()),
    Row("accounts:organization_create", expect({"admin", "manager"})),
    Row("accounts:organization_detail", everyone(), kwargs=lambda o: {"organization_id": o.college.pk}),
    Row(
        "accounts:organization_edit",
        expect({"admin", "manager"}),
        kwargs=lambda o: {"organization_id": o.college.pk},
    ),
    Row(
        "accounts:member_list",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda o: {"organization_id": o.college.pk},
    ),
    Row(
        "accounts:member_list",
        expect({"admin", "manager", "company"}),
        kwargs=lambda o: {"organization_id": o.company.pk},
        label="member_list of the company",
    ),
    Row(
        "accounts:member_invite",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda o: {"organization_id": o.college.pk},
    ),
    Row(
        "accounts:member_remove",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda o: {"organization_id": o.college.pk, "membership_id": o.student_membership.pk},
    ),
    Row(
        "accounts:member_remove",
        expect({"admin", "manager", "company"}, no=403),
        kwargs=lambda o: {"organization_id": o.company.pk, "membership_id": o.student_membership.pk},
        label="member_remove of a membership through another organization's page",
        # The organization is visible, so those who may manage it reach the look-up, which finds no
        # such membership there.
        overrides={"admin": 404, "manager": 404, "company": 404},
    ),
    Row(
        "accounts:invitation_revoke",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda o: {"organization_id": o.college.pk, "invitation_id": o.invitation.pk},
    ),
    Row("accounts:invitation_accept", everyone(200, anon=200), kwargs=lambda o: {"token": INVITATION_TOKEN}),
    Row(
        "accounts:invitation_accept",
        everyone(404, anon=404),
        kwargs=lambda o: {"token": "no-such-token"},
        label="invitation_accept with an unknown token",
    ),
    Row("accounts:person_list", expect(SIGNED_IN - {"funder"})),
    Row(
        "accounts:person_detail",
        expect(PROGRAM_OFFICE | STUDENT_FACING | {"teacher", "student"}, no=404),
        kwargs=lambda o: {"person_id": o.student.pk},
        label="person_detail of a student",
        overrides={"funder": 403},
    ),
    Row(
        "accounts:person_detail",
        expect(SIGNED_IN - {"funder"}),
        kwargs=lambda o: {"person_id": User.objects.get(email="company@demo.kakehashi.example").pk},
        label="person_detail of a company administrator",
    ),
    Row("accounts:import_upload", expect({"admin", "manager", "teacher", "company"})),
    Row(
        "accounts:import_preview",
        expect({"teacher"}, no=404),
        kwargs=lambda o: {"import_id": o.teachers_import.pk},
    ),
    Row(
        "accounts:import_apply",
        expect({"teacher"}, yes=302, no=404),
        method="post",
        kwargs=lambda o: {"import_id": o.teachers_import.pk},
    ),
    Row(
        "accounts:import_discard",
        expect({"teacher"}, yes=302, no=404),
        method="post",
        kwargs=lambda o: {"import_id": o.teachers_import.pk},
    ),
    Row("accounts:profile", everyone()),
    Row("accounts:api_tokens", everyone()),
    Row(
        "accounts:api_token_revoke",
        everyone(302),
        method="post",
        kwargs=lambda o: {"token_id": o.managers_token.pk},
    ),
    # django-allauth: pages for signing in, out and managing the account.
    Row("account_login", everyone(302, anon=200)),
    Row("account_logout", everyone(200, anon=302)),
    Row("account_inactive", everyone(200, anon=200)),
    Row("account_signup", everyone(302, anon=200)),
    Row("account_reauthenticate", everyone(200)),
    Row("account_email", everyone(200)),
    Row("account_email_verification_sent", everyone(200, anon=200)),
    Row("account_change_password", everyone(200)),
    Row("account_set_password", everyone(302)),
    Row("account_reset_password", everyone(200, anon=200)),
    Row("account_confirm_login_code", everyone(302, anon=302)),
    Row("account_confirm_email", everyone(200, anon=200), kwargs=lambda o: {"key": "not-a-key"}),
    Row("account_reset_password_from_key_done", everyone(200, anon=200)),
    Row(
        "account_reset_password_from_key",
        everyone(200, anon=200),
        kwargs=lambda o: {"uidb36": "0", "key": "bad-key"},
    ),
    Row("account_reset_password_done", everyone(200, anon=200)),
    Row("mfa_index", everyone()),
    Row("mfa_authenticate", everyone(302, anon=302)),
    Row("mfa_reauthenticate", everyone(302)),
    Row("mfa_activate_totp", everyone(302)),  # asks to sign in again first
    Row("mfa_deactivate_totp", everyone(404)),
    Row("mfa_view_recovery_codes", everyone(404)),
    Row("mfa_generate_recovery_codes", everyone(302)),
    Row("mfa_download_recovery_codes", everyone(404)),
    # The API: the schema and its docs are public; every endpoint asks for a token or a session.
    Row("api:openapi-json", everyone(200, anon=200)),
    Row("api:openapi-view", everyone(200, anon=200)),
    Row("api:api-root", everyone(404, anon=404)),
    Row("api:me", everyone(200, anon=401)),
    Row("api:programs", everyone(200, anon=401)),
    Row("api:organizations", everyone(200, anon=401)),
]


def all_url_names(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[str]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_url_pattern_has_a_row_in_the_matrix() -> None:
    missing = sorted(set(all_url_names()) - {row.url_name for row in ROWS})
    assert missing == [], f"URL patterns without a row in the matrix: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist() -> None:
    assert {row.url_name for row in ROWS} <= set(all_url_names())


@pytest.fixture
def objects(db: None) -> Objects:
    college = Organization.objects.get(key="must-kosen")
    jica = Program.objects.get(key="jica-dx-2024")
    student = User.objects.get(email="student@demo.kakehashi.example")
    teacher = User.objects.get(email="teacher@demo.kakehashi.example")
    manager = User.objects.get(email="manager@demo.kakehashi.example")
    invitation = Invitation.objects.create(
        email="invitee@example.org",
        organization=college,
        program=jica,
        role="student",
        token_hash=hash_token(INVITATION_TOKEN),
        invited_by=teacher,
        expires_at=timezone.now() + timedelta(days=3),
    )
    teachers_import = PeopleImport.objects.create(
        program=jica,
        uploaded_by=teacher,
        file_name="students.csv",
        rows=[],
        errors=[{"row": 2, "email": "x", "messages": ["bad"]}],
    )
    token = ApiToken.objects.create(
        user=manager, name="matrix", prefix="kh_abcde", token_hash=hash_token("matrix")
    )
    return Objects(
        jica=jica,
        pilot=Program.objects.get(key="nagaoka-pilot-2023"),
        college=college,
        company=Organization.objects.get(key="nagaoka-seiki"),
        student=student,
        student_membership=Membership.objects.get(user=student, organization=college, program=jica),
        invitation=invitation,
        teachers_import=teachers_import,
        managers_token=token,
    )


class Rollback(Exception):
    pass


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_url_answers_each_role_as_the_matrix_says(row: Row, objects: Objects) -> None:
    url = reverse(row.url_name, kwargs=row.kwargs(objects))
    observed: dict[str, int] = {}
    for role in ROLES:
        client = Client()
        client.cookies["kakehashi_language"] = "en"
        # Each role's request runs in a savepoint that is rolled back: one role's POST cannot change
        # what the next role sees.
        try:
            with transaction.atomic():
                if role != ANON:
                    client.force_login(User.objects.get(email=f"{role}@demo.kakehashi.example"))
                response = getattr(client, row.method)(url, row.data(objects))
                observed[role] = response.status_code
                raise Rollback
        except Rollback:
            pass
    mismatches = {
        role: (row.expected[role], observed[role]) for role in ROLES if row.expected[role] != observed[role]
    }
    assert mismatches == {}, f"{url}: role -> (expected, observed): {mismatches}"

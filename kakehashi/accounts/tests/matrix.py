"""The accounts app's rows of the URL x role matrix, and those of core, allauth and the API."""

from datetime import timedelta

from django.utils import timezone

from kakehashi.accounts.models import ApiToken, Invitation, Membership, PeopleImport, hash_token
from kakehashi.core.testing.matrix import (
    PROGRAM_OFFICE,
    ROLES,
    SIGNED_IN,
    STUDENT_FACING,
    MatrixContext,
    Row,
    everyone,
    expect,
)

INVITATION_TOKEN = "matrix-invitation-token"
PILOT_PEOPLE = {"admin", "manager", "city", "company"}


def college(c: MatrixContext) -> int:
    return c.org("must-kosen").pk  # the demo teacher administers it; the demo student studies there


def company(c: MatrixContext) -> int:
    return c.org("nagaoka-seiki").pk  # the demo company administrator and mentor work there


def student_membership(c: MatrixContext) -> int:
    return Membership.objects.get(user=c.user("student"), organization_id=college(c), program=c.program()).pk


def invitation(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Invitation:
        return Invitation.objects.create(
            email="invitee@example.org",
            organization_id=college(c),
            program=c.program(),
            role="student",
            token_hash=hash_token(INVITATION_TOKEN),
            invited_by=c.user("teacher"),
            expires_at=timezone.now() + timedelta(days=3),
        )

    return c.once("invitation", make).pk


def teachers_import(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> PeopleImport:
        return PeopleImport.objects.create(
            program=c.program(),
            uploaded_by=c.user("teacher"),
            file_name="students.csv",
            rows=[],
            errors=[{"row": 2, "email": "x", "messages": ["bad"]}],
        )

    return c.once("import", make).pk


def managers_token(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> ApiToken:
        return ApiToken.objects.create(
            user=c.user("manager"), name="matrix", prefix="kh_abcde", token_hash=hash_token("matrix")
        )

    return c.once("token", make).pk


def scheduler_has_run(c: MatrixContext) -> dict[str, object]:
    # /ready/ reports a scheduler that never enqueued a job as failing; in a real run it has.
    from kakehashi.core.models import ScheduledJob
    from kakehashi.core.scheduling import registered_jobs

    for job in registered_jobs():
        ScheduledJob.objects.update_or_create(name=job.name, defaults={"last_enqueued_at": timezone.now()})
    return {}


ROWS = [
    Row("core:home", everyone()),
    # Probes: no sign-in, the same answer for everyone (kakehashi.core.health).
    Row("core:health", everyone(200, anon=200)),
    Row("core:ready", everyone(200, anon=200), kwargs=scheduler_has_run),
    # The site icon, which browsers ask for on their own (kakehashi.core.icons).
    Row("core:favicon", everyone(200, anon=200)),
    # The installable app: the manifest, the service worker and the offline page (kakehashi.core.pwa).
    Row("core:manifest", everyone(200, anon=200)),
    Row("core:service_worker", everyone(200, anon=200)),
    Row("core:offline", everyone(200, anon=200)),
    Row(
        "core:set_language",
        everyone(302, anon=302),
        method="post",
        data=lambda c: {"language": "mn", "next": "/"},
    ),
    Row("core:audit_log", expect({"admin"})),
    Row("core:job_list", expect({"admin"})),
    # A session gives nobody the metrics; with METRICS_TOKEN unset (as here) the page does not exist.
    # The bearer token's 200 and a wrong token's 401: kakehashi/core/tests/test_observability.py.
    Row("core:metrics", everyone(404, anon=404)),
    Row(
        "core:job_run",
        expect({"admin"}, yes=302),
        method="post",
        kwargs=lambda c: {"name": "privacy.apply_retention"},
    ),
    Row("accounts:program_list", everyone()),
    Row("accounts:program_create", expect({"admin"})),
    Row("accounts:program_detail", everyone(), kwargs=lambda c: {"program_id": c.program().pk}),
    Row(
        "accounts:program_detail",
        expect(PILOT_PEOPLE, no=404),
        kwargs=lambda c: {"program_id": c.program("nagaoka-pilot-2023").pk},
        label="program_detail of the pilot, which most demo people never joined",
    ),
    Row(
        "accounts:program_edit",
        expect({"admin", "manager"}),
        kwargs=lambda c: {"program_id": c.program().pk},
    ),
    Row(
        "accounts:program_switch",
        everyone(302),
        method="post",
        data=lambda c: {"program": c.program().pk},
    ),
    Row(
        "accounts:program_switch",
        expect(PILOT_PEOPLE, yes=302, no=404),
        method="post",
        data=lambda c: {"program": c.program("nagaoka-pilot-2023").pk},
        label="program_switch to a program the person is not in",
    ),
    Row("accounts:organization_list", everyone()),
    Row("accounts:organization_create", expect({"admin", "manager"})),
    Row("accounts:organization_detail", everyone(), kwargs=lambda c: {"organization_id": college(c)}),
    Row(
        "accounts:organization_edit",
        expect({"admin", "manager"}),
        kwargs=lambda c: {"organization_id": college(c)},
    ),
    Row(
        "accounts:member_list",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda c: {"organization_id": college(c)},
    ),
    Row(
        "accounts:member_list",
        expect({"admin", "manager", "company"}),
        kwargs=lambda c: {"organization_id": company(c)},
        label="member_list of the company",
    ),
    Row(
        "accounts:member_invite",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda c: {"organization_id": college(c)},
    ),
    Row(
        "accounts:member_remove",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda c: {"organization_id": college(c), "membership_id": student_membership(c)},
    ),
    Row(
        "accounts:member_remove",
        expect({"admin", "manager", "company"}, yes=404),
        kwargs=lambda c: {"organization_id": company(c), "membership_id": student_membership(c)},
        label="member_remove of a membership through another organization's page",
    ),
    Row(
        "accounts:invitation_revoke",
        expect({"admin", "manager", "teacher"}),
        kwargs=lambda c: {"organization_id": college(c), "invitation_id": invitation(c)},
    ),
    Row(
        "accounts:invitation_accept",
        everyone(200, anon=200),
        kwargs=lambda c: {"token": (invitation(c), INVITATION_TOKEN)[1]},
    ),
    Row(
        "accounts:invitation_accept",
        everyone(404, anon=404),
        kwargs=lambda c: {"token": "no-such-token"},
        label="invitation_accept with an unknown token",
    ),
    Row("accounts:person_list", expect(SIGNED_IN - {"funder"})),
    Row(
        "accounts:person_detail",
        expect(PROGRAM_OFFICE | STUDENT_FACING | {"teacher", "student"}, no=404),
        kwargs=lambda c: {"person_id": c.user("student").pk},
        label="person_detail of a student",
        overrides={"funder": 403},
    ),
    Row(
        "accounts:person_detail",
        expect(SIGNED_IN - {"funder"}),
        kwargs=lambda c: {"person_id": c.user("company").pk},
        label="person_detail of a company administrator",
    ),
    Row("accounts:import_upload", expect({"admin", "manager", "teacher", "company"})),
    Row(
        "accounts:import_preview",
        expect({"teacher"}, no=404),
        kwargs=lambda c: {"import_id": teachers_import(c)},
    ),
    Row(
        "accounts:import_apply",
        expect({"teacher"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"import_id": teachers_import(c)},
    ),
    Row(
        "accounts:import_discard",
        expect({"teacher"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"import_id": teachers_import(c)},
    ),
    Row("accounts:profile", everyone()),
    Row("accounts:api_tokens", everyone()),
    Row(
        "accounts:api_token_revoke",
        everyone(302),
        method="post",
        kwargs=lambda c: {"token_id": managers_token(c)},
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
    Row("account_confirm_email", everyone(200, anon=200), kwargs=lambda c: {"key": "not-a-key"}),
    Row("account_reset_password_from_key_done", everyone(200, anon=200)),
    Row(
        "account_reset_password_from_key",
        everyone(200, anon=200),
        kwargs=lambda c: {"uidb36": "0", "key": "bad-key"},
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
    # Any other address under /api/: a JSON 404 (tests/security/test_api_contract.py checks its shape).
    Row("api_unknown_path", everyone(404, anon=404)),
    Row("api:me", everyone(200, anon=401)),
    # PUT only (a person's own name; tested in test_names.py).
    Row("api:me_name", dict.fromkeys(ROLES, 405), label="api:me_name answers PUT only"),
    Row("api:programs", everyone(200, anon=401)),
    Row("api:organizations", everyone(200, anon=401)),
]

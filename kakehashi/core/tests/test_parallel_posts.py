"""Count limits and uniqueness hold under parallel posts (finding 13.9): twenty threads, each with its
own database connection, post the same thing at once; the database decides, not a count read before.

Measured before the fix on PostgreSQL: 5 queued runs (limit 3), 20 invitations and 20 emails, 20 support
requests. SQLite serialises writers (transaction_mode IMMEDIATE), so the races cannot happen there; the
sequential double posts below run on both."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from kakehashi.accounts import services as accounts_services
from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Invitation, Organization, User
from kakehashi.companies import services as companies_services
from kakehashi.companies.models import SupportRequest
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.concurrency import in_parallel, needs_postgresql
from kakehashi.learning import services as learning_services
from kakehashi.learning.models import ExerciseRun, RunStatus
from kakehashi.learning.services.exercises import MAX_QUEUED_RUNS
from kakehashi.learning.tests.helpers import course

PARALLEL = 20
# Tasks are only recorded, not run: a graded run would leave the queue and spoil the count.
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _user(key: str) -> User:
    return User.objects.get(email=demo_email(key))


@needs_postgresql
@pytest.mark.usefixtures("committed_demo")
@override_settings(TASKS=DUMMY_TASKS)
def test_parallel_submissions_queue_no_more_runs_than_the_limit() -> None:
    student = _user("student")
    exercise = course().exercises.get()
    ExerciseRun.objects.filter(user=student, status=RunStatus.QUEUED).update(status=RunStatus.ERROR)
    before = ExerciseRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:

        def submit(i: int) -> ExerciseRun:
            viewer = build_viewer(User.objects.get(pk=student.pk))
            return learning_services.exercise_submit(viewer=viewer, exercise=exercise, code=f"print({i})\n")

        outcomes = in_parallel(PARALLEL, submit)
        made = ExerciseRun.objects.filter(user=student, pk__gt=before)
        assert made.filter(status=RunStatus.QUEUED).count() == MAX_QUEUED_RUNS
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == PARALLEL - MAX_QUEUED_RUNS, outcomes
    finally:
        ExerciseRun.objects.filter(user=student, pk__gt=before).delete()


@needs_postgresql
@pytest.mark.usefixtures("committed_demo")
@override_settings(TASKS=DUMMY_TASKS)
def test_a_double_submit_in_parallel_grades_the_code_once() -> None:
    student = _user("student")
    exercise = course().exercises.get()
    ExerciseRun.objects.filter(user=student, status=RunStatus.QUEUED).update(status=RunStatus.ERROR)
    try:
        outcomes = in_parallel(
            PARALLEL,
            lambda i: learning_services.exercise_submit(
                viewer=build_viewer(User.objects.get(pk=student.pk)),
                exercise=exercise,
                code="print(1)\n",
                idempotency_key="one-form-posted-twenty-times",
            ),
        )
        assert all(isinstance(o, ExerciseRun) for o in outcomes), outcomes
        assert len({o.pk for o in outcomes if isinstance(o, ExerciseRun)}) == 1
        assert ExerciseRun.objects.filter(idempotency_key="one-form-posted-twenty-times").count() == 1
    finally:
        ExerciseRun.objects.filter(idempotency_key="one-form-posted-twenty-times").delete()


@needs_postgresql
@pytest.mark.usefixtures("committed_demo")
@override_settings(TASKS=IMMEDIATE_TASKS)
def test_parallel_invitations_of_one_address_make_one_invitation_and_one_email() -> None:
    email = "parallel.invitee@example.mn"
    teacher = _user("teacher")
    college = Organization.objects.get(key="must-kosen")
    mail.outbox = []
    try:
        outcomes = in_parallel(
            PARALLEL,
            lambda i: accounts_services.invitation_create(
                viewer=build_viewer(User.objects.get(pk=teacher.pk)),
                organization=college,
                email=email,
                role="student",
                language="mn",
            ),
        )
        assert all(isinstance(o, Invitation) for o in outcomes), outcomes
        assert Invitation.objects.filter(email=email).count() == 1
        assert [m.to for m in mail.outbox] == [[email]]
    finally:
        Invitation.objects.filter(email=email).delete()


@needs_postgresql
@pytest.mark.usefixtures("committed_demo")
def test_parallel_posts_of_one_support_request_form_make_one_request() -> None:
    key = "support-form-posted-twenty-times"
    company = _user("company")
    requester = Organization.objects.get(key="nagaoka-seiki")
    try:
        outcomes = in_parallel(
            PARALLEL,
            lambda i: companies_services.support_request_create(
                viewer=build_viewer(User.objects.get(pk=company.pk)),
                requester=requester,
                request=SupportRequest(
                    site="Parallel lab", need="Wi-Fi", starts_on="2026-04-01", ends_on="2026-04-10"
                ),
                idempotency_key=key,
            ),
        )
        assert all(isinstance(o, SupportRequest) for o in outcomes), outcomes
        assert SupportRequest.objects.filter(site="Parallel lab").count() == 1
    finally:
        SupportRequest.objects.filter(site="Parallel lab").delete()


# --- the same form posted twice, one after the other (any database) ----------------------------------


@pytest.mark.django_db
def test_the_support_form_posted_twice_makes_one_request(client_as: Callable) -> None:
    client = client_as("company")
    page = client.get("/companies/support/new/").content.decode()
    assert 'name="idempotency_key"' in page
    form = {
        "requester": Organization.objects.get(key="nagaoka-seiki").pk,
        "site": "Twice lab",
        "need": "Wi-Fi",
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-10",
        "idempotency_key": "the-key-of-one-form",
    }
    first, second = client.post("/companies/support/new/", form), client.post("/companies/support/new/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SupportRequest.objects.filter(site="Twice lab").count() == 1


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_the_exercise_form_posted_twice_queues_one_run(client_as: Callable) -> None:
    exercise = course().exercises.get()
    client = client_as("student")
    assert 'name="idempotency_key"' in client.get(f"/learning/exercises/{exercise.pk}/").content.decode()
    form = {"code": "print(2)\n", "idempotency_key": "the-key-of-one-exercise-form"}
    first = client.post(f"/learning/exercises/{exercise.pk}/", form)
    second = client.post(f"/learning/exercises/{exercise.pk}/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ExerciseRun.objects.filter(idempotency_key="the-key-of-one-exercise-form").count() == 1


@pytest.mark.django_db
def test_inviting_again_while_the_invitation_is_pending_sends_nothing_twice(
    client_as: Callable, django_capture_on_commit_callbacks: Callable
) -> None:
    college = Organization.objects.get(key="must-kosen")
    teacher = client_as("teacher")
    form = {"email": "twice@example.mn", "role": "student", "language": "mn"}
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        teacher.post(f"/organizations/{college.pk}/members/invite/", form)
        teacher.post(f"/organizations/{college.pk}/members/invite/", form)
    assert Invitation.objects.filter(email="twice@example.mn").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_expired_invitation_can_be_sent_again() -> None:
    from datetime import timedelta

    from django.utils import timezone

    viewer = build_viewer(_user("teacher"))
    college = Organization.objects.get(key="must-kosen")
    first = accounts_services.invitation_create(
        viewer=viewer, organization=college, email="late@example.mn", role="student"
    )
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(days=1))
    second = accounts_services.invitation_create(
        viewer=viewer, organization=college, email="late@example.mn", role="student"
    )
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.revoked_at is not None

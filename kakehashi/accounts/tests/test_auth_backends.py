"""The person and their active memberships are read in one query on every signed-in request
(accounts/auth_backends.py), fresh each time: a role taken away or a person deactivated counts at once."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts.auth_backends import ACTIVE_MEMBERSHIPS, AuthenticationBackend, ModelBackend
from kakehashi.accounts.models import Membership, User
from kakehashi.core.permissions import build_viewer


def _person_queries(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    reads = [
        q["sql"] for q in captured if 'FROM "accounts_user"' in q["sql"] or "accounts_membership" in q["sql"]
    ]
    return status, reads


def test_a_signed_in_page_reads_the_person_with_their_memberships_in_one_query(
    client_as: Callable[..., Client],
) -> None:
    client = client_as("manager")
    client.get("/organizations/")
    status, reads = _person_queries(client, "/organizations/")
    assert status == 200
    assert len(reads) == 1, reads
    assert 'FROM "accounts_membership"' in reads[0]
    assert '"accounts_user"' in reads[0]


def test_both_backends_give_the_person_with_their_active_memberships(
    demo_user: Callable[[str], User],
) -> None:
    manager = demo_user("manager")
    for backend in (ModelBackend(), AuthenticationBackend()):
        user = backend.get_user(manager.pk)
        assert user == manager
        memberships = getattr(user, ACTIVE_MEMBERSHIPS)
        expected = set(Membership.objects.filter(user=manager, is_active=True).values_list("pk", flat=True))
        assert {m.pk for m in memberships} == expected
        assert all(m.user is user for m in memberships)


def test_the_viewer_uses_them_once_then_reads_afresh(demo_user: Callable[[str], User]) -> None:
    manager = demo_user("manager")
    user = ModelBackend().get_user(manager.pk)
    with CaptureQueriesContext(connection) as first:
        viewer = build_viewer(user)
    assert len(first) == 0
    assert not hasattr(user, ACTIVE_MEMBERSHIPS)
    Membership.objects.filter(user=manager).update(is_active=False)
    with CaptureQueriesContext(connection) as second:
        again = build_viewer(user)
    assert len(second) == 1
    assert viewer.roles
    assert not again.roles


def test_a_role_taken_away_counts_on_the_next_page(client_as: Callable[..., Client]) -> None:
    client = client_as("accountant")
    assert client.get("/programme/expenses/").status_code == 200
    Membership.objects.filter(user__email__startswith="accountant@").update(is_active=False)
    assert client.get("/programme/expenses/").status_code == 403


def test_a_deactivated_person_is_signed_out_on_the_next_page(
    client_as: Callable[..., Client], demo_user: Callable[[str], User]
) -> None:
    client = client_as("manager")
    assert client.get("/organizations/").status_code == 200
    User.objects.filter(pk=demo_user("manager").pk).update(is_active=False)
    response = client.get("/organizations/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    # Deactivated with memberships still active: the joined read refuses the person too.
    assert ModelBackend().get_user(demo_user("manager").pk) is None


def test_a_person_without_an_active_membership_is_still_read(demo_user: Callable[[str], User]) -> None:
    student = demo_user("student")
    Membership.objects.filter(user=student).update(is_active=False)
    user = ModelBackend().get_user(student.pk)
    assert user == student
    assert getattr(user, ACTIVE_MEMBERSHIPS) == []
    assert build_viewer(user).program is None
    assert ModelBackend().get_user(10**9) is None
    assert not isinstance(user, AnonymousUser)


def test_the_same_rows_give_the_home_time_zone_without_another_query(
    demo_user: Callable[[str], User],
) -> None:
    from kakehashi.core import times

    for key in ("student", "company"):
        person = demo_user(key)
        expected = times.home_zone(User.objects.get(pk=person.pk))  # read from the database
        user = ModelBackend().get_user(person.pk)
        with CaptureQueriesContext(connection) as captured:
            assert times.home_zone(user) == expected
        assert len(captured) == 0
    assert times.home_zone(ModelBackend().get_user(demo_user("student").pk)) == times.ULAANBAATAR
    assert times.home_zone(ModelBackend().get_user(demo_user("company").pk)) == times.TOKYO


def _values(obj: object) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}  # type: ignore[attr-defined]


def test_the_hand_written_read_gives_what_the_orm_query_gives(demo_user: Callable[[str], User]) -> None:
    """Every column of the person, the program and its funder, converted as the ORM converts it (dates,
    booleans, translated titles), on SQLite and on PostgreSQL; a program without a funder has None."""
    from kakehashi.accounts.auth_backends import _active_memberships
    from kakehashi.accounts.models import Program

    manager = demo_user("manager")
    unfunded = Program.objects.filter(memberships__user=manager, memberships__is_active=True).first()
    assert unfunded is not None
    Program.objects.filter(pk=unfunded.pk).update(funder=None)
    expected = {
        m.pk: m
        for m in Membership.objects.filter(user=manager, is_active=True).select_related(
            "user", "program__funder", "organization"
        )
    }
    read = _active_memberships(manager.pk)
    assert len(read) == len(expected) > 0
    for membership in read:
        orm = expected[membership.pk]
        assert (membership.role, membership.organization.country) == (orm.role, orm.organization.country)
        assert _values(membership.user) == _values(orm.user)
        assert _values(membership.program) == _values(orm.program)
        if orm.program.funder is None:
            assert membership.program.funder is None
        else:
            assert _values(membership.program.funder) == _values(orm.program.funder)
    assert any(m.program.funder is None for m in read)
    assert all(isinstance(m.user.is_active, bool) for m in read)

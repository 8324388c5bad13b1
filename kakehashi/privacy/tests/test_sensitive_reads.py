"""The audit of sensitive reads (office page, CSV) and a person's own list of who read their data."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts.models import Membership, User
from kakehashi.core.permissions import build_viewer
from kakehashi.privacy import selectors
from kakehashi.privacy.models import PersonalRecord, SensitiveRead
from kakehashi.privacy.navigation import nav_items

pytestmark = pytest.mark.django_db
URL = "/privacy/sensitive-reads/"
EXPORT = "/privacy/sensitive-reads/export.csv"
PAGE_BUDGET = 16


def read(subject: User | None, reader: User | None, field: str = "passport_number", **extra) -> SensitiveRead:
    return SensitiveRead.objects.create(
        subject=subject,
        reader=reader,
        model=extra.pop("model", "privacy.personalrecord"),
        object_id="1",
        field=field,
        **extra,
    )


def listed(response) -> list[SensitiveRead]:
    return list(response.context["page"].object_list)


def organizations_of(user: User) -> set[str]:
    return {
        str(m.organization.name)
        for m in Membership.objects.filter(user=user, is_active=True).select_related("organization")
    }


# --- the office page -----------------------------------------------------------------------------


def test_the_office_sees_who_read_what_but_never_the_value(client_as, demo_user) -> None:
    record = PersonalRecord.objects.get(user=demo_user("student"))
    client_as("safety").post(f"/privacy/records/{record.pk}/", {"field": "passport_number"})
    page = client_as("manager").get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert demo_user("student").name_latin in html
    assert demo_user("safety").name_latin in html
    assert "Passport number" in html
    assert "Personal record" in html
    for organization in organizations_of(demo_user("safety")):
        assert organization in html
    assert "E1234567" not in html
    assert "••••" not in html  # not even masked


@pytest.mark.parametrize("key", ["accountant", "safety", "teacher", "student", "company", "funder"])
def test_other_roles_are_refused(client_as, key) -> None:
    assert client_as(key).get(URL).status_code == 403
    assert client_as(key).get(EXPORT).status_code == 403


def test_the_menu_shows_the_page_only_to_those_who_may_audit(demo_user) -> None:
    def links(key: str) -> list[str]:
        return [url for url, _label in nav_items(build_viewer(demo_user(key)))]

    assert URL in links("admin")
    assert URL in links("manager")
    for key in ("accountant", "safety", "student", "teacher"):
        assert URL not in links(key)


def test_filters_and_search(client_as, demo_user) -> None:
    student, student2 = demo_user("student"), demo_user("student2")
    safety, manager = demo_user("safety"), demo_user("manager")
    old = timezone.now() - timedelta(days=40)
    a = read(student, safety, "passport_number")
    b = read(student2, safety, "health_notes", model="operations.stayrecord")
    c = read(student, manager, "emergency_contact", read_at=old)
    client = client_as("manager")

    def ids(query: dict[str, str]) -> set[int]:
        return {r.pk for r in listed(client.get(URL, query))}

    assert {a.pk, b.pk, c.pk} <= ids({})
    assert ids({"subject": str(student2.pk)}) == {b.pk}
    assert ids({"reader": str(manager.pk), "subject": str(student.pk)}) == {c.pk}
    assert ids({"field": "health_notes"}) == {b.pk}
    day = timezone.localdate(old).isoformat()
    assert ids({"from": day, "to": day}) == {c.pk}
    assert c.pk not in ids({"from": timezone.localdate().isoformat()})
    assert ids({"q": student2.name_latin}) == {b.pk}
    assert {a.pk, b.pk} <= ids({"q": safety.name_latin})
    # Filtering by a person says so and offers to show everyone again.
    page = client.get(URL, {"subject": str(student2.pk)}).content.decode()
    assert "Only reads of the data of" in page
    assert "Show every person" in page
    # Broken values are ignored, not errors.
    assert client.get(URL, {"subject": "x", "from": "yesterday", "page": "999"}).status_code == 200


def test_the_field_filter_offers_the_fields_that_were_read(client_as, demo_user) -> None:
    read(demo_user("student"), demo_user("safety"), "residence_card_number")
    fields = dict(client_as("manager").get(URL).context["fields"])
    assert fields["residence_card_number"] == "residence card number"


def test_empty_states(client_as, demo_user) -> None:
    SensitiveRead.objects.all().delete()
    client = client_as("manager")
    assert "Nobody has read sensitive data in clear yet." in client.get(URL).content.decode()
    read(demo_user("student"), demo_user("safety"))
    page = client.get(URL, {"field": "health_notes"}).content.decode()
    assert "No read matches these filters." in page


def test_a_program_manager_sees_the_reads_of_their_programs_people_the_admin_all(
    client_as, demo_user
) -> None:
    outsider = User.objects.create(email="outsider@example.org", name_latin="Outside Person")
    theirs = read(outsider, demo_user("safety"))
    ours = read(demo_user("student"), demo_user("safety"))
    manager_ids = {r.pk for r in listed(client_as("manager").get(URL))}
    assert ours.pk in manager_ids
    assert theirs.pk not in manager_ids
    # Filtering by an outsider's id shows nothing of them, not even their name.
    page = client_as("manager").get(URL, {"subject": str(outsider.pk)})
    assert listed(page) == []
    assert "Outside Person" not in page.content.decode()
    assert "Outside Person" in client_as("admin").get(URL, {"subject": str(outsider.pk)}).content.decode()
    admin_ids = {r.pk for r in listed(client_as("admin").get(URL))}
    assert {ours.pk, theirs.pk} <= admin_ids


def test_reads_of_deleted_people_are_kept_and_named_as_such(client_as) -> None:
    read(None, None)
    page = client_as("admin").get(URL).content.decode()
    assert "a deleted person" in page


def test_htmx_gets_only_the_results(client_as, demo_user) -> None:
    read(demo_user("student"), demo_user("safety"))
    response = client_as("manager").get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="results"' in html
    assert "<form" not in html
    assert "<html" not in html


def test_the_csv_has_the_same_rows_and_never_runs_a_formula(client_as, demo_user) -> None:
    sly = User.objects.create(email="sly@example.org", name_latin="=HYPERLINK(1)")
    Membership.objects.create(
        user=sly,
        organization=Membership.objects.filter(user=demo_user("student")).first().organization,
        program=Membership.objects.filter(user=demo_user("student")).first().program,
        role="student",
    )
    read(sly, demo_user("safety"), "health_notes")
    read(demo_user("student"), demo_user("safety"), "passport_number")
    response = client_as("manager").get(EXPORT, {"field": "health_notes"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "When",
        "Whose data",
        "Read by",
        "Organization of the reader",
        "Kind of record",
        "Which field",
    ]
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == demo_user("safety").display_name
    assert rows[1][5] == "health notes"


def _add_reads(count: int, demo_user) -> None:
    subjects = [demo_user("student"), demo_user("student2")]
    readers = [demo_user("safety"), demo_user("manager"), demo_user("admin")]
    now = timezone.now()
    SensitiveRead.objects.bulk_create(
        SensitiveRead(
            subject=subjects[i % 2],
            reader=readers[i % 3],
            model="privacy.personalrecord" if i % 2 else "operations.stayrecord",
            object_id=str(i),
            field=("passport_number", "health_notes", "housing_address")[i % 3],
            read_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_audit_page_keeps_its_query_count_with_10_or_500_reads(
    client_as, demo_user, django_assert_max_num_queries
) -> None:
    SensitiveRead.objects.all().delete()
    client = client_as("manager")
    _add_reads(10, demo_user)
    _queries(client, URL)  # warm the caches of the session and the menu
    few = _queries(client, URL)
    _add_reads(490, demo_user)
    many = _queries(client, URL)
    assert few == many
    with django_assert_max_num_queries(PAGE_BUDGET):
        client.get(URL)
    with django_assert_max_num_queries(PAGE_BUDGET):
        client.get(URL + "?page=3&field=passport_number")


# --- the person's own list -----------------------------------------------------------------------


def test_a_person_sees_only_the_reads_of_their_own_data(client_as, demo_user) -> None:
    student, student2 = demo_user("student"), demo_user("student2")
    safety, manager = demo_user("safety"), demo_user("manager")
    mine = read(student, safety, "health_notes")
    read(student2, manager, "emergency_contact")
    reads = selectors.reads_of_my_data(build_viewer(student))
    assert list(reads) == [mine] + [r for r in reads if r.pk != mine.pk and r.subject_id == student.pk]
    assert all(r.subject_id == student.pk for r in reads)
    page = client_as("student").get("/privacy/").content.decode()
    assert safety.display_name in page
    assert "Health notes" in page
    for organization in organizations_of(safety):
        assert organization in page
    assert manager.display_name not in page
    assert "Emergency contact" not in page
    other = client_as("student2").get("/privacy/").content.decode()
    assert manager.display_name in other
    assert safety.display_name not in other


def test_my_data_lists_the_latest_reads_and_says_when_it_was_me(client_as, demo_user) -> None:
    student = demo_user("student")
    SensitiveRead.objects.filter(subject=student).delete()
    _add_reads(60, demo_user)
    read(student, student, "passport_number")
    response = client_as("student").get("/privacy/")
    reads = response.context["reads"]
    assert len(reads) == 20
    assert all(r.subject_id == student.pk for r in reads)
    assert reads[0].reader == student
    assert [r.read_at for r in reads] == sorted((r.read_at for r in reads), reverse=True)
    assert "<td>You</td>" in response.content.decode()


def test_nobody_read_my_data(client_as, demo_user) -> None:
    SensitiveRead.objects.filter(subject=demo_user("student2")).delete()
    assert "Nobody has read your sensitive data." in client_as("student2").get("/privacy/").content.decode()

"""The copies of a person's sort keys on the rows listed in name order (accounts.sort_key_copies): a cohort's
members and the intern cases. Made when the row is, following every name saved, kept out of the audit trail
and blanked on erasure."""

from datetime import timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.utils import timezone

from kakehashi.accounts.models import SORT_KEY_FIELDS, Organization, Program, User
from kakehashi.accounts.services import name_update
from kakehashi.accounts.sort_key_copies import SortKeyCopy, models_with_copies
from kakehashi.learning.models import CohortMember
from kakehashi.learning.tests.factories import big_cohort
from kakehashi.operations.models import InternCase
from kakehashi.privacy.services import anonymise_person

pytestmark = pytest.mark.django_db


def keys(row: Any) -> tuple[str, ...]:
    return tuple(getattr(row, field) for field in sorted(SORT_KEY_FIELDS))


def rows_of(person: User) -> list[SortKeyCopy]:
    """A cohort membership and an intern case of `person`, each made through save()."""
    cohort = big_cohort(learners=1, items=1, key=f"copies{person.pk}")
    member = CohortMember.objects.create(cohort=cohort, user=person)
    arrival = timezone.localdate() + timedelta(days=30)
    case = InternCase.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        intern=person,
        host=Organization.objects.filter(kind="host_company").first(),
        arrival_on=arrival,
        departure_on=arrival + timedelta(days=13),
        route="short_term_stay",
    )
    return [member, case]


def test_the_models_keeping_copies_are_the_cohort_members_and_the_cases() -> None:
    assert set(models_with_copies()) == {CohortMember, InternCase}


def test_a_row_copies_the_keys_when_made_and_follows_a_name_saved() -> None:
    person = User.objects.create_user("tuul@example.mn", name_latin="Tuul Bat")
    rows = rows_of(person)
    assert keys(person)[0] != ""
    assert all(keys(row) == keys(person) for row in rows)
    name_update(user=person, family_name_latin="Zorig", given_name_latin="Anu")
    for row in rows:
        row.refresh_from_db()
        assert keys(row) == keys(person)
    person.refresh_from_db()
    assert keys(person) == keys(rows[0])
    # A save that does not touch the name writes no copy (sign-in saves last_login on every visit).
    before = keys(rows[0])
    CohortMember.objects.filter(pk=rows[0].pk).update(sort_key_en="untouched")
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    rows[0].refresh_from_db()
    assert rows[0].sort_key_en == "untouched"
    assert before != keys(rows[0])


def test_bulk_made_rows_copy_the_keys_too() -> None:
    cohort = big_cohort(learners=3, items=1, key="bulk")
    members = list(CohortMember.objects.filter(cohort=cohort).select_related("user"))
    assert len(members) == 3
    assert all(keys(member) == keys(member.user) != ("", "", "") for member in members)


def test_the_copies_stay_out_of_the_audit_trail() -> None:
    for model in models_with_copies():
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        assert set(SORT_KEY_FIELDS) <= excluded, model
    person = User.objects.create_user("saran@example.mn", name_latin="Saran Od")
    for row in rows_of(person):
        entry = LogEntry.objects.get_for_object(row).get()
        assert entry.changes_dict
        assert not any(field.startswith("sort_key") for field in entry.changes_dict)


def test_erasure_blanks_the_copies_and_keeps_the_rows() -> None:
    person = User.objects.create_user("dulam@example.mn", name_latin="Dulam Ganbold")
    rows = rows_of(person)
    anonymise_person(person)
    for row in rows:
        row.refresh_from_db()
        assert keys(row) == ("", "", "")

"""The audit log in the viewer's language: actions translated, fields by their labels, values as pages show
them ("—" for nothing, a choice's label, a related record's name, dates written the language's way), times
in the viewer's zone with the zone named."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from kakehashi.accounts.models import Membership, Organization, Program
from kakehashi.accounts.roles import Role
from kakehashi.core import audit_display, times

pytestmark = pytest.mark.django_db


def _changed_records() -> tuple[Membership, Organization, Program]:
    membership = (
        Membership.objects.filter(role=Role.STUDENT, is_active=True).select_related("program").first()
    )
    assert membership is not None
    other = Organization.objects.exclude(pk=membership.organization_id).first()
    assert other is not None
    membership.role, membership.is_active, membership.organization = Role.MENTOR, False, other
    membership.save()
    program = membership.program
    program.starts_on = date(2020, 5, 1)
    program.save()
    return membership, other, program


def test_a_change_reads_with_labels_and_values(demo_user: Callable[[str], Any]) -> None:
    membership, other, _program = _changed_records()
    entry = LogEntry.objects.get_for_object(membership).order_by("-timestamp").first()
    assert entry is not None
    with translation.override("en"):
        (row,) = audit_display.rows([entry], times.ULAANBAATAR)
    changes = {c.label: (c.before, c.after) for c in row.changes}
    assert row.action == "Record changed"
    assert changes["Role"] == ("Student", "Mentor")
    assert changes["Active"] == ("Yes", "No")
    assert changes["Organization"][1] == str(other)
    assert row.when.endswith("(Ulaanbaatar)")


def test_nothing_is_a_dash_not_none() -> None:
    membership = Membership.objects.first()
    assert membership is not None
    entry = LogEntry.objects.log_create(
        membership,
        action=LogEntry.Action.UPDATE,
        changes={"organization": ["None", str(membership.organization_id)], "city": ["", "x"]},
        force_log=True,
    )
    assert entry is not None
    with translation.override("en"):
        (row,) = audit_display.rows([entry], times.TOKYO)
    organization = next(c for c in row.changes if c.label == "Organization")
    assert organization.before == "—"
    assert organization.after == str(membership.organization)


def test_the_audit_page_in_mongolian_has_no_raw_names_none_or_japanese(
    client_as: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    _changed_records()
    client = client_as("admin", "mn")
    with django_assert_max_num_queries(25):
        response = client.get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "None" not in table
    for raw in ("is_active", "role:", "starts_on", "organization:"):
        assert raw not in table
    assert "Үүрэг: Оюутан → Ментор" in table  # "role", by its verbose name and choice labels in Mongolian
    assert "Идэвхтэй: Тийм → Үгүй" in table
    assert "Байгууллага: " in table  # a label Django made from the field's name, translated too
    assert "Эхлэх огноо: " in table  # "starts on"
    assert "ID:" not in table
    assert "2020 оны 5 сарын 1" in table
    assert "更新" not in page
    assert "p.m." not in page
    assert "(Токио)" in table or "(Улаанбаатар)" in table

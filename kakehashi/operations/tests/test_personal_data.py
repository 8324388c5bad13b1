"""The intern's travel-and-stay record in the person's data export and in their anonymisation."""

import pytest
from auditlog.models import LogEntry
from django.db import connection

from kakehashi.operations import services
from kakehashi.operations.models import InternCase, StayRecord
from kakehashi.privacy.services import anonymise_person, export_personal_data

pytestmark = pytest.mark.django_db


def _fill(case: InternCase, viewer) -> None:
    services.residence_update(
        viewer=viewer("safety"),
        case=case,
        expected_version=case.version,
        route=case.route,
        done_keys=[],
        dates={"passport_number": "E5556667", "residence_card_number": "AB12345678CD"},
    )
    services.stay_update(
        viewer=viewer("safety"),
        case=case,
        expected_version=case.version,
        data={"housing_address": "長岡市 1-2-3", "health_notes": "Asthma", "insurance_policy": "POL-77"},
    )


def test_the_export_holds_the_persons_own_stay_record(make_case, viewer) -> None:
    case = make_case()
    _fill(case, viewer)
    data = export_personal_data(case.intern)
    mine = [row for row in data["operations"] if row["arrival_on"] == case.arrival_on.isoformat()]
    assert len(mine) == 1
    assert mine[0]["travel_and_stay"]["passport_number"] == "E5556667"
    assert mine[0]["travel_and_stay"]["housing_address"] == "長岡市 1-2-3"
    assert "passport_number_index" not in mine[0]["travel_and_stay"]
    other = export_personal_data(make_case(intern="student2", host="echigo-machinery").intern)
    assert all(row["travel_and_stay"]["passport_number"] != "E5556667" for row in other["operations"])


def test_anonymising_clears_the_stay_records_secrets_and_keeps_the_case(make_case, viewer) -> None:
    case = make_case()
    other = make_case(intern="student2", host="echigo-machinery")
    _fill(case, viewer)
    _fill(other, viewer)
    assert LogEntry.objects.get_for_object(case.stay).exists()
    anonymise_person(case.intern)
    stay = StayRecord.objects.get(pk=case.stay.pk)
    assert (stay.passport_number, stay.residence_card_number, stay.health_notes) == ("", "", "")
    assert (stay.housing_address, stay.insurance_policy, stay.passport_number_index) == ("", "", "")
    assert InternCase.objects.filter(pk=case.pk).exists()  # figures still count the case
    assert not LogEntry.objects.get_for_object(stay).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM operations_stayrecord WHERE id = %s", [stay.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "POL-77" not in row
    # Another intern's record is untouched; running it twice changes nothing more.
    assert StayRecord.objects.get(pk=other.stay.pk).passport_number == "E5556667"
    anonymise_person(case.intern)
    assert StayRecord.objects.get(pk=case.stay.pk).passport_number == ""


def test_a_route_change_is_still_in_the_audit_log(make_case, viewer) -> None:
    case = make_case()
    services.residence_update(
        viewer=viewer("manager"),
        case=case,
        expected_version=case.version,
        route="designated_activities",
        done_keys=[],
        dates={},
    )
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(case)]
    assert any("route" in change for change in changes)


def test_retention_clears_stay_records_a_year_after_the_internship(make_case, viewer) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from kakehashi.privacy import retention

    ended = make_case(arrival_on=timezone.localdate() - timedelta(days=400))
    recent = make_case(intern="student2", host="echigo-machinery", arrival_on=timezone.localdate())
    _fill(ended, viewer)
    _fill(recent, viewer)
    assert "stay_records" in {policy.kind for policy, _days in retention.policies()}
    assert retention.apply()["stay_records"] >= 1  # the demo's past cases too
    stay = StayRecord.objects.get(pk=ended.stay.pk)
    assert (stay.passport_number, stay.health_notes, stay.insurance_policy) == ("", "", "")
    assert StayRecord.objects.get(pk=recent.stay.pk).passport_number == "E5556667"
    assert retention.apply()["stay_records"] == 0  # twice changes nothing more

"""A check-in or a daily report saved on the intern's phone while offline is sent again when the connection
returns, perhaps more than once (the service worker's background sync and the page's 'online' event may
both send it; a response lost on the way makes the browser send it again): it is recorded once."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from kakehashi.operations import services
from kakehashi.operations.models import Alert, AlertKind, CheckIn, CheckInStatus, DailyReport
from kakehashi.operations.tests.test_safety import at
from kakehashi.operations.views._common import OUTBOX_HEADER

pytestmark = pytest.mark.django_db
OUTBOX = {"headers": {OUTBOX_HEADER: "1"}}


def test_a_check_in_sent_twice_with_its_key_is_recorded_once(make_case, viewer) -> None:
    case = make_case()
    key = str(uuid.uuid4())
    first = services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 8), idempotency_key=key)
    again = services.checkin_record(
        viewer=viewer("student"),
        case=case,
        now=at(12, 9),
        idempotency_key=key,
        status=CheckInStatus.NEED_HELP,
    )
    assert again.pk == first.pk
    stored = CheckIn.objects.get(case=case)
    # The replay changed nothing: neither the time nor the status, and it raised no alert.
    assert (stored.at, stored.status, stored.idempotency_key) == (at(12, 8), CheckInStatus.OK, key)
    assert not Alert.objects.filter(case=case, kind=AlertKind.HELP_REQUESTED).exists()
    # A new tap (a new key) still updates the day's check-in, as before.
    services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 10), idempotency_key=uuid.uuid4())
    assert CheckIn.objects.get(case=case).at == at(12, 10)


def test_a_key_counts_within_its_case_only(make_case, viewer) -> None:
    case = make_case()
    other = make_case(intern="student2")
    key = str(uuid.uuid4())
    services.checkin_record(viewer=viewer("student"), case=case, now=at(12, 8), idempotency_key=key)
    theirs = services.checkin_record(
        viewer=viewer("student2"), case=other, now=at(12, 9), idempotency_key=key
    )
    assert theirs.case_id == other.pk
    assert CheckIn.objects.filter(idempotency_key=key).count() == 2


def test_a_report_sent_twice_with_its_key_is_saved_once(make_case, viewer) -> None:
    case = make_case()
    key = str(uuid.uuid4())
    day = date(2026, 1, 12)
    first = services.report_save(
        viewer=viewer("student"), case=case, day=day, language="en", body="Soldering.", idempotency_key=key
    )
    again = services.report_save(
        viewer=viewer("student"), case=case, day=day, language="en", body="Changed.", idempotency_key=key
    )
    assert again.pk == first.pk
    assert list(DailyReport.objects.filter(case=case).values_list("body", "idempotency_key")) == [
        ("Soldering.", key)
    ]


def running_case(make_case):
    return make_case(arrival_on=timezone.localdate() - timedelta(days=2))


def test_the_outbox_replay_of_a_check_in_is_answered_in_json_and_recorded_once(make_case, client_as) -> None:
    case = running_case(make_case)
    client = client_as("student")
    key = str(uuid.uuid4())
    for _attempt in range(3):
        response = client.post("/operations/checkin/", {"status": "ok", "idempotency_key": key}, **OUTBOX)
        assert response.status_code == 200
        assert response.json() == {"ok": True, "errors": []}
    assert CheckIn.objects.filter(case=case).count() == 1
    assert str(CheckIn.objects.get(case=case).idempotency_key) == key


def test_a_refused_outbox_check_in_says_why(make_case, client_as) -> None:
    make_case(arrival_on=timezone.localdate() + timedelta(days=30))  # not in Japan yet
    response = client_as("student").post(
        "/operations/checkin/", {"status": "ok", "idempotency_key": str(uuid.uuid4())}, **OUTBOX
    )
    assert response.status_code == 400
    assert "day of arrival" in response.json()["errors"][0]


def test_a_check_in_without_script_still_redirects(make_case, client_as) -> None:
    case = running_case(make_case)
    response = client_as("student").post(
        "/operations/checkin/", {"status": "ok", "idempotency_key": "not a key!"}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get(case=case).idempotency_key == ""  # a malformed key is no key


def test_the_outbox_replay_of_a_report_is_saved_once(make_case, client_as) -> None:
    case = running_case(make_case)
    client = client_as("student")
    data = {
        "day": timezone.localdate().isoformat(),
        "language": "en",
        "body": "Learned to read a wiring diagram.",
        "idempotency_key": str(uuid.uuid4()),
    }
    url = f"/operations/cases/{case.pk}/reports/write/"
    assert client.post(url, data, **OUTBOX).json() == {"ok": True, "errors": []}
    assert client.post(url, {**data, "body": "Something else"}, **OUTBOX).json()["ok"] is True
    assert list(DailyReport.objects.filter(case=case).values_list("body", flat=True)) == [data["body"]]
    refused = client.post(url, {**data, "body": "", "idempotency_key": str(uuid.uuid4())}, **OUTBOX)
    assert refused.status_code == 400
    assert refused.json()["errors"]


def test_the_pages_carry_the_outbox_fields(make_case, client_as) -> None:
    case = running_case(make_case)
    client = client_as("student")
    checkin = client.get("/operations/checkin/").content.decode()
    assert checkin.count("data-outbox") == 2
    assert checkin.count('name="idempotency_key"') == 2
    report = client.get(f"/operations/cases/{case.pk}/reports/write/").content.decode()
    assert "data-outbox" in report
    assert 'name="idempotency_key"' in report

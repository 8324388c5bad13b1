"""The missed check-in pass over many interns: chains looked up once per pass, committed in batches."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts.models import Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.operations.models import Alert, AlertKind, InternCase, Notice
from kakehashi.operations.services import ESCALATE_AFTER, case_open, check_missed_checkins, safety
from kakehashi.operations.services import notices as notice_services

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
RAISE_AT = datetime(2026, 1, 12, 21, 5, tzinfo=TOKYO)


@pytest.fixture
def interns():
    """interns(n): n more cases in Japan on 12 January 2026, spread over the demo's hosts and colleges."""
    program = Program.objects.get(key="jica-dx-2024")
    hosts = list(Organization.objects.filter(kind="host_company").order_by("pk"))
    colleges = list(Organization.objects.filter(kind="partner_college").order_by("pk"))
    made = 0

    def make(count: int) -> list[InternCase]:
        nonlocal made
        cases = []
        for _ in range(count):
            user = User.objects.create_user(
                email=f"pass-intern-{made}@example.mn", name_latin=f"Intern {made}"
            )
            cases.append(
                case_open(
                    intern=user,
                    host=hosts[made % len(hosts)],
                    program=program,
                    arrival_on=RAISE_AT.date() - timedelta(days=2),
                    departure_on=RAISE_AT.date() + timedelta(days=10),
                    paid=False,
                    college=colleges[made % len(colleges)],
                )
            )
            made += 1
        return cases

    # Only our cases: the demo's own intern would be in Japan on other dates.
    InternCase.objects.all().update(cancelled=True)
    return make


def membership_queries(queries) -> int:
    return sum('"accounts_membership"' in q["sql"] for q in queries)


def test_each_pass_looks_people_up_once_whatever_the_number_of_interns(interns) -> None:
    per_size = []
    for count in (3, 6):
        Alert.objects.all().delete()
        InternCase.objects.all().update(cancelled=True)
        cases = interns(count)
        with CaptureQueriesContext(connection) as raising:
            raised, _ = check_missed_checkins(now=RAISE_AT)
        assert raised == count
        with CaptureQueriesContext(connection) as responding:
            check_missed_checkins(now=RAISE_AT + timedelta(minutes=30))
        assert Alert.objects.filter(case__in=cases, responders_at__isnull=False).count() == count
        with CaptureQueriesContext(connection) as escalating:
            _, escalated = check_missed_checkins(now=RAISE_AT + ESCALATE_AFTER)
        assert escalated == count
        assert Alert.objects.filter(case__in=cases, escalated_at__isnull=False).count() == count
        # The ladder (test_ladder.py): the interns first (nobody to look up), the first responders in one
        # membership lookup half an hour later, every escalation chain in one at the hour.
        assert membership_queries(raising) == 0
        assert membership_queries(responding) == 1
        assert membership_queries(escalating) == 1
        per_size.append((len(raising), len(escalating)))
    (small_raise, small_escalate), (large_raise, large_escalate) = per_size
    # What remains per alert is telling its people through the one door (kakehashi.notifications): a fixed
    # handful of queries per alert (rendering, inbox, deliveries), not a lookup of the people. Three more
    # alerts, at most 3 x 12 more queries. Batching the door across alerts is open (issue 18).
    assert large_raise - small_raise <= 3 * 12
    assert large_escalate - small_escalate <= 3 * 12


def test_the_chains_built_together_are_the_chains_of_each_case(interns) -> None:
    cases = interns(6)
    together = notice_services._escalation_chains(cases)
    for case in cases:
        alone = notice_services._members(case.program_id, [Role.PROGRAM_MANAGER])
        if case.college_id:
            alone += notice_services._members(case.program_id, [Role.PARTNER_TEACHER], [case.college_id])
        alone += notice_services._members(case.program_id, [Role.COMPANY_ADMIN], [case.host_id])
        expected = list(dict.fromkeys(alone))
        assert [p.pk for p in together[case.pk]] == [p.pk for p in expected]
        assert together[case.pk], "every chain reaches someone"


def test_the_pass_commits_in_batches_and_a_rerun_finishes_the_rest(interns, monkeypatch) -> None:
    monkeypatch.setattr(safety, "CHECKIN_PASS_BATCH", 2)
    cases = interns(5)
    original = safety._notify
    calls = 0

    def failing_on_the_fifth(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("the mail queue is down")
        return original(*args, **kwargs)

    monkeypatch.setattr(safety, "_notify", failing_on_the_fifth)
    with pytest.raises(RuntimeError):
        check_missed_checkins(now=RAISE_AT)
    # The first two batches (four alerts) stay; the third was rolled back with its alert and notices.
    assert Alert.objects.filter(case__in=cases, kind=AlertKind.MISSED_CHECKIN).count() == 4
    monkeypatch.setattr(safety, "_notify", original)
    raised, _ = check_missed_checkins(now=RAISE_AT)
    assert raised == 1
    assert Alert.objects.filter(case__in=cases, kind=AlertKind.MISSED_CHECKIN).count() == 5
    alert_ids = Alert.objects.filter(case__in=cases).values("pk")
    # Each intern told once (the first step of the ladder).
    assert Notice.objects.filter(alert__in=alert_ids, level=2).values("alert").distinct().count() == 5

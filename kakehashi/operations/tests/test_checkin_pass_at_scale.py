"""The missed check-in pass over many interns: chains looked up once per pass, every alert of a batch told
through the one door at once (`notify_many`), committed in batches."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q

from kakehashi.accounts.models import Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.notifications import tasks as notification_tasks
from kakehashi.notifications.models import Delivery, Notification
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


# The whole pass, raising, climbing the ladder or escalating, whatever the number of interns (up to a batch
# of 200): the cases, the alerts, the ladder's three steps and the escalation (each a query and its program
# settings), the people to tell (one lookup), the interns, the notices, and the one
# door's lookups and inserts once for all the alerts.
PASS_QUERIES = 32


@pytest.mark.parametrize("count", [10, 40])
def test_the_pass_costs_the_same_queries_for_10_or_40_interns(
    interns, count, django_assert_max_num_queries, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    cases = interns(count)
    sending: list[list[int]] = []
    monkeypatch.setattr(
        notification_tasks, "deliver_messages", SimpleNamespace(enqueue=lambda ids: sending.append(ids))
    )
    with (
        django_capture_on_commit_callbacks(execute=False) as raising_commits,
        django_assert_max_num_queries(PASS_QUERIES) as raising,
    ):
        raised, _ = check_missed_checkins(now=RAISE_AT)
    assert raised == count
    with (
        django_capture_on_commit_callbacks(execute=False) as responding_commits,
        django_assert_max_num_queries(PASS_QUERIES) as responding,
    ):
        check_missed_checkins(now=RAISE_AT + timedelta(minutes=30))
    assert Alert.objects.filter(case__in=cases, responders_at__isnull=False).count() == count
    with (
        django_capture_on_commit_callbacks(execute=False) as escalating_commits,
        django_assert_max_num_queries(PASS_QUERIES) as escalating,
    ):
        _, escalated = check_missed_checkins(now=RAISE_AT + ESCALATE_AFTER)
    assert escalated == count
    assert Alert.objects.filter(case__in=cases, escalated_at__isnull=False).count() == count
    # The ladder (test_ladder.py): the interns first (nobody to look up), the first responders in one
    # membership lookup half an hour later, every escalation chain in one at the hour (the one door's
    # lookup of who may receive an event needs none: safety events are for anyone named).
    assert membership_queries(raising.captured_queries) == 0
    assert membership_queries(responding.captured_queries) == 1
    assert membership_queries(escalating.captured_queries) == 1
    # One sending task per step for the whole batch (every alert's messages), not one a notice.
    for callback in [*raising_commits, *responding_commits, *escalating_commits]:
        callback()
    assert len(sending) == 3
    assert sorted(pk for ids in sending for pk in ids) == sorted(
        set(Delivery.objects.filter(alert_about(cases)).values_list("message_id", flat=True))
    )


def alert_about(cases) -> Q:
    about = Q()
    for alert in Alert.objects.filter(case__in=cases):
        about |= Q(about__startswith=f"alert:{alert.pk}:")
    return about


def test_every_alert_tells_the_same_people_as_before(interns) -> None:
    """Batched, each alert still reaches its intern (level 2), its first responders (level 0) and its
    escalation chain (level 1): a notice, an in-app notification and the deliveries for each person, about
    that alert."""
    cases = interns(6)
    check_missed_checkins(now=RAISE_AT)
    check_missed_checkins(now=RAISE_AT + timedelta(minutes=30))
    check_missed_checkins(now=RAISE_AT + ESCALATE_AFTER)
    responders = notice_services._first_responders(cases[0])
    chains = notice_services._escalation_chains(cases)
    assert responders
    for case in cases:
        alert = Alert.objects.get(case=case, kind=AlertKind.MISSED_CHECKIN)
        for level, people in ((0, responders), (1, chains[case.pk]), (2, [case.intern])):
            expected = sorted(p.pk for p in people)
            told = Notice.objects.filter(alert=alert, level=level)
            assert sorted(told.values_list("recipient_id", flat=True)) == expected
            about = f"alert:{alert.pk}:{level}"
            assert (
                sorted(Notification.objects.filter(about=about).values_list("user_id", flat=True)) == expected
            )
            for channel in ("inapp", "email"):
                delivered = Delivery.objects.filter(about=about, channel=channel)
                assert sorted(delivered.values_list("recipient_id", flat=True)) == expected
            # The message to the others names this alert's intern, in each person's language.
            for notification in Notification.objects.filter(about=about).exclude(user=case.intern):
                assert case.intern.given_name_latin in notification.text


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
    original = safety._notify_alerts
    calls = 0

    def failing_on_the_third_batch(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the mail queue is down")
        return original(*args, **kwargs)

    monkeypatch.setattr(safety, "_notify_alerts", failing_on_the_third_batch)
    with pytest.raises(RuntimeError):
        check_missed_checkins(now=RAISE_AT)
    # The first two batches (four alerts) stay; the third was rolled back with its alert and notices.
    assert Alert.objects.filter(case__in=cases, kind=AlertKind.MISSED_CHECKIN).count() == 4
    monkeypatch.setattr(safety, "_notify_alerts", original)
    raised, _ = check_missed_checkins(now=RAISE_AT)
    assert raised == 1
    assert Alert.objects.filter(case__in=cases, kind=AlertKind.MISSED_CHECKIN).count() == 5
    alert_ids = Alert.objects.filter(case__in=cases).values("pk")
    # Each intern told once (the first step of the ladder).
    assert Notice.objects.filter(alert__in=alert_ids, level=2).values("alert").distinct().count() == 5

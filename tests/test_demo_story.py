"""The demo tells the program's story on any day: loaded on two different days, each has a round open for
applications, interns in Japan, a past round with hires; loading twice changes nothing; and the dashboard
shows the figures the reports compute."""

import re
from datetime import date, timedelta

import pytest
from django.apps import apps

from conftest import load_all_demos
from kakehashi.accounts.demo import COLLEGES, EXTRA_PEOPLE, demo_email
from kakehashi.accounts.models import Membership, Organization, Program
from kakehashi.accounts.roles import Role

pytestmark = pytest.mark.django_db

KEPT_APPS = {"contenttypes", "auth", "sites"}


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in KEPT_APPS
    }


def check_story(today: date) -> None:
    from kakehashi.careers.models import Hire, RetentionCheck
    from kakehashi.companies.models import AnswerStatus, ReadinessAnswer
    from kakehashi.internships.models import Phase, PlacementStatus, PlaceStatus, Round, RoundPhase
    from kakehashi.learning.models import CohortMember, CohortRole, LessonCompletion, Submission
    from kakehashi.operations.models import CheckIn, DailyReport, Incident, InternCase, ReportComment

    jica = Program.objects.get(key="jica-dx-2024")
    # A round open for applications, its deadline still to come, with places and applications.
    open_round = Round.objects.get(program=jica, phase=Phase.APPLICATIONS)
    applying = RoundPhase.objects.get(round=open_round, phase=Phase.APPLICATIONS)
    assert applying.starts_on <= today < applying.ends_on
    assert open_round.internship_starts_on > applying.ends_on
    assert open_round.places.filter(status=PlaceStatus.APPROVED).count() >= 4
    assert open_round.places.filter(status=PlaceStatus.SUBMITTED).exists()
    assert open_round.applications.filter(submitted_at__isnull=False).count() >= 10
    # An internship in progress: interns in Japan checking in, daily reports with comments, an incident.
    in_japan = InternCase.objects.filter(program=jica, arrival_on__lte=today, departure_on__gte=today)
    assert in_japan.count() >= 8
    yesterday = today - timedelta(days=1)
    assert CheckIn.objects.filter(case__in=in_japan, day=yesterday).count() == in_japan.count()
    assert DailyReport.objects.filter(case__in=in_japan, day=yesterday).count() >= 8
    assert ReportComment.objects.filter(report__case__in=in_japan).exists()
    assert Incident.objects.filter(case__in=in_japan).exists()
    current = Round.objects.get(program=jica, internship_starts_on__lte=today, internship_ends_on__gte=today)
    assert current.placements.filter(status=PlacementStatus.ACCEPTED).count() >= 8
    # A past round with hires and answered retention checks.
    past = Round.objects.get(program=jica, internship_ends_on__lt=today - timedelta(days=300))
    assert past.placements.filter(status=PlacementStatus.ACCEPTED).count() == 10
    hires = Hire.objects.filter(program=jica)
    assert hires.count() >= 3
    assert RetentionCheck.objects.filter(
        hire__in=hires, due_on__lte=today, company_answered_at__isnull=False
    ).exists()
    assert RetentionCheck.objects.filter(hire__in=hires, due_on__gt=today).exists()
    # Dozens of students of the three colleges with progress and grades; a partner teacher at each college.
    for key in COLLEGES:
        college = Organization.objects.get(key=key)
        learners = CohortMember.objects.filter(cohort__college=college, role=CohortRole.LEARNER)
        assert learners.count() >= 12, key
        assert Membership.objects.filter(
            organization=college, program=jica, role=Role.PARTNER_TEACHER
        ).exists(), key
    assert LessonCompletion.objects.count() > 100
    assert Submission.objects.filter(score_percent__isnull=False).count() > 20
    # Companies half-way through readiness: some items verified, some not.
    for key in ("nakanoshima-techno", "mishima-data"):
        answers = ReadinessAnswer.objects.filter(organization__key=key)
        assert answers.filter(status=AnswerStatus.VERIFIED).exists()
        assert answers.exclude(status=AnswerStatus.VERIFIED).exists()
    # Several company administrators and mentors.
    assert (
        Membership.objects.filter(program=jica, role=Role.COMPANY_ADMIN).values("user").distinct().count()
        >= 4
    )
    assert Membership.objects.filter(program=jica, role=Role.MENTOR).values("user").distinct().count() >= 3


STORY_ON_OTHER_DAYS = """
import os, sys
from datetime import date

import django

django.setup()
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.apps import apps
from freezegun import freeze_time

sys.path.insert(0, os.getcwd())
from conftest import load_all_demos
from tests.test_demo_story import KEPT_APPS, check_story

call_command("migrate", verbosity=0)
tables = [
    m._meta.db_table
    for m in apps.get_models(include_auto_created=True)
    if m._meta.app_label not in KEPT_APPS and m._meta.managed
]
for day in sys.argv[1:]:
    today = date.fromisoformat(day)
    with freeze_time(today):
        load_all_demos()
        check_story(today)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
    print("story told on", day)
"""


# A sweep (SQLite only in CI): it loads the whole demo again on two other days, 73 s of a slow machine,
# into a SQLite file of its own whatever DATABASE_URL says, so CI's PostgreSQL step only repeated it. There
# the test database's copy and the production smoke test load the demo, and
# test_the_session_demo_tells_the_story_today checks the story on it.
@pytest.mark.sweep
def test_the_demo_tells_the_story_on_any_day(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Loaded on two different days into a scratch database of its own (another process, so that the
    session's demo and its caches are not touched), the story holds on each."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "KAKEHASHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kakehashi.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", STORY_ON_OTHER_DAYS, "2025-11-17", "2026-07-03"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("story told on") == 2


def test_the_session_demo_tells_the_story_today() -> None:
    from django.utils import timezone

    check_story(timezone.localdate())


def test_loading_the_demo_twice_changes_nothing() -> None:
    before = _counts()
    load_all_demos()
    assert _counts() == before


def test_extra_people_sign_in_but_are_not_matrix_roles() -> None:
    from kakehashi.accounts.models import User
    from kakehashi.core.testing.matrix import DEMO_KEYS

    for person in EXTRA_PEOPLE:
        assert person.key not in DEMO_KEYS
        assert User.objects.get(email=demo_email(person.key)).has_usable_password()


def test_the_dashboard_shows_the_figures_the_reports_compute(client_as) -> None:  # type: ignore[no-untyped-def]
    from kakehashi.internships.models import Round
    from kakehashi.programme import figures
    from kakehashi.programme.models import Indicator, IndicatorValue
    from kakehashi.programme.services import snapshot_program

    jica = Program.objects.get(key="jica-dx-2024")
    indicator = Indicator.objects.get(element__program=jica, source="internships.applicants_per_round")
    latest = IndicatorValue.objects.filter(indicator=indicator).order_by("period_end").last()
    assert latest is not None
    # The round the figure counts: the latest that had started by the end of the period.
    counted = Round.objects.filter(program=jica, internship_starts_on__lte=latest.period_end).latest(
        "internship_starts_on"
    )
    applicants = counted.applications.filter(submitted_at__isnull=False).count()
    assert applicants > 0
    assert latest.value == applicants == figures.measure(indicator.source, jica, latest.period_end)
    # Building a report for that period records the figures again: nothing changes.
    recorded = dict(
        IndicatorValue.objects.filter(indicator__element__program=jica).values_list("pk", "value")
    )
    snapshot_program(jica, latest.period_end)
    assert dict(
        IndicatorValue.objects.filter(indicator__element__program=jica).values_list("pk", "value")
    ) == (recorded)
    # And the dashboard shows that number on the indicator's row.
    html = client_as("manager").get("/programme/").content.decode()
    row = re.search(r"<tr>(?:(?!</tr>).)*Applicants per round(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None
    assert f">{applicants}<" in row.group(0)

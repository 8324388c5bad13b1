"""Benchmark of an internship round at scale: 10,000 applicants and 1,000 places.

    .venv/bin/python bench/internships.py                       # 10,000 applicants, 1,000 places
    .venv/bin/python bench/internships.py --applicants 2000 --places 200

Builds a throw-away SQLite database (migrations, the accounts and internships demos), adds a round in
the matching phase with APPLICANTS confirmed nominees from the three colleges (10 choices each) and PLACES
approved places (capacity 1 to 3), each company ranking everyone who ranked its place in tie groups of two.
Then it times a whole matching run from the database to the stored result (build the instance, solve with
explanations, store), checks and publishes it (the request, then the background task), and prints the render time (median of 5) and the query count
of the results and ranking pages.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--places", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["KAKEHASHI_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        run(args.applicants, args.places)


def run(applicants: int, places: int) -> None:
    from datetime import date

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    call_command("migrate", run_syncdb=True, verbosity=0)
    from kakehashi.accounts import demo as accounts_demo
    from kakehashi.accounts.models import Membership, Organization, Program, User
    from kakehashi.core.permissions import build_viewer
    from kakehashi.internships import demo as internships_demo
    from kakehashi.internships import services
    from kakehashi.internships.models import (
        Application,
        Choice,
        CompanyRank,
        MatchingRun,
        Nomination,
        Phase,
        Place,
        PlaceStatus,
        Round,
    )

    accounts_demo.load()
    internships_demo.load()
    program = Program.objects.get(key="jica-dx-2024")
    rng = random.Random(7)
    started = time.perf_counter()
    round_ = Round.objects.create(
        program=program,
        key="bench",
        name={"en": "Bench round"},
        internship_starts_on=date(2030, 3, 1),
        internship_ends_on=date(2030, 3, 14),
        phase=Phase.MATCHING,
    )
    companies = list(Organization.objects.filter(kind="host_company"))
    colleges = list(Organization.objects.filter(key__in=["must-kosen", "mongol-kosen", "shine-mongol-kosen"]))
    place_rows = Place.objects.bulk_create(
        (
            Place(
                round=round_,
                company=companies[i % len(companies)],
                title_en=f"Bench place {i:04d}",
                field="IoT",
                capacity=rng.randint(1, 3),
                starts_on=round_.internship_starts_on,
                ends_on=round_.internship_ends_on,
                location="Nagaoka",
                status=PlaceStatus.APPROVED,
            )
            for i in range(places)
        ),
        batch_size=1000,
    )
    users = User.objects.bulk_create(
        (
            User(email=f"bench-{i:05d}@bench.example", name_latin=f"Bench Student {i:05d}", password="!")  # noqa: S106 - unusable
            for i in range(applicants)
        ),
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=u, organization=colleges[i % 3], program=program, role="student")
            for i, u in enumerate(users)
        ),
        batch_size=1000,
    )
    now = timezone.now()
    apps = Application.objects.bulk_create(
        (
            Application(
                round=round_,
                student=u,
                college=colleges[i % 3],
                name_latin=u.name_latin,
                submitted_at=now,
                consent_at=now,
                consent_version="2025-01",
                nomination=Nomination.NOMINATED,
                confirmed_at=now,
            )
            for i, u in enumerate(users)
        ),
        batch_size=1000,
    )
    choices = []
    ranked_by: dict[int, list[int]] = {p.pk: [] for p in place_rows}
    for app in apps:
        for position, place in enumerate(rng.sample(place_rows, 10), start=1):
            choices.append(Choice(application=app, place=place, position=position))
            ranked_by[place.pk].append(app.pk)
    Choice.objects.bulk_create(choices, batch_size=5000)
    ranks = []
    for place_id, app_ids in ranked_by.items():
        rng.shuffle(app_ids)
        ranks.extend(
            CompanyRank(place_id=place_id, application_id=a, rank=i // 2 + 1) for i, a in enumerate(app_ids)
        )
    CompanyRank.objects.bulk_create(ranks, batch_size=5000)
    print(
        f"{applicants} applicants, {places} places, {len(choices)} choices, {len(ranks)} company ranks "
        f"created in {time.perf_counter() - started:.1f} s"
    )

    manager = User.objects.get(email=accounts_demo.demo_email("manager"))
    viewer = build_viewer(manager, program.pk)
    started = time.perf_counter()
    with transaction.atomic():
        data = services.build_instance(round_)
    built = time.perf_counter() - started
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        run = services.run_create(viewer=viewer, round_=round_, algorithm="da", proposing="students", seed=1)
        run.refresh_from_db()
        whole = time.perf_counter() - started
    print(f"build the instance from the database: {built * 1000:8.0f} ms")
    print(
        f"whole run (instance, solve with explanations, store): {whole * 1000:8.0f} ms, "
        f"{len(context)} queries; status {run.status}, solver {run.duration_ms} ms, "
        f"{run.summary.get('matched')} matched of {len(data['students'])}"
    )
    started = time.perf_counter()
    services.run_check(viewer=viewer, run=run)
    print(f"independent check: {(time.perf_counter() - started) * 1000:8.0f} ms")
    from django.core import mail

    from kakehashi.internships import tasks

    # The request only queues the publication; the task (run at the commit by the immediate backend of
    # the tests' settings) makes the placements and notifications, then queues the emails, timed apart.
    marks: list[float] = []
    email_batches: list[list[int]] = []
    real_emails = tasks.send_notification_emails
    tasks.send_notification_emails = type(  # type: ignore[assignment]
        "Recorder",
        (),
        {"enqueue": staticmethod(lambda ids: (marks.append(time.perf_counter()), email_batches.append(ids)))},
    )()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            # Registered first, so it runs at the commit, before the publication task.
            transaction.on_commit(lambda: marks.append(time.perf_counter()))
            # As the page does: the run without its (large) input and result.
            services.run_publish(
                viewer=viewer, run=MatchingRun.objects.defer("instance", "result", "digest").get(pk=run.pk)
            )
    finally:
        tasks.send_notification_emails = real_emails
    run.refresh_from_db()
    print(f"publish, the request (checks, queued, committed): {(marks[0] - started) * 1000:8.0f} ms")
    print(
        f"publish, the background task (placements and notifications): {(marks[1] - marks[0]) * 1000:8.0f} ms"
        f"; publication {run.publication_status}"
    )
    started = time.perf_counter()
    for ids in email_batches:
        services.notification_emails_send(notification_ids=ids)
    print(
        f"then the notification email task: {(time.perf_counter() - started) * 1000:8.0f} ms "
        f"({len(mail.outbox)} emails; a background task in production)"
    )

    student = apps[0].student
    company_admin = User.objects.get(email=accounts_demo.demo_email("company"))
    pages = [
        (manager, f"/rounds/{round_.pk}/result/", "results page, program office (100 a page)"),
        (company_admin, f"/rounds/{round_.pk}/result/", "results page, company"),
        (student, f"/rounds/{round_.pk}/result/", "results page, student (with explanation)"),
        (student, f"/rounds/{round_.pk}/ranking/", "ranking page, student"),
        (manager, f"/rounds/runs/{run.pk}/", "run page with statistics"),
    ]
    Membership.objects.get_or_create(user=student, organization=colleges[0], program=program, role="student")
    for user, url, label in pages:
        client = Client()
        client.cookies["kakehashi_language"] = "en"
        client.force_login(user)
        client.get(url)
        timings = []
        queries = 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(context)
        print(f"{label:48} {statistics.median(timings) * 1000:8.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()

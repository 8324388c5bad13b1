"""Publication in the background, caps per college, daily deadline reminders and the consent on the form."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kakehashi.internships import selectors, services, tasks
from kakehashi.internships.models import (
    Application,
    DeadlineReminder,
    MatchingRun,
    Phase,
    Placement,
    RoundPhase,
    RunStatus,
)
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_run(
    small_round: SmallRound, django_capture_on_commit_callbacks: Callable[..., object]
) -> MatchingRun:
    anujin = small_round.applicant("Anujin Dorj", "must-kosen", [small_round.place, small_round.other])
    bilguun = small_round.applicant("Bilguun Lkhagva", "mongol-kosen", [small_round.place])
    small_round.rank(small_round.place, (anujin, 1), (bilguun, 2))
    small_round.rank(small_round.other, (anujin, 1))
    small_round.phase(Phase.MATCHING)
    manager = small_round.viewer_of("manager")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = services.run_create(
            viewer=manager, round_=small_round.round, algorithm="da", proposing="students", seed=1
        )
    run.refresh_from_db()
    services.run_check(viewer=manager, run=run)
    return run


def test_publishing_is_queued_in_the_request_and_done_by_the_task(
    small_round: SmallRound,
    checked_run: MatchingRun,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    manager = small_round.viewer_of("manager")
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        services.run_publish(viewer=manager, run=checked_run)
    checked_run.refresh_from_db()
    # In the request: only the order; nothing is published yet.
    assert checked_run.publication_status == RunStatus.QUEUED
    assert checked_run.published_at is None
    assert not Placement.objects.filter(round=small_round.round).exists()
    with pytest.raises(ValidationError, match="being published"):
        services.run_publish(viewer=manager, run=checked_run)
    # After the commit, the task (immediate in the tests) publishes.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for callback in callbacks:
            callback()
    checked_run.refresh_from_db()
    assert checked_run.publication_status == RunStatus.DONE
    assert checked_run.publication_progress == 100
    assert checked_run.published_at is not None
    assert Placement.objects.filter(run=checked_run).count() == 1
    small_round.round.refresh_from_db()
    assert small_round.round.phase == Phase.RESULTS
    assert Notification.objects.filter(
        about=f"round:{small_round.round.pk}", event="internships.result_published"
    ).exists()
    # Running the task again changes nothing.
    tasks.publish_run.call(checked_run.pk)
    assert Placement.objects.filter(run=checked_run).count() == 1


def test_bad_publications_are_refused_at_once_with_a_clear_message(
    small_round: SmallRound, checked_run: MatchingRun, client_as: Callable[..., Client]
) -> None:
    MatchingRun.objects.filter(pk=checked_run.pk).update(checked_at=None)
    client = client_as("manager")
    response = client.post(f"/rounds/runs/{checked_run.pk}/publish/", follow=True)
    assert "Check the run before you publish it." in response.content.decode()
    checked_run.refresh_from_db()
    assert checked_run.publication_status == ""
    MatchingRun.objects.filter(pk=checked_run.pk).update(
        checked_at=timezone.now(), published_at=timezone.now()
    )
    response = client.post(f"/rounds/runs/{checked_run.pk}/publish/", follow=True)
    assert "This run is already published." in response.content.decode()
    assert not Placement.objects.filter(round=small_round.round).exists()


def test_the_run_page_follows_the_publication_with_htmx(
    small_round: SmallRound,
    checked_run: MatchingRun,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = client_as("manager")
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        response = client.post(f"/rounds/runs/{checked_run.pk}/publish/", follow=True)
    page = response.content.decode()
    assert "The publication has started" in page
    assert "Publication: Queued" in page
    assert 'hx-trigger="every 2s"' in page
    polled = client.get(f"/rounds/runs/{checked_run.pk}/", headers={"HX-Request": "true"})
    assert b"<html" not in polled.content
    assert b"Publication: Queued" in polled.content
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for callback in callbacks:
            callback()
    polled = client.get(f"/rounds/runs/{checked_run.pk}/", headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    page = client.get(f"/rounds/runs/{checked_run.pk}/").content.decode()
    assert "Publication: Done" in page
    assert "Published on" in page


def test_a_publication_that_fails_in_the_task_says_why(
    small_round: SmallRound,
    checked_run: MatchingRun,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        services.run_publish(viewer=small_round.viewer_of("manager"), run=checked_run)
    small_round.phase(Phase.RANKINGS)  # the office moved the round back meanwhile
    for callback in callbacks:
        callback()
    checked_run.refresh_from_db()
    assert checked_run.publication_status == RunStatus.FAILED
    assert "only in the phase it was made for" in checked_run.publication_error
    assert checked_run.published_at is None
    assert not Placement.objects.filter(round=small_round.round).exists()


# --- deadline reminders ------------------------------------------------------------------------------


def test_the_deadline_reminder_task_sends_once_a_day(small_round: SmallRound) -> None:
    small_round.phase(Phase.APPLICATIONS)
    RoundPhase.objects.filter(round=small_round.round, phase=Phase.APPLICATIONS).update(
        ends_on=timezone.localdate() + timedelta(days=2)
    )
    sent = tasks.send_deadline_reminders.call()
    assert sent > 0
    notes = Notification.objects.filter(about=f"round:{small_round.round.pk}", event="internships.deadline")
    assert notes.count() == sent
    assert tasks.send_deadline_reminders.call() == 0  # the same day again: nothing twice
    assert notes.count() == sent
    assert DeadlineReminder.objects.filter(round=small_round.round, phase=Phase.APPLICATIONS).count() == 1
    # The next day is another reminder (were the phase still ending in two days).
    assert services.deadline_reminders(on=timezone.localdate() + timedelta(days=1)) == 0
    RoundPhase.objects.filter(round=small_round.round, phase=Phase.APPLICATIONS).update(
        ends_on=timezone.localdate() + timedelta(days=3)
    )
    assert services.deadline_reminders(on=timezone.localdate() + timedelta(days=1)) == sent


# --- consent on the application form -----------------------------------------------------------------


def test_the_form_without_consent_refuses_to_submit_and_links_to_the_consent_page(
    client_as: Callable[..., Client],
) -> None:
    client = client_as("student")
    student = Application.objects.get(
        round__key="2026-03", student__email="student@demo.kakehashi.example"
    ).student
    privacy.consent_withdraw(user=student, kind=ConsentKind.CROSS_BORDER_TRANSFER)
    application = Application.objects.get(round__key="2026-03", student=student)
    url = f"/rounds/{application.round_id}/apply/"
    page = client.get(url).content.decode()
    assert 'name="consent"' in page
    assert 'href="/privacy/consent/"' in page
    form = {
        "family_name_latin": "Baatar",
        "given_name_latin": "Nomin",
        "year": "4",
        "japanese_level": "N4",
        "submit": "1",
    }
    refused = client.post(url, form).content.decode()
    assert "/privacy/consent/" in refused
    application.refresh_from_db()
    assert application.submitted_at is None
    client.post(url, {**form, "consent": "yes"})
    application.refresh_from_db()
    assert application.submitted_at is not None
    consent = privacy.active_consent(student, ConsentKind.CROSS_BORDER_TRANSFER)
    assert consent is not None
    assert application.consent_version == f"privacy-v{consent.text.version}"
    assert 'name="consent"' not in client.get(url).content.decode()


# --- caps per college --------------------------------------------------------------------------------


def test_each_college_has_its_own_cap_and_the_run_obeys_them(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    big = small_round.make_place(small_round.seiki, "Big place", capacity=4)
    must = [small_round.applicant(f"Must {i}", "must-kosen", [big]) for i in range(3)]
    mongol = [small_round.applicant(f"Mongol {i}", "mongol-kosen", [big]) for i in range(3)]
    small_round.rank(big, *[(application, 1) for application in must + mongol])
    small_round.phase(Phase.MATCHING)
    client = client_as("manager")
    page = client.get(f"/rounds/{small_round.round.pk}/runs/").content.decode()
    assert 'name="cap-must-kosen"' in page
    assert 'name="cap-mongol-kosen"' in page
    assert 'name="cap-shine-mongol-kosen"' not in page  # no nominee of that college
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(
            f"/rounds/{small_round.round.pk}/runs/",
            {
                "algorithm": "da",
                "proposing": "students",
                "seed": "3",
                "cap-must-kosen": "1",
                "cap-mongol-kosen": "2",
            },
        )
    run = MatchingRun.objects.get(round=small_round.round)
    assert run.college_caps == {"must-kosen": 1, "mongol-kosen": 2}  # kept with the run
    entry = next(p for p in run.instance["places"] if p["id"] == big.key)
    assert entry["group_caps"] == {"must-kosen": 1, "mongol-kosen": 2}
    assert run.status == RunStatus.DONE
    placed = [student for student, place in selectors.run_assignment(run).items() if place == big.key]
    assert sum(1 for a in must if a.key in placed) == 1
    assert sum(1 for a in mongol if a.key in placed) == 2
    page = client.get(f"/rounds/runs/{run.pk}/").content.decode()
    name = must[0].college.name["en"]
    assert f"at most 1 of {name} per place" in page


def test_a_college_without_a_cap_is_not_capped(small_round: SmallRound) -> None:
    big = small_round.make_place(small_round.seiki, "Big place", capacity=3)
    for i in range(3):
        small_round.applicant(f"Must {i}", "must-kosen", [big])
    small_round.applicant("Mongol", "mongol-kosen", [big])
    data = services.build_instance(small_round.round, college_caps={"mongol-kosen": 1, "elsewhere": 2})
    entry = next(p for p in data["places"] if p["id"] == big.key)
    assert entry["group_caps"] == {"mongol-kosen": 1}


# --- the company's page of applicants it ranked who were not placed --------------------------------


def test_the_company_sees_whom_it_ranked_but_did_not_get_and_nothing_about_other_companies(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    anujin = small_round.applicant("Anujin Dorj", "must-kosen", [small_round.place, small_round.other])
    bilguun = small_round.applicant("Bilguun Lkhagva", "mongol-kosen", [small_round.other, small_round.place])
    small_round.rank(small_round.place, (anujin, 1), (bilguun, 2))
    small_round.rank(small_round.other, (bilguun, 1))
    small_round.phase(Phase.MATCHING)
    client = client_as("company")
    url = f"/rounds/places/{small_round.place.pk}/not-placed/"
    assert "The results are not published yet." in client.get(url).content.decode()
    manager = small_round.viewer_of("manager")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = services.run_create(
            viewer=manager, round_=small_round.round, algorithm="da", proposing="students", seed=1
        )
    run.refresh_from_db()
    services.run_check(viewer=manager, run=run)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.run_publish(viewer=manager, run=run)
    page = client.get(url).content.decode()
    assert "Bilguun Lkhagva" in page  # ranked 2nd here, placed at the other company
    assert "<td>2</td>" in page  # the company's rank and the place's position in Bilguun's ranking
    assert "Anujin Dorj" not in page  # placed here
    assert "CNC machining" not in page
    assert "Echigo" not in page
    found = client.get(url, {"q": "anujin"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in found
    assert "Everyone you ranked for this place was placed there" in found
    assert client.get(f"/rounds/places/{small_round.other.pk}/not-placed/").status_code == 404
    assert f'href="{url}"' in client.get(f"/rounds/places/{small_round.place.pk}/").content.decode()

from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from kakehashi.accounts.models import Organization
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Phase,
    Place,
    Placement,
    PlaceStatus,
    Round,
    RunStatus,
)
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _open_round() -> Round:
    return Round.objects.get(program__key="jica-dx-2024", key="2026-03")


def test_the_student_moves_a_place_up_with_a_button_and_htmx(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    client = client_as("student")
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    first, second = list(Choice.objects.filter(application=application).order_by("position"))
    response = client.post(
        f"/rounds/{round_.pk}/ranking/",
        {"action": "up", "place": second.place_id},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b'id="ranking"' in response.content
    assert b"<html" not in response.content
    order = list(
        Choice.objects.filter(application=application).order_by("position").values_list("place_id", flat=True)
    )
    assert order == [second.place_id, first.place_id]


def test_ranking_a_place_twice_through_the_page_shows_a_message(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    ranked = Choice.objects.filter(application=application).first()
    assert ranked is not None
    response = client_as("student").post(
        f"/rounds/{round_.pk}/ranking/", {"action": "add", "place": ranked.place_id}, follow=True
    )
    assert "You already ranked this place." in response.content.decode()
    assert Choice.objects.filter(application=application).count() == 2


def _add_places_and_choices(round_: Round, application: Application, count: int) -> None:
    company = Organization.objects.get(key="yukiguni-it")
    places = Place.objects.bulk_create(
        Place(
            round=round_,
            company=company,
            title={"en": f"Place {i}"},
            field="IT",
            starts_on=round_.internship_starts_on,
            ends_on=round_.internship_ends_on,
            location="Nagaoka",
            status=PlaceStatus.APPROVED,
        )
        for i in range(count)
    )
    start = Choice.objects.filter(application=application).count()
    Choice.objects.bulk_create(
        Choice(application=application, place=place, position=start + i + 1) for i, place in enumerate(places)
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_ranking_page_keeps_its_query_count_whatever_the_rounds_size(
    client_as: Callable[..., Client],
) -> None:
    round_ = _open_round()
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    client = client_as("student")
    url = f"/rounds/{round_.pk}/ranking/"
    client.get(url)
    _add_places_and_choices(round_, application, 3)
    small = _queries(client, url)
    _add_places_and_choices(round_, application, 60)
    assert _queries(client, url) == small
    assert small <= 15


def _published_round(small_round: SmallRound, applicants: int, prefix: str) -> None:
    run = MatchingRun.objects.create(
        round=small_round.round,
        status=RunStatus.DONE,
        stable=True,
        checked_at=timezone.now(),
        published_at=timezone.now(),
    )
    company = Organization.objects.get(key="nagaoka-seiki")
    for i in range(applicants):
        place = small_round.make_place(company, f"Extra {i}")
        application = small_round.applicant(f"Intern {prefix} {i} {applicants}", places=[place])
        Placement.objects.create(round=small_round.round, run=run, application=application, place=place)


def test_the_results_page_keeps_its_query_count_whatever_the_rounds_size(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    small_round.phase(Phase.RESULTS)
    url = f"/rounds/{small_round.round.pk}/result/"
    counts = {}
    for key in ("manager", "company"):
        client = client_as(key)
        client.get(url)
        _published_round(small_round, 3, key)
        small = _queries(client, url)
        _published_round(small_round, 40, key)
        counts[key] = (small, _queries(client, url))
    assert counts["manager"][0] == counts["manager"][1]
    assert counts["company"][0] == counts["company"][1]
    assert max(counts["manager"]) <= 15


def test_the_company_ranking_page_keeps_its_query_count(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    client = client_as("company")
    url = f"/rounds/places/{small_round.place.pk}/ranking/"
    small_round.applicant("First One", places=[small_round.place])
    client.get(url)
    small = _queries(client, url)
    for i in range(30):
        application = small_round.applicant(f"Other {i}", places=[small_round.place])
        CompanyRank.objects.create(place=small_round.place, application=application, rank=i // 2 + 1)
    assert _queries(client, url) == small


def test_the_company_saves_ranks_with_ties_through_the_page(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    a = small_round.applicant("Anujin Dorj", places=[small_round.place])
    b = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    small_round.phase(Phase.RANKINGS)
    client_as("company").post(
        f"/rounds/places/{small_round.place.pk}/ranking/", {f"rank-{a.pk}": "1", f"rank-{b.pk}": "1"}
    )
    assert set(CompanyRank.objects.filter(place=small_round.place).values_list("rank", flat=True)) == {1}


def test_the_run_status_is_polled_with_htmx_until_it_finishes(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    run = MatchingRun.objects.create(round=small_round.round, status=RunStatus.RUNNING, progress=10)
    client = client_as("manager")
    response = client.get(f"/rounds/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in response.content
    assert b"<html" not in response.content
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100)
    response = client.get(f"/rounds/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


def test_the_round_exports_to_excel(client_as: Callable[..., Client]) -> None:
    round_ = Round.objects.get(program__key="jica-dx-2024", key="2025-03")
    response = client_as("manager").get(f"/rounds/{round_.pk}/export.xlsx")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Applicants by college", "Applicants by company", "Placements"]
    assert book["Placements"].max_row == 11  # a header and ten interns


def test_the_api_gives_the_student_their_ranking_and_the_office_statistics(
    client_as: Callable[..., Client],
) -> None:
    round_ = _open_round()
    ranking = client_as("student").get(f"/api/v1/rounds/{round_.pk}/ranking").json()
    assert [c["position"] for c in ranking] == [1, 2]
    finished = Round.objects.get(program__key="jica-dx-2024", key="2025-03")
    stats = client_as("manager").get(f"/api/v1/rounds/{finished.pk}/statistics").json()
    assert stats["counts"]["accepted"] == 10
    assert client_as("company").get(f"/api/v1/rounds/{finished.pk}/statistics").status_code == 403


def test_a_round_is_created_with_planned_phase_dates(client_as: Callable[..., Client]) -> None:
    response = client_as("manager").post(
        "/rounds/new/",
        {
            "name_en": "March 2027",
            "name_mn": "2027 оны 3-р сарын ээлж",
            "key": "2027-03",
            "internship_starts_on": "2027-03-01",
            "internship_ends_on": "2027-03-12",
        },
    )
    round_ = Round.objects.get(key="2027-03")
    assert response.status_code == 302
    assert round_.phases.count() == 9
    assert max(p.ends_on for p in round_.phases.all()) < date(2027, 3, 1)


def test_the_application_form_refuses_a_cv_that_is_not_a_pdf(client_as: Callable[..., Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = _open_round()
    response = client_as("student").post(
        f"/rounds/{round_.pk}/apply/",
        {
            "family_name_latin": "Baatar",
            "given_name_latin": "Nomin-Erdene",
            "year": "4",
            "japanese_level": "N4",
            "cv_upload": SimpleUploadedFile("cv.pdf", b"GIF89a", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "does not match its name" in response.content.decode()
    assert not Application.objects.get(round=round_, student__email="student@demo.kakehashi.example").cv


def test_two_runs_are_compared_side_by_side(
    small_round: SmallRound,
    client_as: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    from kakehashi.internships import services

    a = small_round.applicant("Anujin Dorj", places=[small_round.place, small_round.other])
    b = small_round.applicant("Bilguun Lkhagva", places=[small_round.place, small_round.other])
    small_round.rank(small_round.place, (a, 1), (b, 1))
    small_round.rank(small_round.other, (a, 1), (b, 1))
    small_round.phase(Phase.MATCHING)
    runs = []
    for seed in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            runs.append(
                services.run_create(
                    viewer=small_round.viewer_of("manager"),
                    round_=small_round.round,
                    algorithm="da",
                    proposing="students",
                    seed=seed,
                )
            )
    response = client_as("manager").get(
        f"/rounds/{small_round.round.pk}/runs/compare/?a={runs[0].pk}&b={runs[1].pk}"
    )
    assert response.status_code == 200
    assert len(response.context["comparison"]["rows"]) == 2
    assert "2 of 2 students matched" in response.content.decode()
    detail = client_as("manager").get(f"/rounds/runs/{runs[0].pk}/")
    assert "By college" in detail.content.decode()


def test_notifications_are_listed_and_marked_read(
    client_as: Callable[..., Client], small_round: SmallRound
) -> None:
    from kakehashi.internships import services

    services.round_set_phase(
        viewer=small_round.viewer_of("manager"), round_=small_round.round, phase=Phase.APPLICATIONS
    )
    client = client_as("student")
    assert client.get("/rounds/notifications/").url == "/notifications/"
    assert "Test round" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")

    assert not Notification.objects.filter(
        user__email="student@demo.kakehashi.example", read_at__isnull=True
    ).exists()


def test_a_refused_change_is_explained_inside_the_htmx_partial(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    ranked = Choice.objects.filter(application=application).first()
    assert ranked is not None
    response = client_as("student").post(
        f"/rounds/{round_.pk}/ranking/",
        {"action": "add", "place": ranked.place_id},
        headers={"HX-Request": "true"},
    )
    assert "You already ranked this place." in response.content.decode()
    assert b"<html" not in response.content


@pytest.mark.parametrize(
    ("key", "page"), [("manager", "applicants"), ("teacher", "applicants"), ("student", "places")]
)
def test_list_pages_keep_their_query_count(
    small_round: SmallRound, client_as: Callable[..., Client], key: str, page: str
) -> None:
    client = client_as(key)
    url = f"/rounds/{small_round.round.pk}/{page}/"
    small_round.applicant("First One", places=[small_round.place])
    client.get(url)
    small = _queries(client, url)
    for i in range(25):
        small_round.applicant(f"Many {i}", places=[small_round.place])
        small_round.make_place(small_round.seiki, f"More {i}")
    client.get(url)  # the applicant count is cached again (the new applications forgot it)
    assert _queries(client, url) == small
    assert small <= 15


def test_the_applicant_count_is_cached_until_an_application_changes(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    small_round.applicant("First One", places=[small_round.place])
    client = client_as("manager")
    url = f"/rounds/{small_round.round.pk}/applicants/"
    client.get(url)
    # Cached: the page counts nothing more on its next view.
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert not [q for q in captured if "COUNT(" in q["sql"]]
    # A new application forgets the count: the next page counts again and shows the new one.
    small_round.applicant("Second One", places=[small_round.place])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert [q for q in captured if "COUNT(" in q["sql"]]
    assert "Second" in page
    # A search is counted each time (its words are the viewer's own).
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"q": "First"})
    assert [q for q in captured if "COUNT(" in q["sql"]]


def test_the_api_gives_the_students_application_name_in_parts(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    answer = client_as("student", "mn").get(f"/api/v1/rounds/{round_.pk}/application").json()
    assert answer["name_latin"] == application.name_latin  # kept for existing clients
    assert answer["name"]["family_latin"] == application.family_name_latin
    assert answer["name"]["given_latin"] == application.given_name_latin
    assert answer["name"]["family_local"] == application.family_name_local
    assert answer["name"]["given_local"] == application.given_name_local
    assert answer["name"]["display"] == application.name_cyrillic  # an mn caller: the Cyrillic name


def test_the_application_form_asks_for_the_name_in_parts(client_as: Callable[..., Client]) -> None:
    round_ = _open_round()
    page = client_as("student").get(f"/rounds/{round_.pk}/apply/").content.decode()
    for field in ("family_name_latin", "given_name_latin", "family_name_local", "given_name_local"):
        assert f'name="{field}"' in page
    assert 'name="name_latin"' not in page
    # en: the given name's input comes first.
    assert page.index('name="given_name_latin"') < page.index('name="family_name_latin"')

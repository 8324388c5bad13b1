from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext

from kakehashi.internships import selectors, services
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    RoundPhase,
    RunKind,
    RunStatus,
)
from kakehashi.internships.signals import placement_accepted
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Notification
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind

pytestmark = pytest.mark.django_db


# --- rounds and phases -------------------------------------------------------------------------------


def test_the_program_office_opens_phases_and_the_people_concerned_are_told(small_round: SmallRound) -> None:
    services.round_set_phase(
        viewer=small_round.viewer_of("manager"), round_=small_round.round, phase=Phase.PLACES
    )
    assert small_round.round.phase == Phase.PLACES
    notes = Notification.objects.filter(
        about=f"round:{small_round.round.pk}", event="internships.phase_opened"
    )
    company_note = notes.get(user__email="company@demo.kakehashi.example")  # prefers Japanese
    with translation.override("ja"):
        expected = gettext("%(round)s: the phase “%(phase)s” is open.") % {
            "round": "Test round",
            "phase": Phase.PLACES.label,
        }
    assert company_note.text == expected
    assert RoundPhase.objects.filter(round=small_round.round).count() == 9


def test_only_the_program_manager_moves_phases(small_round: SmallRound) -> None:
    with pytest.raises(PermissionDenied):
        services.round_set_phase(
            viewer=small_round.viewer_of("company"), round_=small_round.round, phase=Phase.PLACES
        )


# --- places ------------------------------------------------------------------------------------------


def _new_place(small_round: SmallRound) -> Place:
    return Place(
        round=small_round.round,
        company=small_round.seiki,
        title={"en": "Robot cell"},
        field="Robotics",
        capacity=2,
        starts_on=small_round.round.internship_starts_on,
        ends_on=small_round.round.internship_ends_on,
        location="Nagaoka",
    )


def test_a_company_writes_a_place_and_the_office_returns_then_approves_it(small_round: SmallRound) -> None:
    small_round.phase(Phase.PLACES)
    place = services.place_save(viewer=small_round.viewer_of("company"), place=_new_place(small_round))
    assert place.status == PlaceStatus.SUBMITTED
    manager = small_round.viewer_of("manager")
    with pytest.raises(ValidationError):
        services.place_review(viewer=manager, place=place, approve=False, reason=" ")
    services.place_review(viewer=manager, place=place, approve=False, reason="Add the Japanese title.")
    assert place.status == PlaceStatus.RETURNED
    place.title = {**place.title, "ja": "ロボットセル"}
    services.place_save(viewer=small_round.viewer_of("company"), place=place)
    assert place.status == PlaceStatus.SUBMITTED
    assert place.return_reason == ""
    services.place_review(viewer=manager, place=place, approve=True)
    assert Place.objects.get(pk=place.pk).status == PlaceStatus.APPROVED


def test_a_company_that_is_not_ready_cannot_offer_a_place(
    small_round: SmallRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_round.phase(Phase.PLACES)
    monkeypatch.setattr(services.places, "company_is_ready", lambda company: False)
    with pytest.raises(ValidationError):
        services.place_save(viewer=small_round.viewer_of("company"), place=_new_place(small_round))


def test_places_are_written_only_while_places_are_open(small_round: SmallRound) -> None:
    small_round.phase(Phase.APPLICATIONS)
    with pytest.raises(PermissionDenied):
        services.place_save(viewer=small_round.viewer_of("company"), place=_new_place(small_round))


# --- applications and rankings -----------------------------------------------------------------------

PROFILE = {"name_latin": "Nomin-Erdene Baatar", "name_cyrillic": "Номин-Эрдэнэ Баатар", "year": 4}


def test_a_student_applies_with_consent_and_a_pdf_cv(small_round: SmallRound) -> None:
    small_round.phase(Phase.APPLICATIONS)
    student = small_round.viewer_of("student")
    privacy.consent_withdraw(user=student.user, kind=ConsentKind.CROSS_BORDER_TRANSFER)
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 a cv\n%%EOF\n", content_type="application/pdf")
    application = services.application_save(
        viewer=student, round_=small_round.round, data=PROFILE, cv=cv, consent=True
    )
    # The consent is given through the privacy app, with its current text, and noted on the application.
    consent = privacy.active_consent(student.user, ConsentKind.CROSS_BORDER_TRANSFER)
    assert consent is not None
    assert application.consent_version == f"privacy-v{consent.text.version}"
    assert application.consent_at == consent.given_at
    assert application.college.key == "must-kosen"
    with pytest.raises(ValidationError):
        services.application_submit(viewer=student, application=application)  # nothing ranked yet
    services.ranking_add(viewer=student, application=application, place=small_round.place)
    services.application_submit(viewer=student, application=application)
    assert application.submitted_at is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"MZ not a pdf", "not accepted"), (b"%PDF-" + b"x" * (5 * 1024 * 1024), "larger than 5 MB")],
)
def test_a_cv_is_checked_by_its_content_and_size(
    small_round: SmallRound, content: bytes, message: str
) -> None:
    small_round.phase(Phase.APPLICATIONS)
    cv = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match=message):
        services.application_save(
            viewer=small_round.viewer_of("student"), round_=small_round.round, data=PROFILE, cv=cv
        )
    assert not Application.objects.filter(round=small_round.round).exists()


def test_submitting_needs_the_privacy_consent_and_says_where_to_give_it(small_round: SmallRound) -> None:
    small_round.phase(Phase.APPLICATIONS)
    student = small_round.viewer_of("student")
    privacy.consent_withdraw(user=student.user, kind=ConsentKind.CROSS_BORDER_TRANSFER)
    application = services.application_save(viewer=student, round_=small_round.round, data=PROFILE)
    services.ranking_add(viewer=student, application=application, place=small_round.place)
    with pytest.raises(ValidationError, match="/privacy/consent/"):
        services.application_submit(viewer=student, application=application)
    application.refresh_from_db()
    assert application.submitted_at is None
    # Given on the privacy page (not on the form): the submission then goes through and is noted.
    text = privacy.current_text(ConsentKind.CROSS_BORDER_TRANSFER)
    assert text is not None
    privacy.consent_give(user=student.user, text=text)
    services.application_submit(viewer=student, application=application)
    application.refresh_from_db()
    assert application.submitted_at is not None
    assert application.consent_version == f"privacy-v{text.version}"


@pytest.fixture
def draft(small_round: SmallRound) -> Application:
    small_round.phase(Phase.APPLICATIONS)
    student = small_round.viewer_of("student")
    application = services.application_save(
        viewer=student, round_=small_round.round, data=PROFILE, consent=True
    )
    services.ranking_add(viewer=student, application=application, place=small_round.place)
    services.ranking_add(viewer=student, application=application, place=small_round.other)
    return application


def _ranking(application: Application) -> list[int]:
    return list(
        Choice.objects.filter(application=application).order_by("position").values_list("place_id", flat=True)
    )


def test_a_student_reorders_the_ranking_with_up_and_down(small_round: SmallRound, draft: Application) -> None:
    student = small_round.viewer_of("student")
    services.ranking_move(viewer=student, application=draft, place_id=small_round.other.pk, direction="up")
    assert _ranking(draft) == [small_round.other.pk, small_round.place.pk]
    services.ranking_move(viewer=student, application=draft, place_id=small_round.other.pk, direction="down")
    assert _ranking(draft) == [small_round.place.pk, small_round.other.pk]
    services.ranking_remove(viewer=student, application=draft, place_id=small_round.place.pk)
    assert list(draft.choices.values_list("position", flat=True)) == [1]


def test_ranking_a_place_twice_is_refused(small_round: SmallRound, draft: Application) -> None:
    with pytest.raises(ValidationError, match="already ranked"):
        services.ranking_add(
            viewer=small_round.viewer_of("student"), application=draft, place=small_round.place
        )
    assert _ranking(draft) == [small_round.place.pk, small_round.other.pk]


def test_ranking_a_place_of_another_round_is_refused(small_round: SmallRound, draft: Application) -> None:
    elsewhere = Place.objects.filter(status=PlaceStatus.APPROVED).exclude(round=small_round.round).first()
    assert elsewhere is not None
    with pytest.raises(ValidationError, match="another round"):
        services.ranking_add(viewer=small_round.viewer_of("student"), application=draft, place=elsewhere)
    assert _ranking(draft) == [small_round.place.pk, small_round.other.pk]


def test_the_ranking_cannot_change_after_the_deadline(small_round: SmallRound, draft: Application) -> None:
    student = small_round.viewer_of("student")
    RoundPhase.objects.filter(round=small_round.round, phase=Phase.APPLICATIONS).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.ranking_move(
            viewer=student, application=draft, place_id=small_round.other.pk, direction="up"
        )
    small_round.phase(Phase.SCREENING)
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.ranking_remove(viewer=student, application=draft, place_id=small_round.place.pk)
    assert _ranking(draft) == [small_round.place.pk, small_round.other.pk]


# --- screening and what companies see ----------------------------------------------------------------


def test_a_teacher_nominates_own_students_and_the_ngo_confirms(small_round: SmallRound) -> None:
    must = small_round.applicant("Anujin Dorj", "must-kosen", [small_round.place], confirmed=False)
    mongol = small_round.applicant("Bilguun Lkhagva", "mongol-kosen", [small_round.place], confirmed=False)
    small_round.phase(Phase.SCREENING)
    teacher = small_round.viewer_of("teacher")
    with pytest.raises(Http404):
        selectors.application_for(teacher, mongol.pk)
    with pytest.raises(PermissionDenied):
        services.nomination_decide(viewer=teacher, application=mongol, nominate=True, reason="Good.")
    with pytest.raises(ValidationError):
        services.nomination_decide(viewer=teacher, application=must, nominate=True, reason="")
    services.nomination_decide(viewer=teacher, application=must, nominate=True, reason="Top of the class.")
    assert Notification.objects.filter(user=must.student, event="internships.nominated").exists()
    company = small_round.viewer_of("company")
    assert must not in selectors.applications_visible_to(company, small_round.round)  # not confirmed yet
    with pytest.raises(PermissionDenied):
        services.nomination_confirm(viewer=teacher, application=must)
    services.nomination_confirm(viewer=small_round.viewer_of("ngo"), application=must)
    assert list(selectors.applications_visible_to(company, small_round.round)) == [must]


def test_a_company_sees_only_nominees_who_ranked_its_places(small_round: SmallRound) -> None:
    ours = small_round.applicant("Anujin Dorj", places=[small_round.place])
    theirs = small_round.applicant("Bilguun Lkhagva", places=[small_round.other])
    small_round.applicant("Khulan Batsukh", places=[small_round.place], confirmed=False)
    company = small_round.viewer_of("company")
    assert list(selectors.applications_visible_to(company, small_round.round)) == [ours]
    with pytest.raises(Http404):
        selectors.application_for(company, theirs.pk)
    with pytest.raises(Http404):
        selectors.own_place_for(company, small_round.other.pk)
    # The company sees its own line of the student's ranking, not the others.
    both = small_round.applicant("Maral Chuluun", places=[small_round.other, small_round.place])
    assert [c.place_id for c in selectors.visible_choices(company, both)] == [small_round.place.pk]


def test_a_company_ranks_with_ties_but_not_students_not_nominated_to_it(small_round: SmallRound) -> None:
    a = small_round.applicant("Anujin Dorj", places=[small_round.place])
    b = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    pending = small_round.applicant("Khulan Batsukh", places=[small_round.place], confirmed=False)
    other = small_round.applicant("Maral Chuluun", places=[small_round.other])
    small_round.phase(Phase.RANKINGS)
    company = small_round.viewer_of("company")
    services.company_ranking_save(viewer=company, place=small_round.place, ranks={a.pk: 1, b.pk: 1})
    for stranger in (pending, other):
        with pytest.raises(ValidationError, match="confirmed nominees"):
            services.company_ranking_save(
                viewer=company, place=small_round.place, ranks={a.pk: 2, stranger.pk: 1}
            )
    assert dict(
        CompanyRank.objects.filter(place=small_round.place).values_list("application_id", "rank")
    ) == {
        a.pk: 1,
        b.pk: 1,
    }
    data = services.build_instance(small_round.round)
    place = next(p for p in data["places"] if p["id"] == small_round.place.key)
    assert place["ranking"] == [sorted([a.key, b.key])]


def test_company_rankings_cannot_change_after_the_rankings_phase(small_round: SmallRound) -> None:
    a = small_round.applicant("Anujin Dorj", places=[small_round.place])
    small_round.phase(Phase.MATCHING)
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.company_ranking_save(
            viewer=small_round.viewer_of("company"), place=small_round.place, ranks={a.pk: 1}
        )
    assert not CompanyRank.objects.filter(place=small_round.place).exists()


# --- matching runs, publication, acceptance and the second run ---------------------------------------


@pytest.fixture
def matched(small_round: SmallRound) -> dict[str, Application]:
    """Three nominees for two one-seat places: Anujin and Bilguun both want Seiki first."""
    anujin = small_round.applicant("Anujin Dorj", "must-kosen", [small_round.place, small_round.other])
    bilguun = small_round.applicant("Bilguun Lkhagva", "mongol-kosen", [small_round.place, small_round.other])
    khulan = small_round.applicant("Khulan Batsukh", "shine-mongol-kosen", [small_round.other])
    small_round.rank(small_round.place, (anujin, 1), (bilguun, 2))
    small_round.rank(small_round.other, (khulan, 1), (bilguun, 2), (anujin, 3))
    small_round.phase(Phase.MATCHING)
    return {"anujin": anujin, "bilguun": bilguun, "khulan": khulan}


def _run(small_round: SmallRound, **options: object) -> MatchingRun:
    run = services.run_create(
        viewer=small_round.viewer_of("manager"),
        round_=small_round.round,
        algorithm=str(options.get("algorithm", "da")),
        proposing=str(options.get("proposing", "students")),
        seed=int(options.get("seed", 1)),  # type: ignore[call-overload]
    )
    run.refresh_from_db()
    return run


def test_a_run_stores_its_input_and_result_and_explains_it(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = _run(small_round)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.stable
    assert run.instance["students"][0]["group"] in {"must-kosen", "mongol-kosen", "shine-mongol-kosen"}
    assignment = selectors.run_assignment(run)
    assert assignment[matched["anujin"].key] == small_round.place.key
    assert assignment[matched["khulan"].key] == small_round.other.key
    assert assignment[matched["bilguun"].key] is None
    with translation.override("en"):
        stats = selectors.run_statistics(run)
    assert stats["summary"]["matched"] == 2
    assert ("Echigo Machinery Industries Co., Ltd.", 1, 1) in stats["by_company"]


def test_publishing_an_unchecked_run_is_refused(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = _run(small_round)
    run.refresh_from_db()
    with pytest.raises(ValidationError, match="Check the run"):
        services.run_publish(viewer=small_round.viewer_of("manager"), run=run)
    assert not Placement.objects.filter(round=small_round.round).exists()


def _publish(small_round: SmallRound, capture: Callable[..., object]) -> MatchingRun:
    manager = small_round.viewer_of("manager")
    with capture(execute=True):  # type: ignore[operator]
        run = _run(small_round)
    run.refresh_from_db()
    assert services.run_check(viewer=manager, run=run) == []
    with capture(execute=True):  # type: ignore[operator]
        services.run_publish(viewer=manager, run=run)
    small_round.round.refresh_from_db()
    return run


def test_publish_accept_and_the_signal(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    _publish(small_round, django_capture_on_commit_callbacks)
    assert small_round.round.phase == Phase.RESULTS
    assert Notification.objects.filter(
        user=matched["bilguun"].student, event="internships.result_published"
    ).exists()
    assert any(message.to == [matched["bilguun"].student.email] for message in mail.outbox)
    placement = Placement.objects.get(application=matched["anujin"])
    received: list[Placement] = []

    def hook(sender: object, placement: Placement, **kwargs: object) -> None:
        received.append(placement)

    placement_accepted.connect(hook)
    try:
        student = small_round.viewer_for_user(matched["anujin"].student)
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            services.placement_answer(viewer=student, placement=placement, accept=True)
            services.placement_answer(
                viewer=small_round.viewer_of("company"), placement=placement, accept=True
            )
    finally:
        placement_accepted.disconnect(hook)
    assert [p.pk for p in received] == [placement.pk]
    assert list(selectors.accepted_placements(small_round.round)) == [placement]


def test_accepting_after_the_deadline_is_refused(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    _publish(small_round, django_capture_on_commit_callbacks)
    RoundPhase.objects.filter(round=small_round.round, phase=Phase.ACCEPTANCE).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    placement = Placement.objects.get(application=matched["anujin"])
    with pytest.raises(ValidationError, match="deadline"):
        services.placement_answer(
            viewer=small_round.viewer_for_user(matched["anujin"].student), placement=placement, accept=True
        )
    placement.refresh_from_db()
    assert placement.student_answer == PlacementStatus.OFFERED


def test_a_decline_frees_the_place_for_the_second_run(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    _publish(small_round, django_capture_on_commit_callbacks)
    placement = Placement.objects.get(application=matched["anujin"])
    services.placement_answer(
        viewer=small_round.viewer_for_user(matched["anujin"].student), placement=placement, accept=False
    )
    small_round.phase(Phase.SECOND_RUN)
    data = services.build_instance(small_round.round, kind=RunKind.SECOND)
    assert [s["id"] for s in data["students"]] == [matched["bilguun"].key]  # Anujin declined: out
    assert [p["id"] for p in data["places"]] == [small_round.place.key]
    second = _publish(small_round, django_capture_on_commit_callbacks)
    assert second.kind == RunKind.SECOND
    assert Placement.objects.get(run=second).application == matched["bilguun"]


def test_a_second_run_shows_the_students_own_choice_number(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    """Seiki (Bilguun's 1st choice) is filled by the first run; Khulan declines Bilguun's 2nd choice; the
    second run places Bilguun there. Seiki is dropped from the second run's input, yet his result, the
    explanation and the statistics must say choice number 2, not 1."""
    from django.test import Client

    from kakehashi.internships.selectors import run_statistics

    first = _publish(small_round, django_capture_on_commit_callbacks)
    assert selectors.run_assignment(first)[matched["bilguun"].key] is None
    services.placement_answer(
        viewer=small_round.viewer_for_user(matched["khulan"].student),
        placement=Placement.objects.get(application=matched["khulan"]),
        accept=False,
    )
    small_round.phase(Phase.SECOND_RUN)
    second = _publish(small_round, django_capture_on_commit_callbacks)
    bilguun = matched["bilguun"].key
    assert second.instance["students"] == [
        {"id": bilguun, "group": "mongol-kosen", "ranking": [small_round.other.key], "ranks": [2]}
    ]
    assert selectors.run_assignment(second)[bilguun] == small_round.other.key
    assert second.assignments.get(application__pk=int(bilguun[1:])).rank == 2
    assert run_statistics(second)["by_rank"] == {"2": 1}
    assert second.result["summary"]["rank_sum"] == 2
    expected = {
        "en": f"“{small_round.other.title}”, your choice number 2.",
        "mn": "(таны 2-р сонголт)",
    }
    for language, words in expected.items():
        client = Client()
        client.cookies["kakehashi_language"] = language
        client.force_login(matched["bilguun"].student)
        page = client.get(f"/rounds/{small_round.round.pk}/result/").content.decode()
        assert words in page, language


def test_the_result_explains_itself_in_the_students_language(
    small_round: SmallRound,
    matched: dict[str, Application],
    django_capture_on_commit_callbacks: Callable[..., object],
    client_as: Callable[..., object],
) -> None:
    from django.test import Client

    _publish(small_round, django_capture_on_commit_callbacks)
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    client.force_login(matched["bilguun"].student)
    response = client.get(f"/rounds/{small_round.round.pk}/result/")
    assert "You were not matched to any place in this run." in response.content.decode()
    assert "the company ranked you 2" in response.content.decode()


def test_runs_need_the_matching_phase(small_round: SmallRound) -> None:
    small_round.phase(Phase.RANKINGS)
    with pytest.raises(ValidationError):
        _run(small_round)
    assert not MatchingRun.objects.filter(round=small_round.round).exists()


def test_deadline_reminders_go_two_days_before_a_phase_ends(small_round: SmallRound) -> None:
    small_round.phase(Phase.APPLICATIONS)
    RoundPhase.objects.filter(round=small_round.round, phase=Phase.APPLICATIONS).update(
        ends_on=timezone.localdate() + timedelta(days=2)
    )
    assert services.deadline_reminders() > 0
    assert Notification.objects.filter(
        about=f"round:{small_round.round.pk}",
        event="internships.deadline",
        user__email="student@demo.kakehashi.example",
    ).exists()

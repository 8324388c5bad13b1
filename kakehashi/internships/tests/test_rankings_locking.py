"""Optimistic locking of rankings: of two saves made from the same version exactly one wins."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kakehashi.internships import services
from kakehashi.internships.models import Application, Choice, CompanyRank, Phase, Place, Round
from kakehashi.internships.tests.conftest import SmallRound

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this meanwhile"


def _order(application: Application) -> list[int]:
    return list(
        Choice.objects.filter(application=application).order_by("position").values_list("place_id", flat=True)
    )


@pytest.fixture
def draft(small_round: SmallRound) -> Application:
    small_round.phase(Phase.APPLICATIONS)
    student = small_round.viewer_of("student")
    application = services.application_save(
        viewer=student, round_=small_round.round, data={"name_latin": "Nomin Baatar", "year": 4}
    )
    services.ranking_add(viewer=student, application=application, place=small_round.place)
    services.ranking_add(viewer=student, application=application, place=small_round.other)
    application.refresh_from_db()
    return application


def test_of_two_stale_ranking_changes_of_a_student_exactly_one_wins(
    small_round: SmallRound, draft: Application
) -> None:
    student = small_round.viewer_of("student")
    seen = draft.ranking_version  # both tabs were rendered with this version
    services.ranking_move(
        viewer=student,
        application=Application.objects.get(pk=draft.pk),
        place_id=small_round.other.pk,
        direction="up",
        expected_version=seen,
    )
    with pytest.raises(ValidationError, match=STALE) as refused:
        services.ranking_remove(
            viewer=student,
            application=Application.objects.get(pk=draft.pk),
            place_id=small_round.place.pk,
            expected_version=seen,
        )
    assert refused.value.error_list[0].code == "stale"
    # The first change stands; the second changed nothing.
    assert _order(draft) == [small_round.other.pk, small_round.place.pk]
    draft.refresh_from_db()
    assert draft.ranking_version == seen + 1
    # Reloaded, the student can go on from the new version.
    services.ranking_remove(
        viewer=student, application=draft, place_id=small_round.place.pk, expected_version=seen + 1
    )
    assert _order(draft) == [small_round.other.pk]


def test_of_two_stale_company_rankings_of_a_place_exactly_one_wins(small_round: SmallRound) -> None:
    a = small_round.applicant("Anujin Dorj", places=[small_round.place])
    b = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    small_round.phase(Phase.RANKINGS)
    company = small_round.viewer_of("company")
    seen = small_round.place.ranking_version
    outcomes = []
    for ranks in ({a.pk: 1, b.pk: 2}, {a.pk: 2, b.pk: 1}):
        try:
            services.company_ranking_save(
                viewer=company,
                place=Place.objects.select_related("round").get(pk=small_round.place.pk),
                ranks=dict(ranks),
                expected_version=seen,
            )
        except ValidationError as error:
            outcomes.append(error.messages[0])
        else:
            outcomes.append("saved")
    assert outcomes[0] == "saved"
    assert outcomes[1].startswith(STALE)
    assert dict(
        CompanyRank.objects.filter(place=small_round.place).values_list("application_id", "rank")
    ) == {
        a.pk: 1,
        b.pk: 2,
    }
    assert Place.objects.get(pk=small_round.place.pk).ranking_version == seen + 1


def test_a_refused_company_ranking_does_not_use_up_the_version(small_round: SmallRound) -> None:
    stranger = small_round.applicant("Khulan Batsukh", places=[small_round.other])
    small_round.phase(Phase.RANKINGS)
    with pytest.raises(ValidationError, match="only confirmed nominees"):
        services.company_ranking_save(
            viewer=small_round.viewer_of("company"),
            place=small_round.place,
            ranks={stranger.pk: 1},
            expected_version=0,
        )
    assert Place.objects.get(pk=small_round.place.pk).ranking_version == 0


def _open_round() -> Round:
    return Round.objects.get(program__key="jica-dx-2024", key="2026-03")


def test_two_stale_ranking_forms_of_the_student_exactly_one_wins_and_the_other_is_told_to_reload(
    client_as: Callable[..., Client],
) -> None:
    round_ = _open_round()
    application = Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")
    first, second = _order(application)
    page = client_as("student").get(f"/rounds/{round_.pk}/ranking/").content.decode()
    version = application.ranking_version
    assert f'name="version" value="{version}"' in page
    url = f"/rounds/{round_.pk}/ranking/"
    tab_one, tab_two = client_as("student"), client_as("student")
    moved = tab_one.post(
        url, {"action": "up", "place": second, "version": version}, headers={"HX-Request": "true"}
    )
    assert STALE not in moved.content.decode()
    assert f'name="version" value="{version + 1}"' in moved.content.decode()
    removed = tab_two.post(
        url, {"action": "remove", "place": first, "version": version}, headers={"HX-Request": "true"}
    )
    assert STALE in removed.content.decode()
    assert 'role="alert"' in removed.content.decode()
    assert _order(application) == [second, first]  # the move stands, the removal changed nothing


def test_two_stale_company_ranking_forms_exactly_one_wins(
    small_round: SmallRound, client_as: Callable[..., Client]
) -> None:
    a = small_round.applicant("Anujin Dorj", places=[small_round.place])
    b = small_round.applicant("Bilguun Lkhagva", places=[small_round.place])
    small_round.phase(Phase.RANKINGS)
    url = f"/rounds/places/{small_round.place.pk}/ranking/"
    assert 'name="version" value="0"' in client_as("company").get(url).content.decode()
    first = client_as("company").post(
        url, {f"rank-{a.pk}": "1", f"rank-{b.pk}": "2", "version": "0"}, follow=True
    )
    assert "Your ranking was saved." in first.content.decode()
    second = client_as("company").post(
        url, {f"rank-{a.pk}": "2", f"rank-{b.pk}": "1", "version": "0"}, follow=True
    )
    assert STALE in second.content.decode()
    assert dict(
        CompanyRank.objects.filter(place=small_round.place).values_list("application_id", "rank")
    ) == {
        a.pk: 1,
        b.pk: 2,
    }
    assert 'name="version" value="1"' in second.content.decode()  # the reloaded form can save again

"""The rounds' events reach the right people through the one door: a place returned (with the reason) or
approved reaches the company's administrators; a decision on a nomination reaches the student, either way."""

import pytest

from kakehashi.internships import services
from kakehashi.internships.models import Phase, PlaceStatus
from kakehashi.internships.tests.conftest import SmallRound
from kakehashi.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def told(event: str) -> dict[str, str]:
    return dict(Notification.objects.filter(event=event).values_list("user__email", "text"))


def test_a_place_returned_then_approved_is_told_to_the_companys_administrators(
    small_round: SmallRound,
) -> None:
    small_round.phase(Phase.PLACES)
    place = small_round.place
    place.status = PlaceStatus.SUBMITTED
    place.save()
    manager = small_round.viewer_of("manager")
    services.place_review(viewer=manager, place=place, approve=False, reason="Add the Japanese title.")
    returned = told("internships.place_returned")
    assert list(returned) == ["company@demo.kakehashi.example"]
    assert "Add the Japanese title." in returned["company@demo.kakehashi.example"]
    services.place_review(viewer=manager, place=place, approve=True)
    assert list(told("internships.place_approved")) == ["company@demo.kakehashi.example"]
    about = {d.about for d in Delivery.objects.filter(event__startswith="internships.place_")}
    assert about == {f"round:{small_round.round.pk}"}


def test_a_student_not_nominated_is_told_too(small_round: SmallRound) -> None:
    application = small_round.applicant("Anujin Dorj", places=[small_round.place], confirmed=False)
    small_round.phase(Phase.SCREENING)
    services.nomination_decide(
        viewer=small_round.viewer_of("teacher"), application=application, nominate=False, reason="Next year."
    )
    assert list(told("internships.not_nominated")) == [application.student.email]
    assert not told("internships.nominated")
    note = Notification.objects.get(event="internships.not_nominated")
    assert note.url == application.get_absolute_url()

"""Optimistic locking of a case: of two edits made from the same version, exactly one wins."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kakehashi.operations import services
from kakehashi.operations.models import InternCase, ResidenceRoute

pytestmark = pytest.mark.django_db

RELOAD = "Someone else changed this meanwhile. Reload the page"


def _fresh(case: InternCase) -> InternCase:
    """The case as a second person loaded it: its own Python object, from the database."""
    return InternCase.objects.select_related("stay").get(pk=case.pk)


def _hidden_version(html: str) -> int:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert match, "the form carries the case's version"
    return int(match.group(1))


def test_of_two_residence_edits_from_the_same_version_exactly_one_wins(make_case, viewer) -> None:
    case = make_case()
    version = case.version
    first, second = _fresh(case), _fresh(case)
    services.residence_update(
        viewer=viewer("safety"),
        case=first,
        expected_version=version,
        route=ResidenceRoute.DESIGNATED_ACTIVITIES,
        done_keys=["passport"],
        dates={"passport_number": "E1111111"},
    )
    with pytest.raises(ValidationError) as refused:
        services.residence_update(
            viewer=viewer("manager"),
            case=second,
            expected_version=version,
            route=ResidenceRoute.SHORT_TERM_STAY,
            done_keys=[],
            dates={"passport_number": "E2222222", "status_expires_on": date(2030, 1, 1)},
        )
    assert refused.value.code == "stale"
    assert RELOAD in " ".join(refused.value.messages)
    stored = _fresh(case)
    assert stored.version == version + 1
    assert stored.route == ResidenceRoute.DESIGNATED_ACTIVITIES
    # Nothing of the refused edit was kept: not the number, not a date, not the documents.
    assert stored.stay.passport_number == "E1111111"
    assert stored.stay.status_expires_on is None
    assert stored.residence_documents.get(key="passport").done


def test_of_two_travel_edits_from_the_same_version_exactly_one_wins(make_case, viewer) -> None:
    case = make_case()
    version = case.version
    first, second = _fresh(case), _fresh(case)
    services.stay_update(
        viewer=viewer("safety"), case=first, expected_version=version, data={"housing_name": "Dormitory A"}
    )
    with pytest.raises(ValidationError) as refused:
        services.stay_update(
            viewer=viewer("manager"),
            case=second,
            expected_version=version,
            data={"housing_name": "Dormitory B", "health_notes": "Peanuts"},
        )
    assert refused.value.code == "stale"
    stored = _fresh(case)
    assert (stored.version, stored.stay.housing_name, stored.stay.health_notes) == (
        version + 1,
        "Dormitory A",
        "",
    )
    # Saving from the new version works.
    services.stay_update(
        viewer=viewer("manager"), case=stored, expected_version=stored.version, data={"housing_name": "C"}
    )
    assert _fresh(case).stay.housing_name == "C"


def test_one_version_covers_the_residence_and_the_travel_pages(make_case, viewer) -> None:
    """Both pages edit the same record of the case, so an edit on one makes the other's form stale."""
    case = make_case()
    version = case.version
    services.stay_update(
        viewer=viewer("safety"), case=_fresh(case), expected_version=version, data={"housing_name": "A"}
    )
    with pytest.raises(ValidationError) as refused:
        services.residence_update(
            viewer=viewer("manager"),
            case=_fresh(case),
            expected_version=version,
            route=ResidenceRoute.DESIGNATED_ACTIVITIES,
            done_keys=[],
            dates={},
        )
    assert refused.value.code == "stale"
    assert _fresh(case).route == case.route


def test_a_stale_residence_form_shows_the_reload_message_and_changes_nothing(make_case, client_as) -> None:
    case = make_case()
    url = f"/operations/cases/{case.pk}/residence/edit/"
    safety, manager = client_as("safety"), client_as("manager")
    version = _hidden_version(safety.get(url).content.decode())
    assert _hidden_version(manager.get(url).content.decode()) == version
    first = safety.post(
        url, {"route": ResidenceRoute.DESIGNATED_ACTIVITIES, "documents": ["passport"], "version": version}
    )
    assert first.status_code == 302
    second = manager.post(
        url,
        {"route": ResidenceRoute.SHORT_TERM_STAY, "status_expires_on": "2030-01-01", "version": version},
    )
    assert second.status_code == 200
    assert RELOAD in second.content.decode()
    stored = _fresh(case)
    assert stored.route == ResidenceRoute.DESIGNATED_ACTIVITIES
    assert stored.stay.status_expires_on is None
    # After a reload, the form carries the new version and saving works.
    assert _hidden_version(manager.get(url).content.decode()) == version + 1
    third = manager.post(url, {"route": ResidenceRoute.SHORT_TERM_STAY, "version": version + 1})
    assert third.status_code == 302
    assert _fresh(case).route == ResidenceRoute.SHORT_TERM_STAY


def test_a_stale_travel_form_shows_the_reload_message_and_changes_nothing(make_case, client_as) -> None:
    case = make_case()
    url = f"/operations/cases/{case.pk}/travel/edit/"
    safety, manager = client_as("safety"), client_as("manager")
    version = _hidden_version(safety.get(url).content.decode())
    assert safety.post(url, {"housing_name": "Dormitory A", "version": version}).status_code == 302
    second = manager.post(url, {"housing_name": "Dormitory B", "version": version})
    assert second.status_code == 200
    assert RELOAD in second.content.decode()
    assert _fresh(case).stay.housing_name == "Dormitory A"


def test_a_form_without_its_version_saves_nothing(make_case, client_as) -> None:
    case = make_case()
    url = f"/operations/cases/{case.pk}/travel/edit/"
    response = client_as("safety").post(url, {"housing_name": "Dormitory A"})
    assert response.status_code == 200
    assert _fresh(case).stay.housing_name == ""
    assert _fresh(case).version == case.version

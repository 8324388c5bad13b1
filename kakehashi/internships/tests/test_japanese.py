"""Japanese ability: a student's JLPT/NAT result with its certificate, verified by the program office, and
the verified level shown beside each place's minimum on the company's ranking page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from kakehashi.internships import selectors, services
from kakehashi.internships.models import JapaneseLevel, JapaneseResult, Phase, ResultStatus, meets

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "jlpt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(viewer, level: str = "N4", taken_on: date = date(2025, 12, 7), certificate=None) -> JapaneseResult:  # type: ignore[no-untyped-def]
    return services.japanese_result_submit(
        viewer=viewer,
        data={"test": "jlpt", "level": level, "taken_on": taken_on},
        certificate=certificate or pdf(),
    )


def test_levels_compare_with_n1_as_the_best() -> None:
    assert meets("N3", "N4")
    assert meets("N4", "N4")
    assert not meets("N5", "N4")
    assert not meets(None, "N5")
    assert meets(None, JapaneseLevel.NONE)


def test_a_student_sends_a_result_and_the_office_verifies_it(viewer_of) -> None:
    result = submit(viewer_of("student"))
    assert result.status == ResultStatus.SUBMITTED
    assert selectors.verified_levels([result.student_id]) == {}
    with pytest.raises(PermissionDenied):
        services.japanese_result_review(viewer=viewer_of("teacher"), result=result, verified=True, note="")
    services.japanese_result_review(viewer=viewer_of("manager"), result=result, verified=True, note="")
    assert selectors.verified_levels([result.student_id]) == {result.student_id: "N4"}
    with pytest.raises(ValidationError, match="already reviewed"):
        services.japanese_result_review(viewer=viewer_of("manager"), result=result, verified=False, note="x")


def test_the_best_verified_level_counts_and_a_returned_one_does_not(viewer_of) -> None:
    student, manager = viewer_of("student"), viewer_of("manager")
    for level, verified in (("N5", True), ("N3", True), ("N2", False)):
        result = submit(student, level=level)
        services.japanese_result_review(
            viewer=manager, result=result, verified=verified, note="" if verified else "Blurred scan"
        )
    assert selectors.verified_levels([student.user.pk]) == {student.user.pk: "N3"}


def test_returning_a_result_needs_a_reason(viewer_of) -> None:
    result = submit(viewer_of("student"))
    with pytest.raises(ValidationError) as error:
        services.japanese_result_review(viewer=viewer_of("manager"), result=result, verified=False, note="  ")
    assert "review_note" in error.value.message_dict


def test_bad_input_is_refused_with_a_reason(viewer_of) -> None:
    student = viewer_of("student")
    with pytest.raises(ValidationError) as renamed:
        submit(student, certificate=pdf("result.pdf", b"MZ\x90\x00 this is a program, not a PDF"))
    assert "certificate" in renamed.value.message_dict
    with pytest.raises(ValidationError) as future:
        submit(student, taken_on=timezone.localdate() + timedelta(days=1))
    assert "taken_on" in future.value.message_dict
    with pytest.raises(PermissionDenied):
        submit(viewer_of("company"))
    assert not JapaneseResult.objects.exists()


def test_another_student_cannot_open_a_result(viewer_of, client_as) -> None:
    result = submit(viewer_of("student"))
    with pytest.raises(Http404):
        selectors.japanese_result_for(viewer_of("student2"), result.pk)
    assert client_as("student2").get(f"/rounds/japanese/{result.pk}/certificate/").status_code == 404
    own = client_as("student").get(f"/rounds/japanese/{result.pk}/certificate/")
    assert own.status_code == 200
    assert own["X-Content-Type-Options"] == "nosniff"


def test_the_student_page_sends_a_result_through_the_form(client_as) -> None:
    client = client_as("student")
    response = client.post(
        "/rounds/japanese/", {"test": "nat", "level": "N4", "taken_on": "2025-07-06", "certificate": pdf()}
    )
    assert response.status_code == 302
    page = client.get("/rounds/japanese/").content.decode()
    assert "Waiting for verification" in page


def test_the_company_sees_the_verified_level_and_who_is_below_its_minimum(
    small_round, viewer_of, client_as
) -> None:
    small_round.place.japanese_level = JapaneseLevel.N4
    small_round.place.save()
    strong = small_round.applicant("Bat Erdene", places=[small_round.place])
    weak = small_round.applicant("Saraa Bold", places=[small_round.place])
    unverified = small_round.applicant("Tuya Ganbat", places=[small_round.place])
    manager = viewer_of("manager")
    for application, level in ((strong, "N3"), (weak, "N5")):
        result = submit(small_round.viewer_for_user(application.student), level=level)
        services.japanese_result_review(viewer=manager, result=result, verified=True, note="")
    submit(small_round.viewer_for_user(unverified.student), level="N2")  # stated, not yet verified
    small_round.phase(Phase.INTERVIEWS)
    rows = {
        a.name_latin: a for a in selectors.with_verified_japanese([strong, weak, unverified], minimum="N4")
    }
    assert (rows["Bat Erdene"].verified_japanese, rows["Bat Erdene"].below_japanese_minimum) == ("N3", False)
    assert (rows["Saraa Bold"].verified_japanese, rows["Saraa Bold"].below_japanese_minimum) == ("N5", True)
    assert (rows["Tuya Ganbat"].verified_japanese, rows["Tuya Ganbat"].below_japanese_minimum) == (None, True)
    page = client_as("company").get(f"/rounds/places/{small_round.place.pk}/ranking/").content.decode()
    assert page.count("Below the place") == 2
    assert "N3 <small>(verified)</small>" in page

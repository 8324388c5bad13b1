"""Daily reports with the mentor's comments, the weekly view, and evaluations both ways."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kakehashi.operations import selectors, services
from kakehashi.operations.models import EvaluationKind

pytestmark = pytest.mark.django_db


def test_the_intern_writes_and_the_mentor_comments(make_case, viewer, client_as) -> None:
    case = make_case()
    report = services.report_save(
        viewer=viewer("student"),
        case=case,
        day=case.arrival_on,
        language="mn",
        body="CNC машинтай танилцсан.",
    )
    with pytest.raises(PermissionDenied):
        services.report_save(viewer=viewer("mentor"), case=case, day=case.arrival_on, language="ja", body="x")
    with pytest.raises(ValidationError):
        services.report_save(
            viewer=viewer("student"),
            case=case,
            day=case.arrival_on - timedelta(days=1),
            language="mn",
            body="x",
        )
    services.report_comment(
        viewer=viewer("mentor"), report=report, body="よくできました。明日は検査工程です。"
    )
    for key in ("student", "teacher", "safety"):
        with pytest.raises(PermissionDenied):
            services.report_comment(viewer=viewer(key), report=report, body="x")
    page = (
        client_as("teacher")
        .get(f"/operations/cases/{case.pk}/reports/?week={case.arrival_on}")
        .content.decode()
    )
    assert "CNC машинтай танилцсан." in page
    assert "よくできました" in page


def test_a_future_day_cannot_be_reported(make_case, viewer) -> None:
    today = timezone.localdate()
    case = make_case(arrival_on=today - timedelta(days=2))
    with pytest.raises(ValidationError):
        services.report_save(
            viewer=viewer("student"), case=case, day=today + timedelta(days=1), language="en", body="Tomorrow"
        )


def test_the_week_has_seven_days_with_their_reports(make_case, viewer) -> None:
    case = make_case()
    services.report_save(
        viewer=viewer("student"), case=case, day=case.arrival_on, language="en", body="Day one"
    )
    start, _end = selectors.week_of(case.arrival_on)
    days = selectors.reports_of_week(case, start)
    assert len(days) == 7
    assert [r.body for _d, r in days if r] == ["Day one"]


def test_evaluations_both_ways_and_the_college_sees_its_students(make_case, viewer) -> None:
    case = make_case()
    with pytest.raises(ValidationError):
        services.evaluation_save(
            viewer=viewer("mentor"),
            case=case,
            kind=EvaluationKind.OF_INTERN,
            scores={"overall": 4, "skills": 4},
        )
    services.evaluation_save(
        viewer=viewer("mentor"),
        case=case,
        kind=EvaluationKind.OF_INTERN,
        scores={"skills": 4, "attitude": 5, "japanese": 3, "teamwork": 4, "overall": 4, "comment": "Good."},
    )
    services.evaluation_save(
        viewer=viewer("student"), case=case, kind=EvaluationKind.OF_COMPANY, scores={"overall": 5}
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_save(
            viewer=viewer("student"), case=case, kind=EvaluationKind.OF_INTERN, scores={}
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_save(
            viewer=viewer("teacher"), case=case, kind=EvaluationKind.OF_PROGRAM, scores={}
        )
    assert set(
        selectors.evaluations_visible_to(viewer("teacher")).filter(case=case).values_list("kind", flat=True)
    ) == {
        "of_intern",
        "of_company",
    }
    assert not selectors.evaluations_visible_to(viewer("student2")).filter(case=case).exists()
    with pytest.raises(PermissionDenied):
        selectors.evaluations_visible_to(viewer("funder"))


def test_the_completion_certificate_is_a_pdf_once_the_internship_has_ended(make_case, client_as) -> None:
    from datetime import date

    finished = make_case(arrival_on=date(2025, 3, 3))
    response = client_as("teacher").get(f"/operations/cases/{finished.pk}/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    upcoming = make_case(arrival_on=timezone.localdate() + timedelta(days=20))
    page = client_as("student").get(f"/operations/cases/{upcoming.pk}/certificate/")
    assert page["Content-Type"].startswith("text/html")


def test_the_city_officer_sees_the_case_for_living_support_but_not_its_diary(
    make_case, viewer, client_as
) -> None:
    """The city arranges living support: the case and its checklist, not the intern's daily reports or
    evaluations (nor the private data)."""
    case = make_case()
    services.evaluation_save(
        viewer=viewer("student"), case=case, kind=EvaluationKind.OF_COMPANY, scores={"overall": 5}
    )
    assert selectors.evaluations_visible_to(viewer("safety")).filter(case=case).exists()
    assert not selectors.evaluations_visible_to(viewer("city")).filter(case=case).exists()
    city = client_as("city")
    page = city.get(f"/operations/cases/{case.pk}/").content.decode()
    assert "Living-support checklist" in page
    assert f"/operations/cases/{case.pk}/reports/" not in page
    assert "Evaluations" not in page
    assert city.get(f"/operations/cases/{case.pk}/reports/").status_code == 403
    assert city.get(f"/operations/cases/{case.pk}/sensitive/").status_code == 403
    assert client_as("safety").get(f"/operations/cases/{case.pk}/reports/").status_code == 200


def test_the_completion_certificate_keeps_its_serial_and_date_and_can_be_verified(
    make_case, client_as
) -> None:
    import subprocess
    from datetime import date

    from kakehashi.certificates.models import IssuedCertificate

    finished = make_case(arrival_on=date(2025, 3, 3))
    first = client_as("teacher").get(f"/operations/cases/{finished.pk}/certificate/").content
    issued = IssuedCertificate.objects.get(source=f"internship:case:{finished.pk}")
    # As if it had been issued in April: a download months later must print April, not today.
    IssuedCertificate.objects.filter(pk=issued.pk).update(issued_on=date(2026, 4, 1))
    issued.refresh_from_db()
    second = client_as("student").get(f"/operations/cases/{finished.pk}/certificate/").content
    assert IssuedCertificate.objects.filter(source=f"internship:case:{finished.pk}").count() == 1
    # Without line breaks and spaces: pdftotext breaks long Japanese lines anywhere.
    texts = [
        "".join(
            subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
            .stdout.decode()
            .split()
        )
        for pdf in (first, second)
    ]
    assert "2026年4月1日" in texts[1]
    for text in texts:
        assert issued.serial in text
        assert issued.code in text
        assert "2025年3月3日" in text  # the internship's first day, written the Japanese way
        assert "/verify/?code=" + issued.code in text
    page = client_as("company").get("/verify/", {"code": issued.code}).content.decode()
    assert "This certificate is valid." in page or "有効" in page


def test_the_company_evaluation_endorses_the_skills_it_saw_on_the_student_profile(
    make_case, viewer, client_as
) -> None:
    from kakehashi.learning.models import Skill
    from kakehashi.learning.selectors import skill_profile

    case = make_case()
    plc, sensors, vision = Skill.objects.order_by("key")[:3]
    rubric = {"skills": 4, "attitude": 5, "japanese": 3, "teamwork": 4, "overall": 4}
    page = client_as("mentor").post(
        f"/operations/cases/{case.pk}/evaluations/of_intern/",
        {**rubric, "skills_seen": [plc.pk, sensors.pk]},
    )
    assert page.status_code == 302
    profile = {level.key: level for level in skill_profile(case.intern)}
    assert profile[plc.key].level == 80  # 4 of 5, the technical skills score
    assert profile[plc.key].endorsed_by == (str(case.host.name),)
    assert vision.key not in profile
    # Saving again replaces the endorsements of that evaluation, it does not add to them.
    services.evaluation_save(
        viewer=viewer("mentor"),
        case=case,
        kind=EvaluationKind.OF_INTERN,
        scores={**rubric, "skills_seen": [vision]},
    )
    profile = {level.key: level for level in skill_profile(case.intern)}
    assert set(profile) >= {vision.key}
    assert plc.key not in profile
    # The form shows what was endorsed; the student reads who endorsed it on their profile.
    import re

    form = client_as("mentor").get(f"/operations/cases/{case.pk}/evaluations/of_intern/").content.decode()
    assert re.search(rf'value="{vision.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{plc.pk}"[^>]*checked', form)
    mine = client_as("student").get("/learning/my/skills/").content.decode()
    assert str(case.host.name) in mine

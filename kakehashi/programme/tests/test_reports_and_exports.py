from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from kakehashi.accounts.demo import DEMO_PEOPLE
from kakehashi.accounts.models import Program
from kakehashi.programme import iati
from kakehashi.programme.demo import BUDGET
from kakehashi.programme.models import BudgetLine, Expense, MeetingRecord, Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


def test_the_demo_budget_is_sixty_million_over_three_fiscal_years() -> None:
    program = Program.objects.get(key="jica-dx-2024")
    assert sum(sum(v) for v in BUDGET.values()) == 60_000_000
    lines = BudgetLine.objects.filter(program=program)
    assert sum(line.amount_jpy for line in lines) == 60_000_000
    assert {line.fiscal_year for line in lines} == {2024, 2025, 2026}


def test_the_demo_loads_twice_without_change() -> None:
    from kakehashi.programme import demo

    counts = (Expense.objects.count(), Report.objects.count(), BudgetLine.objects.count())
    demo.load()
    assert (Expense.objects.count(), Report.objects.count(), BudgetLine.objects.count()) == counts


def test_the_program_manager_builds_and_downloads_the_quarterly_expenditure_report(
    client_as, django_capture_on_commit_callbacks
) -> None:
    client = client_as("manager")
    response = client.post(
        "/programme/reports/new/",
        {"kind": ReportKind.QUARTERLY_EXPENDITURE, "period_start": "2026-10-01", "period_end": "2026-12-31"},
    )
    assert response.status_code == 302
    report = Report.objects.get(kind=ReportKind.QUARTERLY_EXPENDITURE, period_end=date(2026, 12, 31))
    client.post(
        f"/programme/reports/{report.pk}/",
        {"issues": "今期の特記事項"},  # the one narrative an expenditure report prints
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/programme/reports/{report.pk}/build/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.progress == 100
    assert report.program.logframe.filter(indicators__values__period_end=report.period_end).exists()
    pdf = client.get(f"/programme/reports/{report.pk}/download/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"/programme/reports/{report.pk}/download/xlsx/")
    book = load_workbook(BytesIO(b"".join(xlsx.streaming_content)))
    assert book.sheetnames == ["概要", "予算執行状況", "当期支出", "成果指標"]
    assert book["概要"]["A1"].value == "四半期支出状況報告書"
    assert (book["概要"]["A6"].value, book["概要"]["B6"].value) == ("特記事項", "今期の特記事項")
    status = client.get(f"/programme/reports/{report.pk}/status/", HTTP_HX_REQUEST="true")
    assert b"Download the PDF" in status.content
    assert b"<html" not in status.content


def test_the_pdf_has_japanese_text_in_noto_sans_cjk(tmp_path) -> None:
    import subprocess

    from kakehashi.programme import reports

    report = Report.objects.filter(kind=ReportKind.QUARTERLY_EXPENDITURE).first()
    assert report is not None
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(reports.render_pdf(reports.gather(report)))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-JP" in fonts
    assert "Serif" not in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "四半期支出状況報告書" in text
    assert "直接人件費" in text


def test_the_iati_export_is_valid_against_the_2_03_schema() -> None:
    program = Program.objects.get(key="jica-dx-2024")
    xml = iati.build(program)
    assert iati.validate(xml) == []
    assert b"<transaction>" in xml
    assert b"<result " in xml
    assert b'<budget type="1"' in xml
    for person in DEMO_PEOPLE:  # transactions say what was spent, never to whom
        assert person.name_latin.encode() not in xml


def test_the_iati_validator_catches_an_invalid_document() -> None:
    assert iati.validate(b'<iati-activities version="2.03"><iati-activity/></iati-activities>') != []


@pytest.mark.parametrize(
    "url",
    [
        "/programme/indicators/",
        "/programme/budget/",
        "/programme/expenses/",
        "/programme/reports/",
        "/programme/schedule/",
    ],
)
def test_every_table_downloads_as_csv_and_excel(client_as, url: str) -> None:
    client = client_as("manager")
    csv = client.get(url + "?format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert len(csv.content.decode("utf-8-sig").splitlines()) > 1
    xlsx = client.get(url + "?format=xlsx")
    assert load_workbook(BytesIO(xlsx.content)).active.max_row > 1


def test_the_funder_cannot_download_expenses(client_as) -> None:
    assert client_as("funder").get("/programme/expenses/?format=csv").status_code == 403


FUNDER_PAGES = [
    "/programme/",
    "/programme/indicators/",
    "/programme/schedule/",
    "/programme/budget/",
    "/programme/reports/",
    "/programme/iati.xml",
    "/programme/budget/?format=csv",
    "/programme/indicators/?format=csv",
    "/programme/reports/?format=csv",
    "/programme/meetings/",
    "/programme/meetings/?format=csv",
    "/api/v1/programme/indicators",
    "/api/v1/programme/budget",
]


def test_no_demo_person_is_named_on_any_funder_page(client_as) -> None:
    client = client_as("funder")
    report = Report.objects.first()
    assert report is not None
    meeting = MeetingRecord.objects.first()
    assert meeting is not None
    assert "Keiko Inoue" in meeting.attendees  # names are recorded, for the program office only
    pages = [
        *FUNDER_PAGES,
        f"/programme/reports/{report.pk}/",
        f"/programme/reports/{report.pk}/status/",
        f"/programme/meetings/{meeting.pk}/",
    ]
    funder = next(p for p in DEMO_PEOPLE if p.key == "funder")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for person in DEMO_PEOPLE:
            if person is funder:
                continue
            assert person.name_latin not in body, (url, person.name_latin)
            assert person.name_local not in body, (url, person.name_local)


def test_the_api_gives_indicators_and_budget_against_actual(client_as) -> None:
    client = client_as("funder")
    indicators = client.get("/api/v1/programme/indicators").json()
    assert any(i["source"] == "accounts.host_companies" for i in indicators["items"])
    assert indicators["count"] == len(indicators["items"])
    budget = client.get("/api/v1/programme/budget").json()
    assert budget[-1]["category"] == "total"
    assert budget[-1]["budget_total"] == 60_000_000
    assert client_as("student").get("/api/v1/programme/budget").status_code == 403


def test_snapshot_records_available_figures_and_keeps_manual_values(client_as) -> None:
    from kakehashi.programme.models import Indicator, IndicatorValue, ValueSource

    IndicatorValue.objects.update_or_create(
        indicator=Indicator.objects.get(title__en="Interns"),
        period_end=date(2025, 3, 31),
        defaults={"value": 10, "source": ValueSource.MANUAL, "evidence": "Internship list, signed by NAZE"},
    )
    client = client_as("manager")
    response = client.post("/programme/indicators/snapshot/", {"period_end": "2025-03-31"}, follow=True)
    assert b"recorded from the platform" in response.content
    recorded = IndicatorValue.objects.get(
        indicator__source="accounts.host_companies", period_end=date(2025, 3, 31)
    )
    assert recorded.source == ValueSource.FIGURE
    manual = IndicatorValue.objects.get(indicator__title__en="Interns", period_end=date(2025, 3, 31))
    assert manual.source == ValueSource.MANUAL
    assert manual.value == 10


def test_the_program_office_records_a_meeting_and_the_funder_reads_it_without_names(
    client_as, tmp_path
) -> None:
    import subprocess

    from kakehashi.accounts.models import Organization

    jica = Organization.objects.get(key="jica")
    response = client_as("accountant").post(
        "/programme/meetings/new/",
        {
            "held_on": "2026-10-01",
            "title": "第3四半期の打合せ",
            "organizations": [jica.pk],
            "attendees": "Naoki Watanabe",
            "decisions": "支出状況を確認した。",
        },
    )
    assert response.status_code == 302
    record = MeetingRecord.objects.get(title="第3四半期の打合せ")
    assert list(record.organizations.all()) == [jica]
    funder = client_as("funder")
    page = funder.get(record.get_absolute_url()).content.decode()
    assert "支出状況を確認した。" in page
    assert "Naoki Watanabe" not in page
    pdf = funder.get(f"/programme/meetings/{record.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")
    path = tmp_path / "m.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "合意事項" in text
    assert "Naoki Watanabe" not in text
    assert (
        "Naoki Watanabe"
        in subprocess.run(
            ["pdftotext", "-", "-"],
            input=client_as("manager").get(f"/programme/meetings/{record.pk}/pdf/").content,
            capture_output=True,
            check=True,
        ).stdout.decode()
    )
    assert client_as("funder").get("/programme/meetings/new/").status_code == 403

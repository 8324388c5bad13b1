"""The documents for a hired graduate's change of status of residence (技術・人文知識・国際業務): each PDF
prints the offer and the hire, the ZIP has its contents sheet and each file, the checklist ticks itself,
and only the company's administrator and the program office generate and download them."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from kakehashi.accounts.models import Organization, Program
from kakehashi.careers.hire_pack import CONTENTS_NAME, HIRE_PACK, document_html, hire_data
from kakehashi.careers.models import HirePack, HirePackStatus, JobOffer
from kakehashi.careers.services import hire_from_offer
from kakehashi.core.testing.pdf import text_of

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def hire(demo_user):  # type: ignore[no-untyped-def]
    offer = JobOffer.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        company=Organization.objects.get(key="nagaoka-seiki"),
        student=demo_user("student"),
        college=Organization.objects.get(key="must-kosen"),
        title="Production engineer",
        description="Programming of CNC machines",
        monthly_salary_jpy=235000,
        graduation_on=date(2027, 1, 20),
        start_on=date(2027, 4, 1),
        offered_by=demo_user("company"),
        status="accepted",
    )
    return hire_from_offer(offer)


def test_the_documents_print_the_offer_and_the_hire(hire) -> None:  # type: ignore[no-untyped-def]
    data = hire_data(hire)
    by_key = {d.key: d for d in HIRE_PACK}
    contract = document_html(by_key["contract_summary"], data)
    assert "Production engineer" in contract
    assert "235,000円" in contract
    assert "2027年4月1日" in contract
    assert hire.employee.name_latin in contract
    second = "Сарын цалин" if data["second"] == "mn" else "Monthly salary"
    assert second in contract
    reason = document_html(by_key["hiring_reason"], data)
    assert reason.index(hire.employee.name_latin) < reason.index("2027年4月1日")
    assert hire.company.name.in_language("ja") in reason


def test_the_company_generates_the_pack_and_the_checklist_ticks(  # type: ignore[no-untyped-def]
    hire, client_as, django_capture_on_commit_callbacks, tmp_path: Path
) -> None:
    url = f"/careers/hires/{hire.pk}/documents/"
    assert client_as("student").get(url).status_code == 200
    assert client_as("student").post(url).status_code == 403
    assert client_as("mentor").post(url).status_code == 403
    assert client_as("student2").get(url).status_code == 404
    company = client_as("company")
    with django_capture_on_commit_callbacks(execute=True):
        assert company.post(url).status_code == 302
    pack = HirePack.objects.get(hire=hire)
    assert pack.status == HirePackStatus.READY, pack.error
    assert client_as("teacher").get(f"/careers/hires/{hire.pk}/documents.zip").status_code == 403
    download = company.get(f"/careers/hires/{hire.pk}/documents.zip")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [
        CONTENTS_NAME,
        "01_contract_summary.pdf",
        "02_company_outline.pdf",
        "03_hiring_reason.pdf",
    ]
    contents = flat(text_of(archive.read(CONTENTS_NAME), tmp_path))
    assert "03_hiring_reason.pdf" in contents
    assert "技術・人文知識・国際業務" in contents
    contract = flat(text_of(archive.read("01_contract_summary.pdf"), tmp_path))
    assert flat(hire.employee.name_latin) in contract
    assert "235,000円" in contract
    done = {d.key: d.done for d in hire.documents.all()}
    assert done["employment_contract"]
    assert not done["graduation_certificate"]

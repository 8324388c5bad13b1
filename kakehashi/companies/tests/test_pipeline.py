"""The outreach pipeline: moving companies between stages, activities, the list and the import."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from kakehashi.companies import selectors, services
from kakehashi.companies.models import (
    CompanyProfile,
    OutreachActivity,
    OutreachCompany,
    ProspectImport,
    Source,
    Stage,
)
from kakehashi.companies.tests.helpers import org, program, viewer

pytestmark = pytest.mark.django_db


def new_prospect(name: str = "Test Prospect Co.") -> OutreachCompany:
    return OutreachCompany.objects.create(program=program(), name={"en": name})


def test_a_city_officer_moves_a_prospect_forward():
    company = new_prospect()
    moved = services.outreach_company_move(viewer=viewer("city"), company=company, stage=Stage.CONTACTED)
    assert moved.stage == Stage.CONTACTED


def test_the_accountant_reads_the_pipeline_but_cannot_move_it():
    company = new_prospect()
    assert selectors.outreach_company_for(viewer("accountant"), company.pk) == company
    with pytest.raises(PermissionDenied):
        services.outreach_company_move(viewer=viewer("accountant"), company=company, stage=Stage.CONTACTED)


def test_a_company_cannot_be_registered_before_it_is_linked_to_its_organization():
    company = new_prospect()
    with pytest.raises(ValidationError, match="Link the company"):
        services.outreach_company_move(viewer=viewer("city"), company=company, stage=Stage.REGISTERED)


def test_a_company_cannot_be_ready_before_its_readiness_is_verified():
    organization = org("nagaoka-seiki")
    organization.readiness_answers.filter(item__key="hosting_policy").update(status="submitted")
    company = OutreachCompany.objects.get(program=program(), organization=organization)
    with pytest.raises(ValidationError, match="ready only when"):
        services.outreach_company_move(viewer=viewer("city"), company=company, stage=Stage.READY)
    services.outreach_company_move(viewer=viewer("city"), company=company, stage=Stage.PREPARING)


def test_the_board_moves_a_company_with_a_plain_form(client_as):
    company = new_prospect()
    city = client_as("city")
    response = city.post(f"/companies/pipeline/{company.pk}/move/", {"stage": "interested"})
    assert response.status_code == 302
    assert response.url == "/companies/pipeline/"
    company.refresh_from_db()
    assert company.stage == Stage.INTERESTED
    page = city.get(response.url)
    assert "Test Prospect Co. moved to Interested." in page.content.decode()


def test_the_board_moves_a_company_with_htmx_and_redraws_only_the_board(client_as):
    company = new_prospect()
    city = client_as("city")
    response = city.post(
        f"/companies/pipeline/{company.pk}/move/", {"stage": "contacted"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert "Test Prospect Co. moved to Contacted." in html
    company.refresh_from_db()
    assert company.stage == Stage.CONTACTED


def test_a_refused_move_says_why_with_htmx(client_as):
    company = new_prospect()
    response = client_as("city").post(
        f"/companies/pipeline/{company.pk}/move/", {"stage": "hosting"}, headers={"HX-Request": "true"}
    )
    assert "Link the company" in response.content.decode()
    company.refresh_from_db()
    assert company.stage == Stage.PROSPECT


def test_an_activity_with_a_next_step_shows_up_as_overdue(client_as):
    company = new_prospect()
    city = client_as("city")
    past = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = city.post(
        company.get_absolute_url(),
        {"kind": "call", "happened_on": past, "summary": "First call.", "next_step": "Visit", "due_on": past},
    )
    assert response.status_code == 302
    activity = OutreachActivity.objects.get(company=company)
    assert activity.author.email == "city@demo.kakehashi.example"
    overdue = selectors.outreach_companies(viewer("city"), overdue=True)
    assert company in overdue
    city.post(f"/companies/pipeline/activities/{activity.pk}/done/")
    assert company not in selectors.outreach_companies(viewer("city"), overdue=True)


def test_a_due_date_without_a_next_step_is_refused():
    company = new_prospect()
    activity = OutreachActivity(kind="visit", happened_on=timezone.localdate(), summary="Visit.")
    activity.due_on = timezone.localdate()
    with pytest.raises(ValidationError):
        services.activity_add(viewer=viewer("city"), company=company, activity=activity)


def test_the_list_searches_and_filters(client_as):
    new_prospect("Searchable Foundry")
    city = client_as("city")
    page = city.get("/companies/pipeline/list/?q=Searchable").content.decode()
    assert "Searchable Foundry" in page
    assert "Yoita" not in page
    page = city.get("/companies/pipeline/list/?stage=hosting").content.decode()
    assert "Nagaoka Seiki" in page
    assert "Yoita" not in page
    partial = city.get("/companies/pipeline/list/?industry=water", headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="results"')


def test_a_new_company_linked_to_its_organization_gets_a_profile(client_as):
    response = client_as("manager").post(
        "/companies/pipeline/new/", {"name_en": "Brand New Co.", "stage": "prospect"}
    )
    assert response.status_code == 302
    company = OutreachCompany.objects.get(name__en="Brand New Co.")
    assert company.program == program()


def upload(client, name: str, content: bytes):
    return client.post("/companies/pipeline/import/", {"file": SimpleUploadedFile(name, content)})


HEADER = "name_ja,name_en,industry,size,address,website,contact_name,contact_email,contact_phone\n"


def test_a_good_csv_is_previewed_then_every_prospect_is_added(client_as):
    city = client_as("city")
    csv = (
        HEADER
        + "北越工業,Hokuetsu Kogyo,machinery,small,長岡市,,木村,kimura@example.jp,\n,Echigo Soft,it,,,,,,\n"
    )
    response = upload(city, "prospects.csv", csv.encode())
    assert response.status_code == 302
    batch = ProspectImport.objects.get(uploaded_by__email="city@demo.kakehashi.example")
    assert batch.errors == []
    assert not OutreachCompany.objects.filter(name__en="Echigo Soft").exists(), "the preview writes nothing"
    assert "Hokuetsu Kogyo" in city.get(response.url).content.decode()
    assert city.post(f"/companies/pipeline/import/{batch.pk}/apply/").status_code == 302
    added = OutreachCompany.objects.get(name__ja="北越工業")
    assert (added.source, added.stage, added.industry) == (Source.IMPORT, Stage.PROSPECT, "machinery")
    assert OutreachCompany.objects.filter(name__en="Echigo Soft").exists()


def test_an_excel_file_with_a_bad_row_adds_nothing(client_as):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name_ja", "name_en", "industry", "contact_email"])
    sheet.append(["良い会社", "", "it", "good@example.jp"])
    sheet.append(["", "", "fishing", "not-an-email"])
    sheet.append(["与板金属加工株式会社", "", "", ""])  # already in the pipeline
    content = __import__("io").BytesIO()
    workbook.save(content)
    city = client_as("city")
    response = upload(city, "prospects.xlsx", content.getvalue())
    batch = ProspectImport.objects.get(uploaded_by__email="city@demo.kakehashi.example")
    assert [error["row"] for error in batch.errors] == [3, 4]
    messages = " ".join(" ".join(error["messages"]) for error in batch.errors)
    assert "no name" in messages
    assert "fishing" in messages
    assert "not a valid email" in messages
    assert "already in the pipeline" in messages
    page = city.get(response.url).content.decode()
    assert "2 rows have errors" in page
    city.post(f"/companies/pipeline/import/{batch.pk}/apply/")
    assert not OutreachCompany.objects.filter(name__ja="良い会社").exists()


def test_a_file_of_another_type_is_refused(client_as):
    response = upload(client_as("city"), "prospects.txt", b"hello")
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_the_board_shows_the_latest_cards_of_each_stage_and_counts_the_rest(client_as):
    OutreachCompany.objects.bulk_create(
        OutreachCompany(program=program(), name={"en": f"Board Company {i}"}, stage=Stage.CONTACTED)
        for i in range(25)
    )
    columns = {column.stage: column for column in selectors.pipeline_board(viewer("city"))}
    contacted = columns[Stage.CONTACTED]
    assert contacted.count == 29  # 4 in the demo
    assert len(contacted.cards) == selectors.BOARD_CARDS_PER_STAGE
    assert contacted.more == 9
    assert [c.name.get("en") for c in columns[Stage.HOSTING].cards][:1]
    hosting_names = {c.name.get("en") for c in columns[Stage.HOSTING].cards}
    assert "Nagaoka Seiki Co., Ltd." in hosting_names
    overdue = [c for c in columns[Stage.INTERESTED].cards if c.next_due]
    assert overdue, "the demo's next steps are on the cards"
    page = client_as("city").get("/companies/pipeline/").content.decode()
    assert "9 more companies" in page
    assert "Nagaoka Seiki Co., Ltd." in page


def test_linking_a_registered_organization_makes_a_profile_and_allows_registration(client_as):
    from kakehashi.accounts.models import Organization, Participation

    organization = Organization.objects.create(
        key="ojiya-kogyo", kind="host_company", name={"en": "Ojiya Kogyo"}, country="JP"
    )
    Participation.objects.create(program=program(), organization=organization)
    company = new_prospect("Ojiya Kogyo")
    response = client_as("city").post(
        f"/companies/pipeline/{company.pk}/edit/",
        {"name_en": "Ojiya Kogyo", "stage": "registered", "organization": organization.pk},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.organization, company.stage) == (organization, Stage.REGISTERED)
    assert CompanyProfile.objects.filter(organization=organization).exists()
    # A host company already linked elsewhere is not offered twice.
    other = new_prospect("Another Co.")
    assert organization not in selectors.linkable_organizations(viewer("city"), other)

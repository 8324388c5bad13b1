"""The companies app's rows of the URL x role matrix."""

from kakehashi.companies.models import (
    OutreachActivity,
    OutreachCompany,
    ProspectImport,
    ReadinessAnswer,
    ReadinessItem,
    Seminar,
    SupportRequest,
)
from kakehashi.core.testing.matrix import PROGRAM_OFFICE, MatrixContext, Row, everyone, expect

PIPELINE = PROGRAM_OFFICE | {"city"}
PIPELINE_EDITORS = {"admin", "manager", "city"}
VERIFIERS = {"admin", "manager", "city"}
OWN_COMPANY = PIPELINE | {"company", "mentor"}
SUPPORT_USERS = PROGRAM_OFFICE | {"telecom", "company", "teacher"}


def company(c: MatrixContext) -> int:
    return c.org("nagaoka-seiki").pk  # the demo company administrator and mentor work there


def other_company(c: MatrixContext) -> int:
    return c.org("echigo-machinery").pk


def prospect(c: MatrixContext) -> int:
    return OutreachCompany.objects.get(program=c.program(), name__en="Yoita Metalworks Co., Ltd.").pk


def item(c: MatrixContext) -> int:
    return ReadinessItem.objects.get(key="hosting_policy").pk


def returned_answer(c: MatrixContext) -> int:
    """The item of an answer of the demo company, waiting for verification again."""

    def make(c: MatrixContext) -> ReadinessAnswer:
        answer = ReadinessAnswer.objects.get(organization_id=company(c), item_id=item(c))
        answer.status = "submitted"
        answer.save()
        return answer

    return c.once("answer", make).item_id


def activity(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> OutreachActivity:
        return OutreachActivity.objects.create(
            company_id=prospect(c),
            kind="call",
            happened_on="2026-01-05",
            summary="Called.",
            next_step="Send the brochure",
            due_on="2026-01-10",
        )

    return c.once("activity", make).pk


def city_import(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> ProspectImport:
        return ProspectImport.objects.create(
            program=c.program(),
            uploaded_by=c.user("city"),
            file_name="prospects.csv",
            rows=[],
            errors=[{"row": 2, "name": "x", "messages": ["bad"]}],
        )

    return c.once("import", make).pk


def seminar(c: MatrixContext) -> int:
    return Seminar.objects.filter(program=c.program()).first().pk  # type: ignore[union-attr]


def kddi_request(c: MatrixContext) -> int:
    return SupportRequest.objects.get(requester__key="nagaoka-seiki").pk


def mobicom_request(c: MatrixContext) -> int:
    return SupportRequest.objects.get(requester__key="must-kosen").pk


ROWS = [
    Row("companies:public_call", everyone(200, anon=200)),
    Row("companies:public_thanks", everyone(200, anon=200)),
    Row("companies:dashboard", expect(PIPELINE | {"funder"})),
    Row("companies:board", expect(PIPELINE)),
    Row("companies:outreach_list", expect(PIPELINE)),
    Row("companies:outreach_create", expect(PIPELINE_EDITORS)),
    Row("companies:outreach_detail", expect(PIPELINE), kwargs=lambda c: {"company_id": prospect(c)}),
    Row(
        "companies:outreach_edit",
        expect(PIPELINE_EDITORS),
        kwargs=lambda c: {"company_id": prospect(c)},
    ),
    Row(
        "companies:outreach_move",
        expect(PIPELINE_EDITORS, yes=302),
        method="post",
        kwargs=lambda c: {"company_id": prospect(c)},
        data=lambda c: {"stage": "contacted"},
    ),
    Row(
        "companies:activity_done",
        expect(PIPELINE_EDITORS, yes=302),
        method="post",
        kwargs=lambda c: {"activity_id": activity(c)},
    ),
    Row("companies:import_upload", expect(PIPELINE_EDITORS)),
    Row(
        "companies:import_preview",
        expect({"city"}, no=404),
        kwargs=lambda c: {"import_id": city_import(c)},
    ),
    Row(
        "companies:import_apply",
        expect({"city"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"import_id": city_import(c)},
    ),
    Row(
        "companies:import_discard",
        expect({"city"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"import_id": city_import(c)},
    ),
    Row("companies:my_company", expect({"company", "mentor"}, yes=302, no=404)),
    Row("companies:profile", expect(OWN_COMPANY, no=404), kwargs=lambda c: {"organization_id": company(c)}),
    Row(
        "companies:profile",
        expect(PIPELINE, no=404),
        kwargs=lambda c: {"organization_id": other_company(c)},
        label="profile of another company",
    ),
    Row(
        "companies:profile_edit",
        expect(PIPELINE_EDITORS | {"company"}, no=404),
        kwargs=lambda c: {"organization_id": company(c)},
        overrides={"accountant": 403, "mentor": 403},
    ),
    Row(
        "companies:profile_edit",
        expect(PIPELINE_EDITORS, no=404),
        kwargs=lambda c: {"organization_id": other_company(c)},
        overrides={"accountant": 403},
        label="profile_edit of another company",
    ),
    Row(
        "companies:readiness",
        expect(OWN_COMPANY, no=404),
        kwargs=lambda c: {"organization_id": company(c)},
    ),
    Row(
        "companies:readiness",
        expect(PIPELINE, no=404),
        kwargs=lambda c: {"organization_id": other_company(c)},
        label="readiness of another company",
    ),
    Row(
        "companies:answer_edit",
        expect({"admin", "company"}, no=404),
        kwargs=lambda c: {"organization_id": company(c), "item_id": returned_answer(c)},
        overrides=dict.fromkeys(PIPELINE - {"admin"} | {"mentor"}, 403),
    ),
    Row(
        "companies:answer_review",
        expect(VERIFIERS, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"organization_id": company(c), "item_id": returned_answer(c)},
        data=lambda c: {"decision": "verify"},
        overrides={"accountant": 403, "company": 403, "mentor": 403},
    ),
    Row(
        "companies:answer_file",
        expect(OWN_COMPANY, yes=404, no=404),
        kwargs=lambda c: {"organization_id": company(c), "item_id": item(c)},
        label="answer_file of an answer without a file",
    ),
    Row(
        "companies:certificate",
        expect(OWN_COMPANY, no=404),
        kwargs=lambda c: {"organization_id": company(c)},
    ),
    Row("companies:verify_queue", expect(VERIFIERS)),
    Row("companies:item_list", expect({"admin", "manager"})),
    Row("companies:item_edit", expect({"admin", "manager"}), kwargs=lambda c: {"item_id": item(c)}),
    Row("companies:seminar_list", expect(PIPELINE)),
    Row("companies:seminar_detail", expect(PIPELINE), kwargs=lambda c: {"seminar_id": seminar(c)}),
    Row("companies:support_list", expect(SUPPORT_USERS)),
    Row("companies:support_create", expect({"company", "teacher"})),
    Row(
        "companies:support_detail",
        expect(PROGRAM_OFFICE | {"telecom", "company"}, no=404),
        kwargs=lambda c: {"request_id": kddi_request(c)},
    ),
    Row(
        "companies:support_detail",
        expect(PROGRAM_OFFICE | {"teacher"}, no=404),
        kwargs=lambda c: {"request_id": mobicom_request(c)},
        label="support_detail of a request to Mobicom",
    ),
    Row(
        "companies:support_status",
        expect({"admin", "telecom"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"request_id": kddi_request(c)},
        data=lambda c: {"status": "in_progress"},
        overrides={"manager": 403, "accountant": 403, "company": 403},
    ),
    # The API.
    Row("api:companies", everyone(200, anon=401)),
    Row(
        "api:readiness",
        expect(OWN_COMPANY, no=404, anon=401),
        kwargs=lambda c: {"organization_id": company(c)},
    ),
    Row("api:support_requests", expect(SUPPORT_USERS, anon=401)),
]

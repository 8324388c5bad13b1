"""The documents for the change of status of residence of a hired graduate to 技術・人文知識・国際業務
(Engineer/Specialist in Humanities/International Services): a summary of the employment contract (Japanese
side by side with the employee's language, signed by both), the company's outline and its reason for
hiring (Japanese), generated from the offer, the hire, the company's profile and the internship the
graduate did, as PDFs in a ZIP with a contents sheet.

Like the status-of-residence pack of an intern (kakehashi.operations.residence_pack), the wording of the
documents is content, not interface strings.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from kakehashi.careers.models import Hire
from kakehashi.core.dates import written_date
from kakehashi.core.filed_documents import FiledDocument

CONTENTS_NAME = "00_contents.pdf"


HIRE_PACK = (
    FiledDocument(
        "contract_summary",
        _("Summary of the employment contract"),
        "雇用契約の概要（労働条件）",
        "Summary of the employment contract",
        "Хөдөлмөрийн гэрээний хураангуй",
        "雇用主・本人",
        True,
        "employment_contract",
    ),
    FiledDocument(
        "company_outline",
        _("Outline of the employing company"),
        "所属機関の概要",
        "Outline of the employing company",
        "Ажил олгогч байгууллагын танилцуулга",
        "雇用主",
        False,
    ),
    FiledDocument(
        "hiring_reason",
        _("Reason for hiring"),
        "雇用理由書",
        "Reason for hiring",
        "Ажилд авах үндэслэл",
        "雇用主",
        False,
    ),
)

SECOND_LABELS = {
    "en": {
        "name": "Name",
        "employer": "Employer",
        "job": "Job title",
        "work": "Work",
        "start": "Start of employment",
        "term": "Term",
        "term_value": "No fixed term",
        "place": "Place of work",
        "salary": "Monthly salary",
        "graduation": "Graduation",
        "employee": "Employee",
    },
    "mn": {
        "name": "Овог нэр",
        "employer": "Ажил олгогч",
        "job": "Албан тушаал",
        "work": "Ажлын агуулга",
        "start": "Ажилд орох огноо",
        "term": "Гэрээний хугацаа",
        "term_value": "Хугацаагүй",
        "place": "Ажлын байр",
        "salary": "Сарын цалин",
        "graduation": "Төгсөлт",
        "employee": "Ажилтан",
    },
}


def _internship_of(hire: Hire) -> Any:
    """The internship the graduate did at the same company, if the platform knows it."""
    case_model = apps.get_model("operations", "InternCase")
    return (
        case_model.objects.filter(intern_id=hire.employee_id, host_id=hire.company_id, cancelled=False)
        .order_by("-arrival_on")
        .first()
    )


def hire_data(hire: Hire) -> dict[str, Any]:
    offer = hire.offer
    employee = hire.employee
    second = "mn" if employee.preferred_language == "mn" else "en"
    profile = (
        apps.get_model("companies", "CompanyProfile").objects.filter(organization_id=hire.company_id).first()
    )
    college = offer.college
    internship = _internship_of(hire)
    salary = offer.monthly_salary_jpy
    graduated = hire.graduated_on or offer.graduation_on
    return {
        "hire": hire,
        "second": second,
        "labels": SECOND_LABELS[second],
        "employee": employee.name_latin,
        "employee_local": employee.name_local,
        "company_ja": hire.company.name.in_language("ja"),
        "company_en": hire.company.name.in_language("en"),
        "company_address": profile.address if profile else "",
        "company_industry": profile.get_industry_display() if profile and profile.industry else "",
        "company_size": profile.get_size_display() if profile and profile.size else "",
        "company_website": profile.website if profile else "",
        "company_contact": profile.contact_people if profile else "",
        "company_history": profile.hosting_history if profile else "",
        "college_ja": college.name.in_language("ja") if college else "",
        "job": offer.title,
        "work": offer.description,
        "salary_ja": f"{salary:,}円" if salary else "",
        "salary_second": f"JPY {salary:,}" if salary else "",
        "start_ja": written_date(hire.start_on, "ja"),
        "start_second": written_date(hire.start_on, second),
        "graduated_ja": written_date(graduated, "ja"),
        "graduated_second": written_date(graduated, second),
        "internship": internship,
        "internship_start_ja": written_date(internship.arrival_on, "ja") if internship else "",
        "internship_end_ja": written_date(internship.departure_on, "ja") if internship else "",
    }


def _context(document: FiledDocument, data: dict[str, Any]) -> dict[str, Any]:
    labels = data["labels"]
    context: dict[str, Any] = {"document": document, "data": data}
    if document.key == "contract_summary":
        context["title_second"] = getattr(document, f"title_{data['second']}")
        context["bilingual_rows"] = [
            ("氏名", labels["name"], data["employee"]),
            ("雇用主", labels["employer"], f"{data['company_ja']} / {data['company_en']}"),
            ("職種", labels["job"], data["job"]),
            ("業務内容", labels["work"], data["work"]),
            ("雇用開始日", labels["start"], f"{data['start_ja']} / {data['start_second']}"),
            ("雇用期間", labels["term"], f"期間の定めなし / {labels['term_value']}"),
            ("就業場所", labels["place"], data["company_address"]),
            ("月額報酬", labels["salary"], f"{data['salary_ja']} / {data['salary_second']}"),
            ("卒業（予定）日", labels["graduation"], f"{data['graduated_ja']} / {data['graduated_second']}"),
        ]
    elif document.key == "company_outline":
        context["rows"] = [
            ("名称", data["company_ja"]),
            ("名称（英文）", data["company_en"]),
            ("所在地", data["company_address"]),
            ("業種", data["company_industry"]),
            ("従業員規模", data["company_size"]),
            ("ウェブサイト", data["company_website"]),
            ("担当者", data["company_contact"]),
            ("外国人材の受入れ実績", data["company_history"]),
        ]
    else:
        paragraphs = [
            f"当社は、{data['employee']}を{data['start_ja']}から{data['job']}として雇用します。",
            f"同人は{data['college_ja'] or '出身校'}において技術を学び、{data['graduated_ja']}に卒業（予定）です。",
        ]
        if data["internship"] is not None:
            paragraphs.append(
                f"同人は在学中の{data['internship_start_ja']}から{data['internship_end_ja']}まで当社でインター"
                "ンシップを修了しており、その際に確認した技術と意欲から、当社の業務に必要な人材と判断しました。"
            )
        paragraphs.append(
            f"従事する業務（{data['work'] or data['job']}）は、同人が修得した工学の知識を要するものであり、"
            "報酬は日本人が従事する場合と同等額以上です。"
        )
        context["paragraphs"] = paragraphs
    return context


def document_html(document: FiledDocument, data: dict[str, Any]) -> str:
    return render_to_string("careers/hire_pack/document.html", _context(document, data))


def contents_html(data: dict[str, Any], built_on: date) -> str:
    return render_to_string(
        "careers/hire_pack/contents.html",
        {
            "data": data,
            "built_on": written_date(built_on, "ja"),
            "documents": [
                {"position": i, "document": d, "filename": d.filename(i)}
                for i, d in enumerate(HIRE_PACK, start=1)
            ],
        },
    )


def build_zip(
    hire: Hire, *, built_on: date, progress: Callable[[int], None] | None = None
) -> tuple[bytes, list[dict[str, str]]]:
    from kakehashi.operations.residence_pack import zip_of_pdfs

    data = hire_data(hire)
    parts = [(CONTENTS_NAME, contents_html(data, built_on))]
    parts += [(d.filename(i), document_html(d, data)) for i, d in enumerate(HIRE_PACK, start=1)]
    files = [{"key": d.key, "filename": d.filename(i)} for i, d in enumerate(HIRE_PACK, start=1)]
    return zip_of_pdfs(parts, progress), files

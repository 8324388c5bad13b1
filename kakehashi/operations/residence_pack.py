"""The status-of-residence pack of an intern: the documents the host company and the college prepare for
the route the case already computes, generated from the platform's data, as PDFs in a ZIP with a contents
sheet.

Short-term stay (an unpaid internship of up to 90 days) files a letter of invitation, a schedule of stay, a
statement that no remuneration is paid, the inviting company's outline and a letter of guarantee, with the
college's letter of recommendation. Designated activities (a paid internship within a degree curriculum)
files an activity plan and schedule, a remuneration statement, the host's outline and its letter of
acceptance, a letter of guarantee, and the college's certificate that the internship is part of the
curriculum.

The documents are filed in Japanese; what the college signs is Japanese side by side with the college's
language (Mongolian for a Mongolian college, English otherwise). Like the completion certificate, their
wording is content (the texts below), not interface strings: it does not follow the reader's language.
"""

import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.core.dates import written_date
from kakehashi.core.filed_documents import FiledDocument
from kakehashi.core.pdf import html_to_pdf
from kakehashi.operations.models import InternCase, ResidenceRoute

HOST = "host"
COLLEGE = "college"
PREPARED_BY = {HOST: _("Host company"), COLLEGE: _("College")}
PREPARED_BY_JA = {HOST: "受入企業", COLLEGE: "送出し校"}
CONTENTS_NAME = "00_contents.pdf"


def _document(
    key: str,
    title: Promise,
    title_ja: str,
    title_en: str,
    title_mn: str,
    prepared_by: str,
    bilingual: bool,
    checklist_key: str = "",
) -> FiledDocument:
    return FiledDocument(
        key,
        title,
        title_ja,
        title_en,
        title_mn,
        PREPARED_BY_JA[prepared_by],
        bilingual,
        checklist_key,
        prepared_by,
    )


SHORT_TERM_STAY_PACK = (
    _document(
        "invitation",
        _("Letter of invitation"),
        "招へい理由書",
        "Letter of invitation",
        "Урилга",
        HOST,
        False,
        "invitation_letter",
    ),
    _document(
        "schedule",
        _("Schedule of stay"),
        "滞在予定表",
        "Schedule of stay",
        "Байх хугацааны төлөвлөгөө",
        HOST,
        False,
        "itinerary",
    ),
    _document(
        "no_remuneration",
        _("Statement that no remuneration is paid"),
        "無報酬であることの説明書",
        "Statement that no remuneration is paid",
        "Цалин олгохгүй тухай тодорхойлолт",
        HOST,
        False,
    ),
    _document(
        "company_outline",
        _("Outline of the inviting company"),
        "招へい機関の概要",
        "Outline of the inviting company",
        "Урьж буй байгууллагын танилцуулга",
        HOST,
        False,
    ),
    _document(
        "guarantee",
        _("Letter of guarantee"),
        "身元保証書",
        "Letter of guarantee",
        "Батлан даалтын бичиг",
        HOST,
        False,
        "guarantee_letter",
    ),
    _document(
        "recommendation",
        _("College's letter of recommendation"),
        "推薦状",
        "Letter of recommendation",
        "Зөвлөмж захидал",
        COLLEGE,
        True,
    ),
)

DESIGNATED_ACTIVITIES_PACK = (
    _document(
        "activity_plan",
        _("Activity plan and schedule"),
        "活動計画書・日程表",
        "Activity plan and schedule",
        "Үйл ажиллагааны төлөвлөгөө ба хуваарь",
        HOST,
        False,
    ),
    _document(
        "remuneration",
        _("Remuneration statement"),
        "報酬に関する説明書",
        "Remuneration statement",
        "Цалин хөлсний тодорхойлолт",
        HOST,
        False,
    ),
    _document(
        "company_outline",
        _("Outline of the host company"),
        "受入れ機関の概要",
        "Outline of the host company",
        "Хүлээн авагч байгууллагын танилцуулга",
        HOST,
        False,
        "company_documents",
    ),
    _document(
        "acceptance",
        _("Letter of acceptance"),
        "受入承諾書",
        "Letter of acceptance",
        "Хүлээн авах зөвшөөрлийн бичиг",
        HOST,
        False,
    ),
    _document(
        "guarantee",
        _("Letter of guarantee"),
        "身元保証書",
        "Letter of guarantee",
        "Батлан даалтын бичиг",
        HOST,
        False,
    ),
    _document(
        "curriculum",
        _("College's certificate that the internship is part of the curriculum"),
        "教育課程の一環として実施されることの証明書",
        "Certificate that the internship is part of the curriculum",
        "Дадлага нь сургалтын хөтөлбөрийн нэг хэсэг болохыг нотлох бичиг",
        COLLEGE,
        True,
        "curriculum_certificate",
    ),
)

PACK_BY_ROUTE: dict[str, tuple[FiledDocument, ...]] = {
    ResidenceRoute.SHORT_TERM_STAY: SHORT_TERM_STAY_PACK,
    ResidenceRoute.DESIGNATED_ACTIVITIES: DESIGNATED_ACTIVITIES_PACK,
}


def documents_for(route: str) -> tuple[FiledDocument, ...]:
    return PACK_BY_ROUTE[route]


def document_for(route: str, key: str) -> tuple[int, FiledDocument] | None:
    """The position (from 1) and the document `key` of the route's pack."""
    for position, document in enumerate(documents_for(route), start=1):
        if document.key == key:
            return position, document
    return None


# --- the data the documents are made of ---------------------------------------------------------------


def _placement_of(case: InternCase) -> Any:
    """The placement the case came from (internships app), without importing its schema here."""
    if case.placement_ref is None:
        return None
    placement_model = apps.get_model("internships", "Placement")
    return (
        placement_model.objects.select_related("place", "application").filter(pk=case.placement_ref).first()
    )


def _company_profile(case: InternCase) -> Any:
    profile_model = apps.get_model("companies", "CompanyProfile")
    return profile_model.objects.filter(organization_id=case.host_id).first()


def _name(org: Any, lang: str) -> str:
    if org is None:
        return ""
    return str(org.name.in_language(lang))


def second_language(case: InternCase) -> str:
    """The language the college reads side by side with Japanese."""
    return "mn" if case.college is not None and case.college.country == "MN" else "en"


def _weeks(case: InternCase, field: str) -> list[dict[str, str]]:
    """The schedule, week by week: orientation first, the report last, practice in between."""
    weeks = []
    start = case.arrival_on
    number = 1
    while start <= case.departure_on:
        end = min(start + timedelta(days=6), case.departure_on)
        first, last = start == case.arrival_on, end == case.departure_on
        if first and last:
            activity = f"来日、オリエンテーション・安全教育、{field}の実習、成果報告、帰国"
        elif first:
            activity = f"来日、生活・安全オリエンテーション、{field}の基礎実習"
        elif last:
            activity = f"{field}の実習のまとめ、成果報告会、帰国"
        else:
            activity = f"{field}の実習（指導担当者のもとで）"
        weeks.append(
            {
                "label": f"第{number}週",
                "dates": f"{written_date(start, 'ja')}〜{written_date(end, 'ja')}",
                "activity": activity,
            }
        )
        start, number = end + timedelta(days=1), number + 1
    return weeks


def pack_data(case: InternCase) -> dict[str, Any]:
    """Everything the documents print, gathered once per case."""
    placement = _placement_of(case)
    place = placement.place if placement else None
    application = placement.application if placement else None
    profile = _company_profile(case)
    intern = case.intern
    field = (place.field if place else "") or "技術"
    second = second_language(case)
    return {
        "case": case,
        "second": second,
        "student_latin": (application.name_latin if application else "") or intern.name_latin,
        "student_local": (application.name_cyrillic if application else "") or intern.name_local,
        "department": application.department if application else "",
        "year": application.year if application else None,
        "college_ja": _name(case.college, "ja"),
        "college_second": _name(case.college, second),
        "company_ja": _name(case.host, "ja"),
        "company_en": case.host.name.in_language("en"),
        "company_address": profile.address if profile else "",
        "company_industry": profile.get_industry_display() if profile and profile.industry else "",
        "company_size": profile.get_size_display() if profile and profile.size else "",
        "company_website": profile.website if profile else "",
        "company_contact": profile.contact_people if profile else "",
        "company_languages": profile.languages_spoken if profile else "",
        "company_history": profile.hosting_history if profile else "",
        "place_title": place.title.in_language("ja") if place else "",
        "place_description": place.description.in_language("ja") if place else "",
        "place_location": place.location if place else "",
        "field": field,
        "housing": place.housing if place else None,
        "start_ja": written_date(case.arrival_on, "ja"),
        "end_ja": written_date(case.departure_on, "ja"),
        "start_second": written_date(case.arrival_on, second),
        "end_second": written_date(case.departure_on, second),
        "days": case.days,
        "paid": case.paid,
        "weeks": _weeks(case, field),
        "program_ja": case.program.title.in_language("ja"),
    }


# --- the texts ---------------------------------------------------------------------------------------

COLLEGE_TEXT = {
    "curriculum": {
        "ja": "上記の学生が{start}から{end}まで{company}において行うインターンシップは、本校の教育課程の一環として"
        "実施され、単位として認定されるものであることを証明します。",
        "en": "This certifies that the internship the above student will do at {company} from {start} to {end} "
        "is part of our degree curriculum and is credited as such.",
        "mn": "Дээр дурдсан оюутны хүлээн авагч компанид ({company}) {start}-аас {end} хүртэл хийх дадлага нь "
        "манай сургуулийн сургалтын хөтөлбөрийн нэг хэсэг бөгөөд кредитээр тооцогдохыг нотолж байна.",
    },
    "recommendation": {
        "ja": "上記の者は本校の学生であり、{start}から{end}まで{company}において無報酬のインターンシップを行うため"
        "訪日することを推薦します。期間中の学業及び安全については、本校が受入企業と協力して責任を負います。",
        "en": "The above is a student of our college. We recommend them for a visit to Japan to do an unpaid "
        "internship at {company} from {start} to {end}. The college shares with the host company the "
        "responsibility for their studies and safety during the stay.",
        "mn": "Дээр дурдсан оюутан манай сургуулийн оюутан юм. Түүнийг хүлээн авагч компанид ({company}) "
        "{start}-аас {end} хүртэл цалингүй дадлага хийхээр Японд зорчихыг бид санал болгож байна. Дадлагын "
        "хугацаанд оюутны сурлага, аюулгүй байдлыг сургууль хүлээн авагч компанитай хамтран хариуцна.",
    },
}

SECOND_LABELS = {
    "en": {"name": "Name", "college": "College", "department": "Department", "period": "Period"},
    "mn": {"name": "Овог нэр", "college": "Сургууль", "department": "Тэнхим", "period": "Хугацаа"},
}


def _host_body(document: FiledDocument, data: dict[str, Any]) -> list[str]:
    company, start, end = data["company_ja"], data["start_ja"], data["end_ja"]
    name, college = data["student_latin"], data["college_ja"] or "送出し校"
    key = document.key
    if key == "invitation":
        return [
            f"当社は、{college}の学生である{name}を、{start}から{end}まで（{data['days']}日間）、"
            f"インターンシップ生として招へいします。",
            f"招へいの目的：{data['program_ja']}の一環として、当社において{data['field']}の実務を体験し、"
            "卒業後の日本での就業に向けた理解を深めるため。本インターンシップは無報酬です。",
        ]
    if key in ("schedule", "activity_plan"):
        return [
            f"{name}は、{start}から{end}まで（{data['days']}日間）、{company}において下記の日程で活動します。"
        ]
    if key == "no_remuneration":
        return [
            f"{name}は、{start}から{end}まで{company}において行うインターンシップについて、当社から報酬を受けません。",
            "滞在中の宿泊及び移動に係る実費の支援は報酬に当たらないものとして行います。",
        ]
    if key == "remuneration":
        return [
            f"当社は、{name}に対し、{start}から{end}までのインターンシップの対価として、下記のとおり報酬を支払います。",
            "報酬額：月額　　　　　　円（日本人が従事する場合の報酬と同等額以上）",
            "支払方法：毎月末締め、翌月　　日に本人名義の口座へ振込",
        ]
    if key == "company_outline":
        return [f"{company}の概要は下記のとおりです。"]
    if key == "acceptance":
        return [
            f"当社は、{college}の学生である{name}を、同校の教育課程の一環として、{start}から{end}まで"
            f"（{data['days']}日間）インターンシップ生として受け入れることを承諾します。",
            "受入れ期間中は、指導担当者を置き、活動計画書に従って実習を行わせます。",
        ]
    if key == "guarantee":
        return [
            "法務大臣　殿",
            f"上記の者の本邦滞在（{start}から{end}まで）について、下記の事項を保証します。",
            "1．滞在費　2．帰国旅費　3．法令の遵守",
        ]
    return []


def _rows(document: FiledDocument, data: dict[str, Any]) -> list[tuple[str, str]]:
    period = f"{data['start_ja']}〜{data['end_ja']}（{data['days']}日間）"
    person = [
        ("氏名", data["student_latin"]),
        ("氏名（現地表記）", data["student_local"]),
        ("所属校", data["college_ja"]),
        (
            "学科・学年",
            " ".join(filter(None, [data["department"], f"{data['year']}年" if data["year"] else ""])),
        ),
    ]
    company = [("受入企業", data["company_ja"]), ("所在地", data["company_address"])]
    if document.key == "company_outline":
        return [
            ("名称", data["company_ja"]),
            ("名称（英文）", data["company_en"]),
            ("所在地", data["company_address"]),
            ("業種", data["company_industry"]),
            ("従業員規模", data["company_size"]),
            ("ウェブサイト", data["company_website"]),
            ("担当者", data["company_contact"]),
            ("対応言語", data["company_languages"]),
            ("受入れ実績", data["company_history"]),
            ("受入れ期間", period),
        ]
    rows = [*person, *company, ("期間", period)]
    if document.key in ("schedule", "activity_plan", "acceptance", "invitation"):
        rows += [
            ("実習テーマ", data["place_title"]),
            ("分野", data["field"]),
            ("実習場所", data["place_location"]),
            ("活動内容", data["place_description"]),
            ("報酬", "有" if data["paid"] else "無"),
        ]
        if data["housing"] is not None:
            rows.append(("宿舎", "受入企業が手配" if data["housing"] else "本人又は事業で手配"))
    return rows


def document_context(document: FiledDocument, data: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {"document": document, "data": data, "prepared_by_ja": PREPARED_BY_JA}
    if document.prepared_by == COLLEGE:
        second = data["second"]
        texts = COLLEGE_TEXT[document.key]
        labels = SECOND_LABELS[second]
        context.update(
            title_second=getattr(document, f"title_{second}"),
            second=second,
            body_ja=texts["ja"].format(
                company=data["company_ja"], start=data["start_ja"], end=data["end_ja"]
            ),
            body_second=texts[second].format(
                company=data["company_en"], start=data["start_second"], end=data["end_second"]
            ),
            bilingual_rows=[
                ("氏名", labels["name"], data["student_latin"]),
                ("所属校", labels["college"], f"{data['college_ja']} / {data['college_second']}"),
                ("学科", labels["department"], data["department"]),
                (
                    "期間",
                    labels["period"],
                    f"{data['start_ja']}〜{data['end_ja']} / {data['start_second']} – {data['end_second']}",
                ),
            ],
            signer_ja=data["college_ja"],
            signer_second=data["college_second"],
        )
    else:
        context.update(
            paragraphs=_host_body(document, data),
            rows=_rows(document, data),
            weeks=data["weeks"] if document.key in ("schedule", "activity_plan") else [],
            signer_ja=data["company_ja"],
        )
    return context


def document_html(document: FiledDocument, data: dict[str, Any]) -> str:
    return render_to_string("operations/residence_pack/document.html", document_context(document, data))


def contents_html(case: InternCase, data: dict[str, Any], built_on: date) -> str:
    documents = documents_for(case.route)
    generated = {d.checklist_key for d in documents if d.checklist_key}
    others = [d for d in case.residence_documents.all() if d.key not in generated]
    return render_to_string(
        "operations/residence_pack/contents.html",
        {
            "case": case,
            "data": data,
            "built_on": written_date(built_on, "ja"),
            "route_ja": "短期滞在"
            if case.route == ResidenceRoute.SHORT_TERM_STAY
            else "特定活動（インターンシップ）",
            "documents": [
                {
                    "position": position,
                    "document": document,
                    "filename": document.filename(position),
                    "prepared_by": PREPARED_BY_JA[document.prepared_by],
                    "language": f"日本語・{'モンゴル語' if data['second'] == 'mn' else '英語'}"
                    if document.bilingual
                    else "日本語",
                }
                for position, document in enumerate(documents, start=1)
            ],
            "others": others,
        },
    )


def zip_of_pdfs(parts: list[tuple[str, str]], progress: Callable[[int], None] | None = None) -> bytes:
    """A ZIP of PDFs, each `(filename, html)` rendered with the platform's renderer, in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, (filename, html) in enumerate(parts, start=1):
            archive.writestr(filename, html_to_pdf(html))
            if progress:
                progress(int(95 * done / len(parts)))
    return buffer.getvalue()


def build_zip(
    case: InternCase, *, built_on: date, progress: Callable[[int], None] | None = None
) -> tuple[bytes, list[dict[str, str]]]:
    """The pack as a ZIP (the contents sheet first, then each document) and the list of its documents."""
    data = pack_data(case)
    documents = documents_for(case.route)
    parts = [(CONTENTS_NAME, contents_html(case, data, built_on))]
    parts += [(d.filename(i), document_html(d, data)) for i, d in enumerate(documents, start=1)]
    files = [
        {"key": d.key, "filename": d.filename(i), "prepared_by": d.prepared_by}
        for i, d in enumerate(documents, start=1)
    ]
    return zip_of_pdfs(parts, progress), files


def read_member(archive_bytes: bytes, filename: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return archive.read(filename)

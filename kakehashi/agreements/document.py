"""The agreement as a document: its clauses in Japanese and the student's language side by side, rendered to
PDF by kakehashi.core.pdf; and the signed copy with its signature page and verification code.

Like the completion certificate, the agreement is a document in fixed languages whatever the reader's
language, so its wording is content (TEXT), not interface strings.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from kakehashi.certificates.qr import qr_data_uri
from kakehashi.core import times
from kakehashi.core.dates import written_date
from kakehashi.core.pdf import html_to_pdf

TITLE = {
    "ja": "インターンシップ実施に関する協定書",
    "en": "Internship agreement",
    "mn": "Дадлага хийх тухай гэрээ",
}
HEADINGS = {
    "purpose": {"ja": "第1条（目的）", "en": "Article 1 (Purpose)", "mn": "1 дүгээр зүйл (Зорилго)"},
    "period": {
        "ja": "第2条（期間及び場所）",
        "en": "Article 2 (Period and place)",
        "mn": "2 дугаар зүйл (Хугацаа, байршил)",
    },
    "work": {"ja": "第3条（実習内容）", "en": "Article 3 (Work)", "mn": "3 дугаар зүйл (Дадлагын агуулга)"},
    "status": {
        "ja": "第4条（報酬及び在留資格）",
        "en": "Article 4 (Remuneration and status of residence)",
        "mn": "4 дүгээр зүйл (Цалин ба оршин суух статус)",
    },
    "housing": {"ja": "第5条（宿泊）", "en": "Article 5 (Housing)", "mn": "5 дугаар зүйл (Байр)"},
    "insurance": {"ja": "第6条（保険）", "en": "Article 6 (Insurance)", "mn": "6 дугаар зүйл (Даатгал)"},
    "duties": {
        "ja": "第7条（遵守事項及び支援）",
        "en": "Article 7 (Duties and support)",
        "mn": "7 дугаар зүйл (Үүрэг ба дэмжлэг)",
    },
    "secrecy": {
        "ja": "第8条（秘密保持）",
        "en": "Article 8 (Confidentiality)",
        "mn": "8 дугаар зүйл (Нууцлал)",
    },
    "signing": {"ja": "第9条（署名）", "en": "Article 9 (Signatures)", "mn": "9 дүгээр зүйл (Гарын үсэг)"},
}
TEXT = {
    "purpose": {
        "ja": "本協定は、{program}の一環として{student}（以下「学生」）が{company}（以下「受入企業」）で行うインターンシップについて、{college}（以下「学校」）、受入企業、学生及び{office}（以下「事務局」）の間で必要な事項を定める。",
        "en": "This agreement sets out, between {college} (the college), {company} (the host company), {student} (the student) and {office} (the program office), the terms of the student's internship at the host company within {program}.",
        "mn": "Энэхүү гэрээгээр {program}-ийн хүрээнд {student} (цаашид «оюутан») {company} (цаашид «хүлээн авагч компани»)-д хийх дадлагын нөхцөлийг {college} (цаашид «коллеж»), хүлээн авагч компани, оюутан болон {office} (цаашид «хөтөлбөрийн алба»)-ны хооронд тогтооно.",
    },
    "period": {
        "ja": "実習期間は{start}から{end}まで（{days}日間）とし、実習場所は{location}とする。",
        "en": "The internship runs from {start} to {end} ({days} days) at {location}.",
        "mn": "Дадлагын хугацаа {start}-аас {end} хүртэл ({days} хоног), байршил нь {location}.",
    },
    "work": {
        "ja": "実習内容は「{title}」とする。{description}",
        "en": "The work is “{title}”. {description}",
        "mn": "Дадлагын агуулга: «{title}». {description}",
    },
    "paid": {
        "ja": "本実習は有給とし、受入企業が報酬を支払う。学生は在留資格「{route}」により実習を行う。",
        "en": "The internship is paid by the host company. The student stays under the status of residence “{route}”.",
        "mn": "Дадлага цалинтай бөгөөд хүлээн авагч компани цалин олгоно. Оюутан «{route}» оршин суух статусаар дадлага хийнэ.",
    },
    "unpaid": {
        "ja": "本実習は無給とする。学生は在留資格「{route}」により実習を行う。",
        "en": "The internship is unpaid. The student stays under the status of residence “{route}”.",
        "mn": "Дадлага цалингүй. Оюутан «{route}» оршин суух статусаар дадлага хийнэ.",
    },
    "housing": {
        "ja": "学生の宿泊先は{housing}とする。",
        "en": "The student lives at {housing}.",
        "mn": "Оюутан {housing}-д байрлана.",
    },
    "housing_later": {
        "ja": "学生の宿泊先は、事務局が出発前に通知する。",
        "en": "The program office tells the student where they will live before departure.",
        "mn": "Оюутны байрыг хөтөлбөрийн алба явахаас өмнө мэдэгдэнэ.",
    },
    "insurance": {
        "ja": "学生は{start}から{end}まで{provider}の保険に加入する。",
        "en": "The student is insured with {provider} from {start} to {end}.",
        "mn": "Оюутан {start}-аас {end} хүртэл {provider}-д даатгуулна.",
    },
    "insurance_later": {
        "ja": "学生は実習期間中、事務局が定める海外旅行保険に加入する。",
        "en": "The student is insured for the whole internship with the travel insurance the program office arranges.",
        "mn": "Оюутан дадлагын бүх хугацаанд хөтөлбөрийн албаны зохион байгуулсан аяллын даатгалд хамрагдана.",
    },
    "duties": {
        "ja": "学生は受入企業の就業規則及び安全衛生上の指示に従い、毎日の安全確認と日報を行う。受入企業は指導担当者を置き、学校及び事務局は学生の生活と安全を支援する。",
        "en": "The student follows the host company's work rules and safety instructions and checks in and reports every day. The host company names a mentor; the college and the program office support the student's daily life and safety.",
        "mn": "Оюутан хүлээн авагч компанийн дотоод журам, аюулгүй ажиллагааны зааврыг дагаж, өдөр бүр аюулгүй байдлын мэдээлэл болон өдрийн тайлан өгнө. Хүлээн авагч компани удирдагч томилж, коллеж болон хөтөлбөрийн алба оюутны ахуй, аюулгүй байдлыг дэмжинэ.",
    },
    "secrecy": {
        "ja": "学生は、実習中に知り得た受入企業の秘密を、実習期間中及び終了後も第三者に漏らさない。",
        "en": "The student keeps the host company's confidential information secret, during the internship and after it.",
        "mn": "Оюутан дадлагын явцад мэдсэн хүлээн авагч компанийн нууц мэдээллийг дадлагын үеэр болон дараа нь гуравдагч этгээдэд задруулахгүй.",
    },
    "signing": {
        "ja": "本協定は、学校、受入企業、学生、事務局の順に架け橋プラットフォーム上で署名し、全員の署名をもって成立する。条件が変更された場合は新しい版を作成し、それ以前の署名は無効となる。",
        "en": "The college, the host company, the student and the program office sign this agreement on the Kakehashi platform, in that order; it takes effect with the last signature. A change of its terms makes a new version, and the signatures given before it are void.",
        "mn": "Энэхүү гэрээнд коллеж, хүлээн авагч компани, оюутан, хөтөлбөрийн алба энэ дарааллаар Kakehashi платформ дээр гарын үсэг зурж, бүх талын гарын үсгээр хүчин төгөлдөр болно. Нөхцөл өөрчлөгдвөл шинэ хувилбар үүсгэж, өмнөх гарын үсгүүд хүчингүй болно.",
    },
}
ROUTES = {
    "short_term_stay": {"ja": "短期滞在", "en": "Temporary visitor", "mn": "Богино хугацаагаар оршин суух"},
    "designated_activities": {"ja": "特定活動", "en": "Designated activities", "mn": "Тусгай үйл ажиллагаа"},
}
PARTY_NAMES = {
    "college": {"ja": "学校", "en": "College", "mn": "Коллеж"},
    "company": {"ja": "受入企業", "en": "Host company", "mn": "Хүлээн авагч компани"},
    "student": {"ja": "学生", "en": "Student", "mn": "Оюутан"},
    "office": {"ja": "事務局", "en": "Program office", "mn": "Хөтөлбөрийн алба"},
}
LABELS = {
    "version": {"ja": "版", "en": "Version", "mn": "Хувилбар"},
    "signatures": {"ja": "署名", "en": "Signatures", "mn": "Гарын үсэг"},
    "verify": {"ja": "検証コード", "en": "Verification code", "mn": "Баталгаажуулах код"},
}


def _student(terms: dict[str, Any], lang: str) -> str:
    latin, local = terms["student"]["latin"], terms["student"]["local"]
    if lang == "mn" and local:
        return f"{local} ({latin})" if latin and latin != local else local
    return latin or local


def clauses(terms: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(heading, text) of every article in `lang`."""
    start, end = (datetime.date.fromisoformat(day) for day in terms["period"])
    parties = terms["parties"]
    values = {
        "program": terms["program"].get(lang, ""),
        "student": _student(terms, lang),
        "company": parties["company"].get(lang, ""),
        "college": parties["college"].get(lang, "") or PARTY_NAMES["college"][lang],
        "office": parties["office"].get(lang, "") or PARTY_NAMES["office"][lang],
        "start": written_date(start, lang),
        "end": written_date(end, lang),
        "days": (end - start).days + 1,
        "location": terms["place"]["location"] or parties["company"].get(lang, ""),
        "title": terms["place"]["title"].get(lang, "") or terms["program"].get(lang, ""),
        "description": terms["place"]["description"].get(lang, ""),
        "route": ROUTES.get(terms["route"], {}).get(lang, terms["route"]),
    }
    housing, insurance = terms["housing"], terms["insurance"]
    out = [
        ("purpose", TEXT["purpose"][lang].format(**values)),
        ("period", TEXT["period"][lang].format(**values)),
        ("work", TEXT["work"][lang].format(**values).strip()),
        ("status", TEXT["paid" if terms["paid"] else "unpaid"][lang].format(**values)),
    ]
    if housing["name"]:
        where = housing["name"] + (f" ({housing['provider']})" if housing["provider"] else "")
        out.append(("housing", TEXT["housing"][lang].format(housing=where)))
    else:
        out.append(("housing", TEXT["housing_later"][lang]))
    if insurance["provider"] and insurance["from"] and insurance["to"]:
        out.append(
            (
                "insurance",
                TEXT["insurance"][lang].format(
                    provider=insurance["provider"],
                    start=written_date(datetime.date.fromisoformat(insurance["from"]), lang),
                    end=written_date(datetime.date.fromisoformat(insurance["to"]), lang),
                ),
            )
        )
    else:
        out.append(("insurance", TEXT["insurance_later"][lang]))
    out += [(key, TEXT[key][lang]) for key in ("duties", "secrecy", "signing")]
    return [(HEADINGS[key][lang], text) for key, text in out]


def document_context(*, terms: dict[str, Any], language: str, serial: str, number: int) -> dict[str, Any]:
    """Japanese on the left, the student's language on the right, article by article."""
    japanese, other = clauses(terms, "ja"), clauses(terms, language)
    return {
        "languages": ("ja", language),
        "title": (TITLE["ja"], TITLE[language]),
        "articles": list(zip(japanese, other, strict=True)),
        "parties": [
            (PARTY_NAMES[key]["ja"], PARTY_NAMES[key][language], _party_name(terms, key, language))
            for key in ("college", "company", "student", "office")
        ],
        "serial": serial,
        "number": number,
        "labels": {key: (text["ja"], text[language]) for key, text in LABELS.items()},
    }


def _party_name(terms: dict[str, Any], key: str, language: str) -> str:
    if key == "student":
        return _student(terms, language)
    names = terms["parties"][key]
    ja, other = names.get("ja", ""), names.get(language, "")
    return ja if ja == other or not other else f"{ja} / {other}"


def document_html(*, terms: dict[str, Any], language: str, serial: str, number: int) -> str:
    context = document_context(terms=terms, language=language, serial=serial, number=number)
    return render_to_string("agreements/document.html", context)


def version_pdf(*, terms: dict[str, Any], language: str, serial: str, number: int) -> bytes:
    return html_to_pdf(document_html(terms=terms, language=language, serial=serial, number=number))


def verification_url(base: str, code: str) -> str:
    return base.rstrip("/") + reverse("agreements:verify") + "?" + urlencode({"code": code})


def signed_pdf(
    *,
    terms: dict[str, Any],
    language: str,
    serial: str,
    number: int,
    code: str,
    base_url: str,
    signatures: list[Any],
) -> bytes:
    """The version as signed, with a signature page (who signed for each party, when, from where, the
    SHA-256 of the bytes they signed) and the verification code with its QR code."""
    context = document_context(terms=terms, language=language, serial=serial, number=number)
    url = verification_url(base_url, code)
    context["signed"] = [
        {
            "party": (PARTY_NAMES[s.party]["ja"], PARTY_NAMES[s.party][language]),
            "organization": s.organization_name,
            "name": s.signer_name,
            "at": s.signed_at.astimezone(ZoneInfo(times.TOKYO)).strftime("%Y-%m-%d %H:%M:%S JST"),
            "ip": s.ip_address,
            # In groups of eight, so that a line breaks between groups and a person can compare them.
            "sha256": " ".join(s.sha256[i : i + 8] for i in range(0, len(s.sha256), 8)),
        }
        for s in signatures
    ]
    context["verification"] = {"code": code, "url": url, "qr": qr_data_uri(url)}
    return html_to_pdf(render_to_string("agreements/document.html", context))

"""Demo host companies: 8 ready and hosting (the accounts demo's organizations), 12 others in the pipeline.

Everything is keyed (companies by program and name, answers by company and item), so loading twice
changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import HOST_COMPANIES, JOINING_COMPANIES, demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.companies.models import (
    ActivityKind,
    AnswerStatus,
    CompanyProfile,
    CompanySize,
    Industry,
    OutreachActivity,
    OutreachCompany,
    ReadinessAnswer,
    ReadinessItem,
    Seminar,
    Source,
    Stage,
    SupportRequest,
)
from kakehashi.companies.reference import load_readiness_items

HOST_DETAILS = {
    "nagaoka-seiki": (Industry.PRECISION, CompanySize.MEDIUM, "長岡市新産町", "Japanese, English"),
    "echigo-machinery": (Industry.MACHINERY, CompanySize.LARGE, "長岡市城岡", "Japanese"),
    "shinano-kensetsu": (Industry.CONSTRUCTION, CompanySize.MEDIUM, "長岡市大手通", "Japanese"),
    "nagaoka-suido": (Industry.WATER, CompanySize.SMALL, "長岡市幸町", "Japanese"),
    "yukiguni-it": (Industry.IT, CompanySize.SMALL, "長岡市千秋", "Japanese, English"),
    "kakizaki-precision": (Industry.PRECISION, CompanySize.SMALL, "長岡市摂田屋", "Japanese"),
    "tochio-robotics": (Industry.MACHINERY, CompanySize.MICRO, "長岡市栃尾", "Japanese, English"),
    "teradomari-denki": (Industry.ELECTRIC, CompanySize.SMALL, "長岡市寺泊", "Japanese"),
}

# (name_ja, name_en, name_mn, industry, size, stage, contact): Mongolian readers know a Japanese company
# by its name transliterated into Cyrillic, with ХК (хувьцаат компани) for 株式会社.
PROSPECTS = [
    (
        "与板金属加工株式会社",
        "Yoita Metalworks Co., Ltd.",
        "Ёйта Металл Боловсруулах ХК",
        Industry.MACHINERY,
        CompanySize.SMALL,
        Stage.PROSPECT,
        "山田 太郎",
    ),
    (
        "宮内精工株式会社",
        "Miyauchi Seiko Co., Ltd.",
        "Миёүчи Сэйко ХК",
        Industry.PRECISION,
        CompanySize.SMALL,
        Stage.PROSPECT,
        "佐々木 一郎",
    ),
    (
        "越路建設工業株式会社",
        "Koshiji Construction Co., Ltd.",
        "Кошижи Барилга ХК",
        Industry.CONSTRUCTION,
        CompanySize.MEDIUM,
        Stage.PROSPECT,
        "鈴木 花子",
    ),
    (
        "川口上下水道設備株式会社",
        "Kawaguchi Water Works Co., Ltd.",
        "Кавагүчи Ус Хангамж ХК",
        Industry.WATER,
        CompanySize.SMALL,
        Stage.PROSPECT,
        "田中 健",
    ),
    (
        "信濃川システム株式会社",
        "Shinanogawa Systems Inc.",
        "Шинаногава Системс ХК",
        Industry.IT,
        CompanySize.MICRO,
        Stage.CONTACTED,
        "高木 翔",
    ),
    (
        "山古志機工株式会社",
        "Yamakoshi Kiko Co., Ltd.",
        "Ямакоши Кико ХК",
        Industry.MACHINERY,
        CompanySize.MICRO,
        Stage.CONTACTED,
        "石井 誠",
    ),
    (
        "小国精密部品株式会社",
        "Oguni Precision Parts Co., Ltd.",
        "Огүни Нарийн Эд анги ХК",
        Industry.PRECISION,
        CompanySize.SMALL,
        Stage.CONTACTED,
        "中川 愛",
    ),
    (
        "和島管工株式会社",
        "Washima Pipe Works Co., Ltd.",
        "Вашима Хоолой ХК",
        Industry.WATER,
        CompanySize.MICRO,
        Stage.CONTACTED,
        "森 直人",
    ),
    (
        "中之島テクノ株式会社",
        "Nakanoshima Techno Co., Ltd.",
        "Наканошима Техно ХК",
        Industry.MACHINERY,
        CompanySize.MEDIUM,
        Stage.INTERESTED,
        "岡田 学",
    ),
    (
        "三島データサービス株式会社",
        "Mishima Data Services Inc.",
        "Мишима Дата Сервис ХК",
        Industry.IT,
        CompanySize.SMALL,
        Stage.INTERESTED,
        "西村 舞",
    ),
    (
        "蔵王建設株式会社",
        "Zao Construction Co., Ltd.",
        "Зао Барилга ХК",
        Industry.CONSTRUCTION,
        CompanySize.SMALL,
        Stage.INTERESTED,
        "原田 悟",
    ),
    (
        "悠久山電子株式会社",
        "Yukyuzan Electronics Co., Ltd.",
        "Юкюүзан Электроник ХК",
        Industry.ELECTRIC,
        CompanySize.SMALL,
        Stage.INTERESTED,
        "松井 優",
    ),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _hosts(program: Program, city: User) -> list[OutreachCompany]:
    items = list(ReadinessItem.objects.filter(is_active=True))
    # Verified before the program's first round (about a year and a half ago).
    verified_at = _at(timezone.localdate() - timedelta(days=560))
    entries = []
    for key, name_ja, name_en, name_mn in HOST_COMPANIES:
        organization = Organization.objects.get(key=key)
        industry, size, address, languages = HOST_DETAILS[key]
        CompanyProfile.objects.update_or_create(
            organization=organization,
            defaults={
                "industry": industry,
                "size": size,
                "address": address,
                "website": f"https://{key}.example.jp/",
                "contact_people": "総務部 受入担当",
                "languages_spoken": languages,
                "hosting_history": "2023年 試行事業でモンゴル高専生1名を受入れ",
            },
        )
        entry, _created = OutreachCompany.objects.update_or_create(
            program=program,
            organization=organization,
            defaults={
                "name": {"ja": name_ja, "mn": name_mn, "en": name_en},
                "industry": industry,
                "size": size,
                "address": address,
                "stage": Stage.HOSTING,
                "source": Source.MANUAL,
            },
        )
        entries.append(entry)
        for item in items:
            ReadinessAnswer.objects.update_or_create(
                organization=organization,
                item=item,
                defaults={
                    "text": f"{item.title.in_language('ja')}: 対応済み（受入担当者が確認）",
                    "status": AnswerStatus.VERIFIED,
                    "reviewed_by": city,
                    "reviewed_at": verified_at,
                },
            )
    return entries


# What a joining company has written for the first items (in Japanese: the company writes), and the city's
# comment on the one it returned.
JOINING_ANSWERS = [
    "社長名で受入れ方針を策定し、社内に掲示した。",
    "総務課の担当者を受入れ責任者に選任した。",
    "製造部の主任2名を指導担当者に選任し、研修を受講した。",
    "専攻（機械・情報）に沿った2週間の業務・学習計画を作成した。",
    "作業手順書をやさしい日本語で書き直した。",
    "安全規則の英語版を作成中（モンゴル語版は市と相談）。",
    "保護具を準備し、初日の安全教育の計画を立てた。",
]
RETURNED_COMMENT = "英語版だけでなく、要点をモンゴル語でも示してください。市の通訳支援を利用できます。"


def _joining(program: Program, city: User) -> list[OutreachCompany]:
    """Companies that registered recently: about half their readiness items verified, two waiting for the
    city's verification, one returned with a comment; the rest is the action plan on their page."""
    items = list(ReadinessItem.objects.filter(is_active=True).order_by("area__position", "position", "key"))
    today = timezone.localdate()
    entries = []
    for index, (key, name_ja, name_en, name_mn) in enumerate(JOINING_COMPANIES):
        organization = Organization.objects.get(key=key)
        industry, size = (
            (Industry.MACHINERY, CompanySize.MEDIUM) if index == 0 else (Industry.IT, CompanySize.SMALL)
        )
        CompanyProfile.objects.update_or_create(
            organization=organization,
            defaults={
                "industry": industry,
                "size": size,
                "address": "新潟県長岡市",
                "website": f"https://{key}.example.jp/",
                "contact_people": "総務課 受入担当",
                "languages_spoken": "Japanese",
                "hosting_history": "",
            },
        )
        entry, _created = OutreachCompany.objects.update_or_create(
            program=program,
            name__ja=name_ja,
            defaults={
                "organization": organization,
                "name": {"ja": name_ja, "mn": name_mn, "en": name_en},
                "industry": industry,
                "size": size,
                "address": "新潟県長岡市",
                "stage": Stage.PREPARING,
                "source": Source.MANUAL,
            },
        )
        entries.append(entry)
        done = 5 - index  # the second company is a little behind the first
        for position, item in enumerate(items[: len(JOINING_ANSWERS)]):
            if position < done:
                status, reviewed_by, reviewed_at, comment = (
                    AnswerStatus.VERIFIED,
                    city,
                    _at(today - timedelta(days=30 - position)),
                    "",
                )
            elif position == len(JOINING_ANSWERS) - 2:
                status, reviewed_by, reviewed_at, comment = (
                    AnswerStatus.RETURNED,
                    city,
                    _at(today - timedelta(days=3)),
                    RETURNED_COMMENT,
                )
            else:
                status, reviewed_by, reviewed_at, comment = AnswerStatus.SUBMITTED, None, None, ""
            ReadinessAnswer.objects.get_or_create(
                organization=organization,
                item=item,
                defaults={
                    "text": JOINING_ANSWERS[position],
                    "status": status,
                    "reviewed_by": reviewed_by,
                    "reviewed_at": reviewed_at,
                    "review_comment": comment,
                },
            )
    return entries


def _prospects(program: Program, city: User) -> list[OutreachCompany]:
    today = timezone.localdate()
    entries = []
    for index, (name_ja, name_en, name_mn, industry, size, stage, contact) in enumerate(PROSPECTS):
        entry, created = OutreachCompany.objects.get_or_create(
            program=program,
            name__ja=name_ja,
            defaults={
                "name": {"ja": name_ja, "mn": name_mn, "en": name_en},
                "industry": industry,
                "size": size,
                "address": "新潟県長岡市",
                "contact_name": contact,
                "stage": stage,
                "source": Source.IMPORT if stage == Stage.PROSPECT else Source.MANUAL,
            },
        )
        entries.append(entry)
        if created and stage != Stage.PROSPECT:
            kind = [ActivityKind.VISIT, ActivityKind.CALL, ActivityKind.EMAIL][index % 3]
            # Every third one has its next step overdue, for the dashboard.
            due = today - timedelta(days=5) if index % 3 == 0 else today + timedelta(days=14)
            OutreachActivity.objects.create(
                company=entry,
                kind=kind,
                happened_on=today - timedelta(days=20),
                summary="プログラムの概要を説明した。",
                next_step="受入準備セミナーの案内を送る",
                due_on=due,
                author=city,
            )
    return entries


def _seminar(program: Program, hosts: list[OutreachCompany]) -> None:
    seminar, _created = Seminar.objects.get_or_create(
        program=program,
        title__en="Readiness seminar: hosting Mongolian KOSEN interns",
        defaults={
            "title": {
                "ja": "受入準備セミナー：モンゴル高専生インターンの受入れ",
                "mn": "Бэлтгэлийн семинар: Монголын КОСЭН-ий дадлагажигчдыг хүлээн авах нь",
                "en": "Readiness seminar: hosting Mongolian KOSEN interns",
            },
            "held_on": timezone.localdate() - timedelta(days=580),
            "place": "NaDeC BASE",
        },
    )
    seminar.attendees.add(*hosts)


def _support(program: Program) -> None:
    today = timezone.localdate()
    requests = [
        ("nagaoka-seiki", "kddi", "company", "長岡精機 本社工場 2F 研修室", "インターン用のWi-Fiと端末2台"),
        (
            "must-kosen",
            "mobicom",
            "teacher",
            "MUST Technology College, IoT lab",
            "5G test SIM cards for the robotics course",
        ),
    ]
    for requester_key, telecom_key, person, site, need in requests:
        SupportRequest.objects.get_or_create(
            program=program,
            requester=Organization.objects.get(key=requester_key),
            site=site,
            defaults={
                "telecom": Organization.objects.get(key=telecom_key),
                "need": need,
                "starts_on": today - timedelta(days=10),
                "ends_on": today + timedelta(days=30),
                "created_by": User.objects.get(email=demo_email(person)),
            },
        )


@transaction.atomic
def load() -> None:
    load_readiness_items()
    program = Program.objects.get(key="jica-dx-2024")
    city = User.objects.get(email=demo_email("city"))
    hosts = _hosts(program, city)
    _joining(program, city)
    _prospects(program, city)
    _seminar(program, hosts)
    _support(program)

"""The demo program: the real organizations, two programs, and one person for every role.

Everything is keyed (organizations by key, people by email), so loading twice changes nothing.
Later capabilities add their own demo data after this.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from kakehashi.accounts.models import Membership, Organization, Participation, Program, User
from kakehashi.accounts.roles import OrganizationKind, Role

REFERENCE_DIR = Path(__file__).parent / "reference"
DEMO_PASSWORD = "kakehashi-demo"  # noqa: S105 - the demo's published password, printed by `make run`
DEMO_DOMAIN = "demo.kakehashi.example"

# Mongolian names of the Japanese organizations, which the public sources give only in ja/en.
MONGOLIAN_NAMES = {
    "naze": "Нагаокагийн аж үйлдвэрийг идэвхжүүлэх холбоо (NAZE)",
    "nagaoka-city": "Нагаока хот, Аж үйлдвэрийн байршил ба хүний нөөцийн хэлтэс",
    "nit-nagaoka": "Нагаокагийн Үндэсний технологийн коллеж",
    "mtcf": "Монголын Технологийн коллежуудын холбоо (ТББ)",
    "kddi": "KDDI корпораци",
    "mobicom": "Мобиком корпораци ХХК",
    "jica": "Японы Олон улсын хамтын ажиллагааны агентлаг (ЖАЙКА)",
}

HOST_COMPANIES = [
    ("nagaoka-seiki", "長岡精機株式会社", "Nagaoka Seiki Co., Ltd.", "Нагаока Сэйки ХК"),
    (
        "echigo-machinery",
        "越後機械工業株式会社",
        "Echigo Machinery Industries Co., Ltd.",
        "Эчиго Машин Үйлдвэр ХК",
    ),
    ("shinano-kensetsu", "信濃建設株式会社", "Shinano Construction Co., Ltd.", "Шинано Барилга ХК"),
    (
        "nagaoka-suido",
        "長岡水道サービス株式会社",
        "Nagaoka Water Services Co., Ltd.",
        "Нагаока Усны Үйлчилгээ ХК",
    ),
    ("yukiguni-it", "雪国ITソリューションズ株式会社", "Yukiguni IT Solutions Inc.", "Юкигүни АйТи Шийдэл ХК"),
    ("kakizaki-precision", "柿崎精密株式会社", "Kakizaki Precision Co., Ltd.", "Какизаки Нарийн Эд анги ХК"),
    ("tochio-robotics", "栃尾ロボティクス株式会社", "Tochio Robotics Co., Ltd.", "Точио Роботикс ХК"),
    ("teradomari-denki", "寺泊電機株式会社", "Teradomari Electric Co., Ltd.", "Терадомари Цахилгаан ХК"),
]


@dataclass(frozen=True)
class DemoPerson:
    key: str  # also the local part of the email, and the role name printed for the login
    name_latin: str
    name_local: str
    language: str
    organization: str
    roles: tuple[str, ...]
    pilot: bool = False  # also a member of the 2023 pilot


DEMO_PEOPLE = [
    DemoPerson("manager", "Misaki Takahashi", "高橋 美咲", "ja", "naze", (Role.PROGRAM_MANAGER,), pilot=True),
    DemoPerson("accountant", "Naoki Watanabe", "渡辺 直樹", "ja", "naze", (Role.ACCOUNTANT,)),
    DemoPerson("city", "Yuki Kobayashi", "小林 由紀", "ja", "nagaoka-city", (Role.CITY_OFFICER,), pilot=True),
    DemoPerson("instructor", "Koji Yamamoto", "山本 浩二", "ja", "nit-nagaoka", (Role.INSTRUCTOR,)),
    DemoPerson("author", "Aya Nakamura", "中村 彩", "ja", "nit-nagaoka", (Role.COURSE_AUTHOR,)),
    DemoPerson("safety", "Makoto Ito", "伊藤 誠", "ja", "nit-nagaoka", (Role.SAFETY_OFFICER,)),
    DemoPerson(
        "teacher",
        "Batbayar Ganbold",
        "Батбаяр Ганболд",
        "mn",
        "must-kosen",
        (Role.PARTNER_TEACHER, Role.ORG_ADMIN),
    ),
    DemoPerson("student", "Nomin-Erdene Baatar", "Номин-Эрдэнэ Баатар", "mn", "must-kosen", (Role.STUDENT,)),
    DemoPerson("student2", "Temuulen Ochir", "Тэмүүлэн Очир", "mn", "mongol-kosen", (Role.STUDENT,)),
    DemoPerson("ngo", "Sarangerel Dorj", "Сарангэрэл Дорж", "mn", "mtcf", (Role.NGO_COORDINATOR,)),
    DemoPerson("telecom", "Daisuke Kato", "加藤 大輔", "ja", "kddi", (Role.TELECOM_ENGINEER,)),
    DemoPerson(
        "company", "Shinichi Yoshida", "吉田 真一", "ja", "nagaoka-seiki", (Role.COMPANY_ADMIN,), pilot=True
    ),
    DemoPerson("mentor", "Ryo Matsumoto", "松本 亮", "ja", "nagaoka-seiki", (Role.MENTOR,)),
    DemoPerson("funder", "Keiko Inoue", "井上 恵子", "ja", "jica", (Role.FUNDER_VIEWER,)),
]
ADMIN = DemoPerson("admin", "Ken Sato", "佐藤 健", "ja", "naze", ())


def demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def load_organizations() -> dict[str, Organization]:
    entries = yaml.safe_load((REFERENCE_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    organizations = {}
    for entry in entries:
        org, _created = Organization.objects.update_or_create(
            key=entry["key"],
            defaults={
                "kind": entry["kind"],
                "name_ja": entry.get("name_ja", ""),
                "name_en": entry["name_en"],
                "name_mn": entry.get("name_mn") or MONGOLIAN_NAMES.get(entry["key"], ""),
                "country": entry["country"],
                "city": entry.get("city", "Nagaoka" if entry["country"] == "JP" else ""),
                "iati_ref": entry.get("iati_ref", ""),
            },
        )
        organizations[org.key] = org
    for key, name_ja, name_en, name_mn in HOST_COMPANIES:
        org, _created = Organization.objects.update_or_create(
            key=key,
            defaults={
                "kind": OrganizationKind.HOST_COMPANY,
                "name_ja": name_ja,
                "name_en": name_en,
                "name_mn": name_mn,
                "country": "JP",
                "city": "Nagaoka",
            },
        )
        organizations[key] = org
    return organizations


def load_programs(organizations: dict[str, Organization]) -> tuple[Program, Program]:
    pilot, _created = Program.objects.update_or_create(
        key="nagaoka-pilot-2023",
        defaults={
            "title_ja": "長岡市 モンゴル高専生インターンシップ試行事業 2023",
            "title_en": "Nagaoka City pilot internship of Mongolian KOSEN students 2023",
            "title_mn": "Нагаока хотын Монгол КОСЭН-ий оюутны туршилтын дадлага 2023",
            "starts_on": date(2022, 10, 1),
            "ends_on": date(2023, 3, 31),
            "budget_jpy": 0,
            "funder": organizations["nagaoka-city"],
            "status": "closed",
        },
    )
    jica, _created = Program.objects.update_or_create(
        key="jica-dx-2024",
        defaults={
            "title_ja": "新潟・モンゴルの産業変革を担う産業DX人材育成プラットフォームの構築",
            "title_en": "Building an industrial DX talent development platform for industrial transformation in Niigata and Mongolia",
            "title_mn": "Ниигата, Монголын аж үйлдвэрийн шинэчлэлийг хэрэгжүүлэх аж үйлдвэрийн DX хүний нөөц бэлтгэх платформ байгуулах",
            # The period reported later; the press release planned 2023-09 to 2026-08.
            "starts_on": date(2024, 5, 1),
            "ends_on": date(2027, 4, 30),
            "budget_jpy": 60_000_000,
            "funder": organizations["jica"],
            "status": "active",
        },
    )
    pilot_members = {
        "naze",
        "nagaoka-city",
        "nit-nagaoka",
        "must-kosen",
        "mongol-kosen",
        "shine-mongol-kosen",
        "mtcf",
    } | {key for key, *_ in HOST_COMPANIES}
    for org in organizations.values():
        Participation.objects.get_or_create(program=jica, organization=org)
        if org.key in pilot_members:
            Participation.objects.get_or_create(program=pilot, organization=org)
    return pilot, jica


def load_people(organizations: dict[str, Organization], pilot: Program, jica: Program) -> None:
    admin = _person(ADMIN)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    for person in DEMO_PEOPLE:
        user = _person(person)
        for role in person.roles:
            Membership.objects.get_or_create(
                user=user, organization=organizations[person.organization], program=jica, role=role
            )
            if person.pilot:
                Membership.objects.get_or_create(
                    user=user, organization=organizations[person.organization], program=pilot, role=role
                )


def _person(person: DemoPerson) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=demo_email(person.key)).first()
    if user is None:
        user = User.objects.create_user(
            email=demo_email(person.key),
            password=DEMO_PASSWORD,
            name_latin=person.name_latin,
            name_local=person.name_local,
            preferred_language=person.language,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load() -> None:
    organizations = load_organizations()
    pilot, jica = load_programs(organizations)
    load_people(organizations, pilot, jica)


def logins() -> list[tuple[str, str, str]]:
    """(what the login is for, email, password) for printing."""
    rows = [("Platform administrator", demo_email(ADMIN.key), DEMO_PASSWORD)]
    for person in DEMO_PEOPLE:
        label = ", ".join(str(Role(role).label) for role in person.roles)
        rows.append((label, demo_email(person.key), DEMO_PASSWORD))
    return rows

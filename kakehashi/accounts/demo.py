"""The demo program: the real organizations, two programs, and one person for every role.

Everything is keyed (organizations by key, people by email), so loading twice changes nothing.
Later capabilities add their own demo data after this.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.models import Membership, Organization, Participation, Program, User
from kakehashi.accounts.roles import OrganizationKind, Role

REFERENCE_DIR = Path(__file__).parent / "reference"
DEMO_PASSWORD = "kakehashi-demo"  # noqa: S105 - the demo's published password, printed by `make run`
DEMO_DOMAIN = "demo.kakehashi.example"

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

# More people who sign in, outside DEMO_PEOPLE (whose keys are the columns of the URL x role matrix): a partner
# teacher for each of the other two colleges, and the administrators and mentors of more host companies.
EXTRA_PEOPLE = [
    DemoPerson(
        "teacher-mongol",
        "Oyuntsetseg Bold",
        "Оюунцэцэг Болд",
        "mn",
        "mongol-kosen",
        (Role.PARTNER_TEACHER, Role.ORG_ADMIN),
    ),
    DemoPerson(
        "teacher-shine",
        "Enkhtuya Dashdorj",
        "Энхтуяа Дашдорж",
        "mn",
        "shine-mongol-kosen",
        (Role.PARTNER_TEACHER, Role.ORG_ADMIN),
    ),
    DemoPerson("mentor-seiki", "Haruka Saito", "斎藤 遥", "ja", "nagaoka-seiki", (Role.MENTOR,)),
    DemoPerson(
        "company-echigo", "Takeshi Kimura", "木村 武", "ja", "echigo-machinery", (Role.COMPANY_ADMIN,)
    ),
    DemoPerson("mentor-echigo", "Yusuke Hayashi", "林 祐介", "ja", "echigo-machinery", (Role.MENTOR,)),
    DemoPerson("company-yukiguni", "Mai Shimizu", "清水 舞", "ja", "yukiguni-it", (Role.COMPANY_ADMIN,)),
    DemoPerson("mentor-yukiguni", "Kenta Mori", "森 健太", "ja", "yukiguni-it", (Role.MENTOR,)),
    DemoPerson(
        "company-shinano", "Hiroshi Ogawa", "小川 博", "ja", "shinano-kensetsu", (Role.COMPANY_ADMIN,)
    ),
    DemoPerson(
        "company-nakanoshima", "Manabu Okada", "岡田 学", "ja", "nakanoshima-techno", (Role.COMPANY_ADMIN,)
    ),
    DemoPerson("company-mishima", "Mai Nishimura", "西村 舞", "ja", "mishima-data", (Role.COMPANY_ADMIN,)),
]

# Host companies that joined the program recently and are half-way through the readiness program.
JOINING_COMPANIES = [
    ("nakanoshima-techno", "中之島テクノ株式会社", "Nakanoshima Techno Co., Ltd.", "Наканошима Техно ХК"),
    ("mishima-data", "三島データサービス株式会社", "Mishima Data Services Inc.", "Мишима Дата Сервис ХК"),
]

COLLEGES = ("must-kosen", "mongol-kosen", "shine-mongol-kosen")
# Students of the three colleges now (the learners of the cohorts, applicants and interns of the rounds).
CURRENT_STUDENTS = 45
STUDENT_PREFIX = "learner"
GIVEN = [
    ("Bat-Erdene", "Бат-Эрдэнэ"),
    ("Temuujin", "Тэмүүжин"),
    ("Anujin", "Анужин"),
    ("Enkhjin", "Энхжин"),
    ("Munkh-Orgil", "Мөнх-Оргил"),
    ("Nomin", "Номин"),
    ("Khulan", "Хулан"),
    ("Ganzorig", "Ганзориг"),
    ("Tuvshin", "Түвшин"),
    ("Oyunbileg", "Оюунбилэг"),
    ("Erdenebat", "Эрдэнэбат"),
    ("Solongo", "Солонго"),
    ("Bilguun", "Билгүүн"),
    ("Misheel", "Мишээл"),
    ("Dulguun", "Дөлгөөн"),
    ("Tsetsegmaa", "Цэцэгмаа"),
    ("Ariunbold", "Ариунболд"),
    ("Uranchimeg", "Уранчимэг"),
    ("Sukhbat", "Сүхбат"),
    ("Maral", "Марал"),
]
FAMILY = [
    ("Ganbold", "Ганболд"),
    ("Dorj", "Дорж"),
    ("Batsukh", "Батсүх"),
    ("Tserendorj", "Цэрэндорж"),
    ("Enkhbayar", "Энхбаяр"),
    ("Altangerel", "Алтангэрэл"),
    ("Purevdorj", "Пүрэвдорж"),
    ("Lkhagva", "Лхагва"),
    ("Chuluun", "Чулуун"),
    ("Naranbaatar", "Наранбаатар"),
    ("Otgonbayar", "Отгонбаяр"),
]


# Readings (furigana) of the Japanese demo people: the ja people list sorts by them.
READINGS = {
    "高橋 美咲": "たかはし みさき",
    "渡辺 直樹": "わたなべ なおき",
    "小林 由紀": "こばやし ゆき",
    "山本 浩二": "やまもと こうじ",
    "中村 彩": "なかむら あや",
    "伊藤 誠": "いとう まこと",
    "加藤 大輔": "かとう だいすけ",
    "吉田 真一": "よしだ しんいち",
    "松本 亮": "まつもと りょう",
    "井上 恵子": "いのうえ けいこ",
    "佐藤 健": "さとう けん",
    "斎藤 遥": "さいとう はるか",
    "木村 武": "きむら たけし",
    "林 祐介": "はやし ゆうすけ",
    "清水 舞": "しみず まい",
    "森 健太": "もり けんた",
    "小川 博": "おがわ ひろし",
    "岡田 学": "おかだ まなぶ",
    "西村 舞": "にしむら まい",
}


def _name_parts(person: DemoPerson) -> dict[str, str]:
    """The demo's names are written given name first in both scripts for Mongolians ("Nomin-Erdene Baatar",
    "Номин-Эрдэнэ Баатар": Baatar is the patronymic), family name first in Japanese script."""
    family_reading, _space, given_reading = READINGS.get(person.name_local, "").partition(" ")
    if person.language == "mn":
        *given_latin, family_latin = person.name_latin.split()
        *given_local, family_local = person.name_local.split()
        return {
            "family_name_latin": family_latin,
            "given_name_latin": " ".join(given_latin),
            "family_name_local": family_local,
            "given_name_local": " ".join(given_local),
        }
    return {
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "family_name_reading": family_reading,
        "given_name_reading": given_reading,
    }


def _demo_student(email: str, given: tuple[str, str], family: tuple[str, str]) -> User:
    """A generated student, patronymic (FAMILY) and given name (GIVEN) stored apart."""
    user = User(
        email=email,
        given_name_latin=given[0],
        given_name_local=given[1],
        family_name_latin=family[0],
        family_name_local=family[1],
        preferred_language="mn",
        password="!demo-student",  # noqa: S106 - unusable: demo students never sign in
    )
    return user


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
                "name": {"ja": entry["name_ja"], "mn": entry["name_mn"], "en": entry["name_en"]},
                "country": entry["country"],
                "city": entry.get("city", "Nagaoka" if entry["country"] == "JP" else ""),
                "iati_ref": entry.get("iati_ref", ""),
            },
        )
        organizations[org.key] = org
    for key, name_ja, name_en, name_mn in HOST_COMPANIES + JOINING_COMPANIES:
        org, _created = Organization.objects.update_or_create(
            key=key,
            defaults={
                "kind": OrganizationKind.HOST_COMPANY,
                "name": {"ja": name_ja, "mn": name_mn, "en": name_en},
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
            "title": {
                "ja": "長岡市 モンゴル高専生インターンシップ試行事業 2023",
                "mn": "Нагаока хотын Монгол КОСЭН-ий оюутны туршилтын дадлага 2023",
                "en": "Nagaoka City pilot internship of Mongolian KOSEN students 2023",
            },
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
            "title": {
                "ja": "新潟・モンゴルの産業変革を担う産業DX人材育成プラットフォームの構築",
                "mn": "Ниигата, Монголын аж үйлдвэрийн шинэчлэлийг хэрэгжүүлэх аж үйлдвэрийн DX хүний нөөц бэлтгэх платформ байгуулах",
                "en": "Building an industrial DX talent development platform for industrial transformation in Niigata and Mongolia",
            },
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
    joining = {key for key, *_ in JOINING_COMPANIES}
    # Joined when the program started; the joining companies two months ago (the figures count from then).
    recently = timezone.localdate() - timedelta(days=60)
    for org in organizations.values():
        Participation.objects.get_or_create(
            program=jica,
            organization=org,
            defaults={"joined_on": recently if org.key in joining else jica.starts_on},
        )
        if org.key in pilot_members:
            Participation.objects.get_or_create(
                program=pilot, organization=org, defaults={"joined_on": pilot.starts_on}
            )
    return pilot, jica


def students(program: Program, prefix: str, count: int) -> list[tuple[User, Organization]]:
    """`count` students spread over the three colleges, created in bulk (one query per table), members of
    `program`. They never sign in (an unusable password); keyed by email, so calling again changes nothing."""
    colleges = {org.key: org for org in Organization.objects.filter(key__in=COLLEGES)}
    wanted = []
    for number in range(1, count + 1):
        given = GIVEN[(number * 7 + len(prefix)) % len(GIVEN)]
        family = FAMILY[(number * 3) % len(FAMILY)]
        wanted.append(
            (
                f"{prefix}-{number:03d}@{DEMO_DOMAIN}",
                given,
                family,
                colleges[COLLEGES[number % 3]],
            )
        )
    existing = set(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", flat=True))
    User.objects.bulk_create(
        _demo_student(email, given, family)
        for email, given, family, _college in wanted
        if email not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=[w[0] for w in wanted])}
    Membership.objects.bulk_create(
        [
            Membership(user=users[email], organization=college, program=program, role=Role.STUDENT)
            for email, _given, _family, college in wanted
        ],
        ignore_conflicts=True,
    )
    from kakehashi.accounts.selectors import people_changed

    people_changed()  # bulk inserts send no signal: the cached counts of people are forgotten here
    return [(users[email], college) for email, _latin, _cyrillic, college in wanted]


def current_students() -> list[tuple[User, Organization]]:
    """The students of the three colleges now, loaded by `load` (in the order they were made)."""
    return students(Program.objects.get(key="jica-dx-2024"), STUDENT_PREFIX, CURRENT_STUDENTS)


def load_people(organizations: dict[str, Organization], pilot: Program, jica: Program) -> None:
    admin = _person(ADMIN)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    for person in DEMO_PEOPLE + EXTRA_PEOPLE:
        user = _person(person)
        for role in person.roles:
            Membership.objects.get_or_create(
                user=user, organization=organizations[person.organization], program=jica, role=role
            )
            if person.pilot:
                Membership.objects.get_or_create(
                    user=user, organization=organizations[person.organization], program=pilot, role=role
                )


@cache
def _demo_password_hash() -> str:
    """The demo password hashed once (hashing is slow on purpose) and given to every demo person."""
    return make_password(DEMO_PASSWORD)


def _person(person: DemoPerson) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=demo_email(person.key)).first()
    if user is None:
        user = User.objects.create(
            email=demo_email(person.key),
            password=_demo_password_hash(),
            preferred_language=person.language,
            **_name_parts(person),
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
    students(jica, STUDENT_PREFIX, CURRENT_STUDENTS)


def logins() -> list[tuple[str, str, str]]:
    """(what the login is for, email, password) for printing."""
    rows = [("Platform administrator", demo_email(ADMIN.key), DEMO_PASSWORD)]
    for person in DEMO_PEOPLE + EXTRA_PEOPLE:
        label = ", ".join(str(Role(role).label) for role in person.roles)
        rows.append((label, demo_email(person.key), DEMO_PASSWORD))
    return rows

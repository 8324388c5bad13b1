"""Demo rounds: the 2023 pilot (about 70 applicants, 8 interns), the JICA program's finished round of
March 2025 (84 applicants, 10 interns) and its next round with applications open today.

Keyed by program and round key: a round that already has applications is left as it is, so loading twice
changes nothing. Applicants are created in bulk (one query per table), so the whole demo takes well under
a second.
"""

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import DEMO_DOMAIN, HOST_COMPANIES, demo_email
from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import Role
from kakehashi.internships.models import (
    DATED_PHASES,
    Application,
    Choice,
    CompanyRank,
    JapaneseLevel,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
    RoundPhase,
    RunStatus,
)

COLLEGES = ("must-kosen", "mongol-kosen", "shine-mongol-kosen")
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
FIELDS = [
    ("Factory IoT sensors", "工場IoTセンサー", "Үйлдвэрийн IoT мэдрэгч", "IoT"),
    ("Machining with CNC", "CNC加工", "CNC боловсруулалт", "Mechanical engineering"),
    ("Construction site drones", "建設現場ドローン", "Барилгын талбайн дрон", "Civil engineering"),
    ("Water network monitoring", "水道網モニタリング", "Усны сүлжээний хяналт", "Environmental engineering"),
    ("Web systems for factories", "工場向けWebシステム", "Үйлдвэрийн вэб систем", "Software"),
    ("Precision inspection with AI", "AIによる精密検査", "Хиймэл оюунаар нарийн шалгалт", "AI"),
    ("Robot cell programming", "ロボットセルのプログラミング", "Робот үүрийн програмчлал", "Robotics"),
    ("Motor control boards", "モーター制御基板", "Моторын удирдлагын самбар", "Electrical engineering"),
]
SKILLS = ["Python", "C", "CAD", "PLC", "Arduino", "Linux", "SQL", "Raspberry Pi", "ROS", "Excel"]
LEVELS = [JapaneseLevel.N3, JapaneseLevel.N4, JapaneseLevel.N4, JapaneseLevel.N5, JapaneseLevel.NONE]


def _phase_dates(first_day: date) -> dict[str, tuple[date, date]]:
    """Two weeks a phase from `first_day`."""
    dates = {}
    day = first_day
    for phase in DATED_PHASES:
        dates[phase] = (day, day + timedelta(days=13))
        day += timedelta(days=14)
    return dates


def _round(
    program: Program, key: str, name: str, starts: date, ends: date, phase: str, first_day: date
) -> Round:
    round_, _created = Round.objects.update_or_create(
        program=program,
        key=key,
        defaults={"name": name, "internship_starts_on": starts, "internship_ends_on": ends, "phase": phase},
    )
    for value, (start, end) in _phase_dates(first_day).items():
        RoundPhase.objects.update_or_create(
            round=round_, phase=value, defaults={"starts_on": start, "ends_on": end}
        )
    return round_


def _places(round_: Round, companies: list[Organization], per_company: list[int], status: str) -> list[Place]:
    places = []
    for index, (company, count) in enumerate(zip(companies, per_company, strict=True)):
        for extra in range(count):
            en, ja, mn, field = FIELDS[(index + extra * 3) % len(FIELDS)]
            place, _created = Place.objects.update_or_create(
                round=round_,
                company=company,
                title_en=en if not extra else f"{en} (2)",
                defaults={
                    "title_ja": ja,
                    "title_mn": mn,
                    "description_en": f"Two weeks with the {field.lower()} team of {company.name_en}.",
                    "description_ja": f"{company.name_ja}の{ja}チームで2週間。",
                    "description_mn": f"{company.name_mn}-д {mn} багтай хоёр долоо хоног.",
                    "field": field,
                    "skills": ", ".join(SKILLS[index % 5 : index % 5 + 3]),
                    "japanese_level": JapaneseLevel.N4 if index % 2 else JapaneseLevel.NONE,
                    "capacity": 1,
                    "starts_on": round_.internship_starts_on,
                    "ends_on": round_.internship_ends_on,
                    "location": "Nagaoka, Niigata",
                    "paid": index % 3 == 0,
                    "housing": True,
                    "status": status,
                },
            )
            places.append(place)
    return places


def _applicants(program: Program, prefix: str, count: int) -> list[tuple[User, Organization]]:
    """`count` students spread over the three colleges, created in bulk, members of `program`."""
    colleges = {org.key: org for org in Organization.objects.filter(key__in=COLLEGES)}
    wanted = []
    for number in range(1, count + 1):
        given = GIVEN[(number * 7 + len(prefix)) % len(GIVEN)]
        family = FAMILY[(number * 3) % len(FAMILY)]
        wanted.append(
            (
                f"{prefix}-{number:03d}@{DEMO_DOMAIN}",
                f"{given[0]} {family[0]}",
                f"{given[1]} {family[1]}",
                colleges[COLLEGES[number % 3]],
            )
        )
    existing = set(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", flat=True))
    User.objects.bulk_create(
        User(
            email=email,
            name_latin=latin,
            name_local=cyrillic,
            preferred_language="mn",
            password="!demo-applicant",  # noqa: S106 - unusable: demo applicants never sign in
        )
        for email, latin, cyrillic, _college in wanted
        if email not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=[w[0] for w in wanted])}
    Membership.objects.bulk_create(
        [
            Membership(user=users[email], organization=college, program=program, role=Role.STUDENT)
            for email, _latin, _cyrillic, college in wanted
        ],
        ignore_conflicts=True,
    )
    from kakehashi.accounts.selectors import people_changed

    people_changed()  # bulk inserts send no signal: the cached counts of people are forgotten here
    return [(users[email], college) for email, _latin, _cyrillic, college in wanted]


def _give_consent(users: list[User], when: datetime) -> str:
    """Applicants consent to the transfer to Japan through the privacy app (whose demo ran before)."""
    from kakehashi.internships.services import consent_version_label
    from kakehashi.privacy.models import Consent, ConsentKind
    from kakehashi.privacy.services import current_text

    text = current_text(ConsentKind.CROSS_BORDER_TRANSFER)
    if text is None:
        return ""
    given = set(
        Consent.objects.filter(text=text, user__in=users, withdrawn_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    Consent.objects.bulk_create(
        Consent(user=user, text=text, given_at=when) for user in users if user.pk not in given
    )
    return consent_version_label(text.version)


def _finished_round(
    round_: Round, places: list[Place], people: list[tuple[User, Organization]], seed: int
) -> None:
    """Applications, nominations, rankings, a published first run and accepted placements."""
    if round_.applications.exists():
        return
    from kakehashi.internships.services import build_instance, store_result
    from kakehashi.matching import Instance, solve

    rng = random.Random(seed)  # noqa: S311 - a repeatable demo, not a secret
    now = timezone.now()
    consent_version = _give_consent([user for user, _college in people], now)
    applications = Application.objects.bulk_create(
        Application(
            round=round_,
            student=user,
            college=college,
            name_latin=user.name_latin,
            name_cyrillic=user.name_local,
            department=rng.choice(
                ["Mechatronics", "Electronics", "Civil engineering", "Information technology"]
            ),
            year=rng.choice([3, 4, 5]),
            skills=", ".join(rng.sample(SKILLS, 3)),
            japanese_level=rng.choice(LEVELS),
            statement="I want to learn how Japanese factories use IoT and bring it home.",
            consent_version=consent_version,
            consent_at=now,
            submitted_at=now,
            # About a third of the applicants are nominated by their college and confirmed by the NGO.
            nomination=Nomination.NOMINATED if index % 4 != 3 else Nomination.NOT_NOMINATED,
            nomination_reason="Good results and motivation."
            if index % 4 != 3
            else "Final-year project first.",
            confirmed_at=now,
        )
        for index, (user, college) in enumerate(people)
    )
    choices = []
    for application in applications:
        for position, place in enumerate(rng.sample(places, min(4, len(places))), start=1):
            choices.append(Choice(application=application, place=place, position=position))
    Choice.objects.bulk_create(choices)
    nominated = {a.pk for a in applications if a.nomination == Nomination.NOMINATED}
    ranks = []
    for place in places:
        candidates = [
            c.application_id for c in choices if c.place_id == place.pk and c.application_id in nominated
        ]
        rng.shuffle(candidates)
        for index, app_id in enumerate(candidates):
            ranks.append(CompanyRank(place=place, application_id=app_id, rank=index // 2 + 1))  # pairs tie
    CompanyRank.objects.bulk_create(ranks)
    data = build_instance(round_)
    result = solve(Instance.from_dict(data), algorithm="da", proposing="students", seed=seed)
    run = MatchingRun.objects.create(
        round=round_,
        algorithm="da",
        proposing="students",
        seed=seed,
        status=RunStatus.RUNNING,
        instance=data,
    )
    store_result(run.pk, result)
    MatchingRun.objects.filter(pk=run.pk).update(checked_at=now, published_at=now)
    Placement.objects.bulk_create(
        Placement(
            round=round_,
            run=run,
            application_id=int(student[1:]),
            place_id=int(place[1:]),
            student_answer=PlacementStatus.ACCEPTED,
            company_answer=PlacementStatus.ACCEPTED,
            status=PlacementStatus.ACCEPTED,
            decided_at=now,
        )
        for student, place in result.assignment_ids.items()
        if place
    )


def _open_round(round_: Round, companies: list[Organization]) -> None:
    """Applications open today: approved places, and the demo student's draft with two choices."""
    places = _places(round_, companies, [1] * len(companies), PlaceStatus.APPROVED)
    student = User.objects.get(email=demo_email("student"))
    college = Organization.objects.get(key="must-kosen")
    application, created = Application.objects.get_or_create(
        round=round_,
        student=student,
        defaults={
            "college": college,
            "name_latin": student.name_latin,
            "name_cyrillic": student.name_local,
            "department": "Mechatronics",
            "year": 4,
            "skills": "Python, Arduino, CAD",
            "japanese_level": JapaneseLevel.N4,
            "statement": "I want to learn factory IoT in Nagaoka.",
        },
    )
    if created:
        Choice.objects.bulk_create(
            [
                Choice(application=application, place=place, position=i)
                for i, place in enumerate(places[:2], 1)
            ]
        )


@transaction.atomic
def load() -> None:
    companies = {org.key: org for org in Organization.objects.filter(key__in=[c[0] for c in HOST_COMPANIES])}
    ordered = [companies[key] for key, *_rest in HOST_COMPANIES]
    pilot = Program.objects.get(key="nagaoka-pilot-2023")
    jica = Program.objects.get(key="jica-dx-2024")

    pilot_round = _round(
        pilot,
        "pilot-2023",
        "Pilot internship, March 2023",
        date(2023, 3, 2),
        date(2023, 3, 14),
        Phase.CLOSED,
        date(2022, 10, 3),
    )
    pilot_places = _places(pilot_round, ordered, [1] * 8, PlaceStatus.APPROVED)
    _finished_round(
        pilot_round,
        pilot_places,
        _applicants(pilot, "pilot-applicant", 70),
        2023,
    )

    finished = _round(
        jica,
        "2025-03",
        "Internship round, March 2025",
        date(2025, 3, 3),
        date(2025, 3, 14),
        Phase.CLOSED,
        date(2024, 9, 2),
    )
    # Ten places at eight companies: two companies offer two places.
    finished_places = _places(finished, ordered, [2, 1, 1, 1, 2, 1, 1, 1], PlaceStatus.APPROVED)
    _finished_round(
        finished,
        finished_places,
        _applicants(jica, "applicant-2025", 84),
        2025,
    )

    today = timezone.localdate()
    upcoming = _round(
        jica,
        "2026-03",
        "Internship round, March 2026",
        date(2026, 3, 2),
        date(2026, 3, 13),
        Phase.APPLICATIONS,
        today - timedelta(days=20),
    )
    # The round opened for places a while ago; applications are open from a week ago for two weeks.
    RoundPhase.objects.filter(round=upcoming, phase=Phase.APPLICATIONS).update(
        starts_on=today - timedelta(days=6), ends_on=today + timedelta(days=7)
    )
    _open_round(upcoming, ordered[:4])

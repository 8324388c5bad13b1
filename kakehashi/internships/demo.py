"""Demo rounds, dated from the day the demo is loaded, so that the story holds on any day:

- the 2023 pilot (about 70 applicants, 8 interns), dated as it happened;
- round "2025-03" (the key is a name, not its date): finished about fifteen months ago, 84 applicants and
  10 interns, some of them hired since (careers demo);
- round "in-japan": its interns are in Nagaoka now (started four days ago, two weeks), chosen from the
  current students of the three colleges (operations demo: check-ins, daily reports, an incident);
- round "2026-03": applications open since six days ago and closing in a week; 15 submitted applications
  waiting for the colleges' nominations, the demo student's draft, and one place waiting for review.

Keyed by program and round key: a round that already has applications is left as it is, so loading twice
changes nothing. Applicants are created in bulk (one query per table), so the whole demo takes a second.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import HOST_COMPANIES, current_students, demo_email, students
from kakehashi.accounts.models import Organization, Program, User
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
from kakehashi.internships.models.applications import name_parts_of
from kakehashi.internships.selectors import applicants_changed

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
    program: Program, key: str, name: dict[str, str], starts: date, ends: date, phase: str, first_day: date
) -> Round:
    """The round, dated when it is first made: loading again on a later day leaves its dates (and everything
    dated from them) as they are; a fresh database tells the story from that day."""
    round_, _created = Round.objects.get_or_create(
        program=program,
        key=key,
        defaults={"name": name, "internship_starts_on": starts, "internship_ends_on": ends, "phase": phase},
    )
    if not _created and set(round_.name) <= {"en"}:
        # Loaded before rounds had a name per language (migration 0011 kept the old one as English).
        round_.name = name
        round_.save(update_fields=["name"])
    for value, (start, end) in _phase_dates(first_day).items():
        RoundPhase.objects.get_or_create(
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
                title__en=en if not extra else f"{en} (2)",
                defaults={
                    "title": {
                        "ja": ja if not extra else f"{ja}（2）",
                        "mn": mn if not extra else f"{mn} (2)",
                        "en": en if not extra else f"{en} (2)",
                    },
                    "description": {
                        "ja": f"{company.name.in_language('ja')}の{ja}チームで2週間。",
                        "mn": f"{company.name.in_language('mn')}-д {mn} багтай хоёр долоо хоног.",
                        "en": f"Two weeks with the {field.lower()} team of {company.name.in_language('en')}.",
                    },
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


ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def round_name(starts_on: date) -> dict[str, str]:
    """A round's name in each language: the month the internship starts, and the glossary's word for a
    round (ターン, ээлж)."""
    year, month = starts_on.year, starts_on.month
    return {
        "ja": f"{year}年{month}月ターン",
        "mn": f"{year} оны {month}-р сарын ээлж",
        "en": f"{ENGLISH_MONTHS[month - 1]} {year} round",
    }


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


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
    """Applications, nominations, rankings, a published first run and accepted placements, each dated by
    the round's phases."""
    if round_.applications.exists():
        return
    from kakehashi.internships.services import build_instance, store_result
    from kakehashi.matching import Instance, solve

    rng = random.Random(seed)  # noqa: S311 - a repeatable demo, not a secret
    phases = {p.phase: p for p in round_.phases.all()}
    now = (
        _at(phases[Phase.APPLICATIONS].ends_on - timedelta(days=2))
        if Phase.APPLICATIONS in phases
        else timezone.now()
    )
    decided = _at(phases[Phase.ACCEPTANCE].starts_on) if Phase.ACCEPTANCE in phases else now
    consent_version = _give_consent([user for user, _college in people], now)
    applications = Application.objects.bulk_create(
        Application(
            round=round_,
            student=user,
            college=college,
            **name_parts_of(user),
            department=rng.choice(
                ["Mechatronics", "Electronics", "Civil engineering", "Information technology"]
            ),
            year=rng.choice([3, 4, 5]),
            skills=", ".join(rng.sample(SKILLS, 3)),
            japanese_level=rng.choice(LEVELS),
            statement="Би Японы үйлдвэрүүд IoT-г хэрхэн ашигладгийг сурч, эх орондоо хэрэгжүүлэхийг хүсэж байна.",
            consent_version=consent_version,
            consent_at=now,
            submitted_at=now,
            # About a third of the applicants are nominated by their college and confirmed by the NGO.
            nomination=Nomination.NOMINATED if index % 4 != 3 else Nomination.NOT_NOMINATED,
            nomination_reason="Сурлагын амжилт сайн, хүсэл эрмэлзэлтэй."
            if index % 4 != 3
            else "Эхлээд төгсөлтийн төслөө дуусгах хэрэгтэй.",
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
    MatchingRun.objects.filter(pk=run.pk).update(checked_at=decided, published_at=decided)
    Placement.objects.bulk_create(
        Placement(
            round=round_,
            run=run,
            application_id=int(student[1:]),
            place_id=int(place[1:]),
            student_answer=PlacementStatus.ACCEPTED,
            company_answer=PlacementStatus.ACCEPTED,
            status=PlacementStatus.ACCEPTED,
            decided_at=decided,
        )
        for student, place in result.assignment_ids.items()
        if place
    )


def _open_round(
    round_: Round, companies: list[Organization], people: list[tuple[User, Organization]]
) -> None:
    """Applications open today: approved places, one place waiting for review, submitted applications
    waiting for their college's nomination, and the demo student's draft with two choices."""
    places = _places(round_, companies[:4], [1] * 4, PlaceStatus.APPROVED)
    _places(round_, companies[4:5], [1], PlaceStatus.SUBMITTED)
    if not round_.applications.exclude(student__email=demo_email("student")).exists():
        rng = random.Random(2026)  # noqa: S311 - a repeatable demo, not a secret
        today = timezone.localdate()
        consent_version = _give_consent([user for user, _college in people], timezone.now())
        applications = Application.objects.bulk_create(
            Application(
                round=round_,
                student=user,
                college=college,
                **name_parts_of(user),
                department=rng.choice(
                    ["Mechatronics", "Electronics", "Civil engineering", "Information technology"]
                ),
                year=rng.choice([3, 4]),
                skills=", ".join(rng.sample(SKILLS, 3)),
                japanese_level=rng.choice(LEVELS),
                statement="Би Японы үйлдвэрт IoT-г хэрхэн ашигладгийг сурч, эх орондоо хэрэгжүүлэхийг хүсэж байна.",
                consent_version=consent_version,
                consent_at=_at(today - timedelta(days=index % 6)),
                submitted_at=_at(today - timedelta(days=index % 6)),
            )
            for index, (user, college) in enumerate(people)
        )
        Choice.objects.bulk_create(
            Choice(application=application, place=place, position=position)
            for application in applications
            for position, place in enumerate(rng.sample(places, 2), start=1)
        )
    student = User.objects.get(email=demo_email("student"))
    college = Organization.objects.get(key="must-kosen")
    application, created = Application.objects.get_or_create(
        round=round_,
        student=student,
        defaults={
            "college": college,
            **name_parts_of(student),
            "department": "Mechatronics",
            "year": 4,
            "skills": "Python, Arduino, CAD",
            "japanese_level": JapaneseLevel.N4,
            "statement": "Би Нагаокад үйлдвэрийн IoT сурахыг хүсэж байна.",
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
    today = timezone.localdate()
    phases_span = timedelta(days=14 * len(DATED_PHASES))

    pilot_round = _round(
        pilot,
        "pilot-2023",
        round_name(date(2023, 3, 2)),
        date(2023, 3, 2),
        date(2023, 3, 14),
        Phase.CLOSED,
        date(2022, 10, 3),
    )
    pilot_places = _places(pilot_round, ordered, [1] * 8, PlaceStatus.APPROVED)
    _finished_round(pilot_round, pilot_places, students(pilot, "pilot-applicant", 70), 2023)

    # About fifteen months ago: its interns have graduated since, and some work in Nagaoka (careers demo).
    past_start = today - timedelta(days=450)
    finished = _round(
        jica,
        "2025-03",
        round_name(past_start),
        past_start,
        past_start + timedelta(days=11),
        Phase.CLOSED,
        past_start - phases_span - timedelta(days=14),
    )
    # Ten places at eight companies: two companies offer two places.
    finished_places = _places(finished, ordered, [2, 1, 1, 1, 2, 1, 1, 1], PlaceStatus.APPROVED)
    _finished_round(finished, finished_places, students(jica, "applicant-2025", 84), 2025)

    # In Japan now: started four days ago, for two weeks.
    current_students_ = current_students()
    now_start = today - timedelta(days=4)
    in_japan = _round(
        jica,
        "in-japan",
        round_name(now_start),
        now_start,
        now_start + timedelta(days=13),
        Phase.CLOSED,
        now_start - phases_span - timedelta(days=14),
    )
    in_japan_places = _places(in_japan, ordered, [1] * 8, PlaceStatus.APPROVED)
    _finished_round(in_japan, in_japan_places, current_students_[:30], 2026)

    # Applications open from six days ago for two weeks; the internship follows the round's phases.
    open_start = today + timedelta(days=120)
    upcoming = _round(
        jica,
        "2026-03",
        round_name(open_start),
        open_start,
        open_start + timedelta(days=11),
        Phase.APPLICATIONS,
        today - timedelta(days=20),
    )
    _open_round(upcoming, ordered, current_students_[30:])
    applicants_changed()  # the bulk inserts above send no signal

"""The demo curriculum: six AIR-technology courses, a teacher-track course, a cohort at each of the three
colleges with its partner teacher and fifteen or so students, their progress and grades (some behind), and
classes and due dates around the day of loading. Keyed by course, cohort and skill keys; progress is made
once, in bulk: loading twice changes nothing."""

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import COLLEGES, current_students, demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.certificates.serials import serials_for
from kakehashi.learning.models import (
    Assignment,
    ClassSession,
    Cohort,
    CohortMember,
    CohortRole,
    Course,
    Exercise,
    Lesson,
    LessonCompletion,
    LessonKind,
    Module,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    RubricCriterion,
    Skill,
    Status,
    Submission,
    Track,
)

REFERENCE = Path(__file__).parent / "reference" / "skills_dss.yaml"

# key, (ja, en, mn), skills, lesson topics (en), exercise (function, tests)
COURSES = [
    (
        "python-iot",
        ("IoTのためのPython", "Python for IoT", "IoT-д зориулсан Python"),
        ["python_programming", "iot_sensors"],
        ["Variables, lists and loops", "Reading sensor data from a serial port"],
        (
            "def average(values):\n    pass\n",
            "def test_average():\n    assert solution.average([20.0, 22.0, 24.0]) == 22.0\n\n"
            "def test_single():\n    assert solution.average([5]) == 5\n",
            "Write `average(values)` that returns the mean of a list of temperature readings.",
        ),
    ),
    (
        "ml-basics",
        ("機械学習の基礎", "Machine learning basics", "Машин сургалтын үндэс"),
        ["ai_machine_learning", "data_analysis"],
        ["What is a model?", "Training and test data"],
        (
            "def accuracy(predicted, actual):\n    pass\n",
            "def test_accuracy():\n    assert solution.accuracy([1, 0, 1, 1], [1, 0, 0, 1]) == 0.75\n",
            "Write `accuracy(predicted, actual)`: the share of predictions that equal the actual labels.",
        ),
    ),
    (
        "image-recognition",
        ("画像認識", "Image recognition", "Зураг таних"),
        ["image_recognition", "ai_machine_learning"],
        ["Pixels and colour channels", "Convolution in practice"],
        (
            "def to_gray(r, g, b):\n    pass\n",
            "def test_gray():\n    assert round(solution.to_gray(255, 255, 255)) == 255\n\n"
            "def test_black():\n    assert solution.to_gray(0, 0, 0) == 0\n",
            "Write `to_gray(r, g, b)` with the weights 0.299, 0.587 and 0.114.",
        ),
    ),
    (
        "sensors-mcu",
        ("センサとマイコン", "Sensors and microcontrollers", "Мэдрэгч ба микроконтроллер"),
        ["iot_sensors", "embedded_systems"],
        ["Analog and digital inputs", "Debouncing a button"],
        (
            "def adc_to_volts(value, bits=10, vref=3.3):\n    pass\n",
            "def test_full_scale():\n    assert abs(solution.adc_to_volts(1023) - 3.3) < 1e-9\n",
            "Write `adc_to_volts(value, bits=10, vref=3.3)` that converts an ADC reading to volts.",
        ),
    ),
    (
        "plc-robot-arm",
        ("PLCとロボットアーム制御", "PLC and robot arm control", "PLC ба роботын гарын удирдлага"),
        ["plc_automation", "robotics"],
        ["Ladder logic", "Coordinates of a robot arm"],
        (
            "def interlock(door_closed, start, stop):\n    pass\n",
            "def test_runs():\n    assert solution.interlock(True, True, False) is True\n\n"
            "def test_door_open():\n    assert solution.interlock(False, True, False) is False\n",
            "Write `interlock(door_closed, start, stop)`: the motor may run only when the door is closed, "
            "start is pressed and stop is not.",
        ),
    ),
    (
        "networks-5g",
        ("ネットワークと5G", "Networks and 5G", "Сүлжээ ба 5G"),
        ["networks_5g"],
        ["IP addresses and subnets", "What 5G changes for factories"],
        (
            "def hosts(prefix):\n    pass\n",
            "def test_24():\n    assert solution.hosts(24) == 254\n\n"
            "def test_30():\n    assert solution.hosts(30) == 2\n",
            "Write `hosts(prefix)`: the number of usable host addresses in an IPv4 subnet.",
        ),
    ),
]

LESSON_BODY_EN = (
    "## {topic}\n\nIn this lesson we study **{topic}** with examples from Nagaoka factories.\n\n"
    "```python\nreadings = [20.5, 21.0, 21.7]\nprint(sum(readings) / len(readings))\n```\n\n"
    "1. Read the example.\n2. Run it on your own computer.\n3. Change it and see what happens.\n"
)


def load_skills() -> dict[str, Skill]:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    skills: dict[str, Skill] = {}
    entries: list[tuple[str, str]] = [(key, "literacy") for key in data["literacy"]]
    for group, roles in data["talent_types"].items():
        entries += [(key, group) for key in roles]
    entries += [(key, "skill_category") for key in data["skill_categories"]]
    entries += [(key, "air_subject") for key in data["air_subjects"]]
    for key, group in entries:
        skill, _created = Skill.objects.get_or_create(
            key=key, defaults={"group": group, "name_en": key.replace("_", " ").capitalize()}
        )
        skills[key] = skill
    return skills


def _course(program: Program, key: str, titles: tuple[str, str, str], track: str = Track.STUDENT) -> Course:
    course, _created = Course.objects.update_or_create(
        program=program,
        key=key,
        defaults={
            "title_ja": titles[0],
            "title_en": titles[1],
            "title_mn": titles[2],
            "track": track,
            "status": Status.PUBLISHED,
            "summary_en": f"A course of the Kakehashi AIR-technology curriculum: {titles[1]}.",
            "summary_ja": f"架け橋AIR技術カリキュラムの科目:{titles[0]}。",
        },
    )
    return course


def load_course(program: Program, spec: tuple, skills: dict[str, Skill], due_on: date) -> Course:  # type: ignore[type-arg]
    key, titles, skill_keys, topics, (starter_solution, tests, prompt) = spec
    course = _course(program, key, titles)
    tagged = [skills[k] for k in skill_keys]
    module, _created = Module.objects.get_or_create(
        course=course,
        position=1,
        defaults={"title_en": "Foundations", "title_ja": "基礎", "title_mn": "Үндэс"},
    )
    for position, topic in enumerate(topics, start=1):
        lesson, _created = Lesson.objects.update_or_create(
            module=module,
            position=position,
            kind=LessonKind.LESSON,
            defaults={
                "status": Status.PUBLISHED,
                "title_en": topic,
                "title_ja": f"{titles[0]} {position}",
                # The second lesson has no Mongolian version yet: the page says so.
                "title_mn": f"{titles[2]} {position}" if position == 1 else "",
                "body_en": LESSON_BODY_EN.format(topic=topic),
                "body_ja": f"## {titles[0]} {position}\n\n長岡の工場の例で学びます。\n",
                "body_mn": f"## {titles[2]} {position}\n\nНагаокагийн үйлдвэрийн жишээгээр судална.\n"
                if position == 1
                else "",
            },
        )
        lesson.skills.set(tagged)
    _answer_key, _created = Lesson.objects.update_or_create(
        module=module,
        position=99,
        kind=LessonKind.ANSWER_KEY,
        defaults={
            "status": Status.PUBLISHED,
            "title_en": "Answer key and class plan",
            "title_ja": "解答例と授業案",
            "title_mn": "Хариу ба хичээлийн төлөвлөгөө",
            "body_en": f"## Answer key\n\n```python\n# {key}\n```\n\nSpend 20 minutes on the exercise in class.\n",
        },
    )
    quiz, _created = Quiz.objects.update_or_create(
        course=course,
        title_en=f"{titles[1]}: check your understanding",
        defaults={"title_ja": f"{titles[0]} 確認テスト", "title_mn": f"{titles[2]}: шалгалт", "draw": 3},
    )
    quiz.skills.set(tagged)
    if not quiz.questions.exists():
        Question.objects.bulk_create(
            [
                Question(
                    quiz=quiz,
                    kind=QuestionKind.SINGLE,
                    text_en="Which language do we use in this course?",
                    text_ja="この科目で使う言語は?",
                    text_mn="Энэ хичээлд ямар хэл ашиглах вэ?",
                    choices=[{"en": "Python"}, {"en": "COBOL"}, {"en": "Fortran"}],
                    answer=[0],
                    feedback_en="We use Python throughout the curriculum.",
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.MULTIPLE,
                    text_en="Which of these are sensors?",
                    choices=[{"en": "Thermistor"}, {"en": "Accelerometer"}, {"en": "Relay"}],
                    answer=[0, 1],
                    feedback_en="A relay is an actuator, not a sensor.",
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.NUMBER,
                    text_en="What is 3.3 / 2, in volts?",
                    answer=[1.65],
                    tolerance=0.01,
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.TEXT,
                    text_en="What does the I in IoT stand for?",
                    answer=["internet"],
                ),
            ]
        )
    exercise, _created = Exercise.objects.update_or_create(
        course=course,
        title_en=f"{titles[1]}: programming exercise",
        defaults={
            "title_ja": f"{titles[0]} プログラミング演習",
            "title_mn": f"{titles[2]}: програмчлалын дасгал",
            "prompt_en": prompt,
            "starter_code": starter_solution,
            "tests": tests,
        },
    )
    exercise.skills.set(tagged)
    assignment, _created = Assignment.objects.update_or_create(
        course=course,
        title_en=f"{titles[1]}: mini project report",
        defaults={
            "title_ja": f"{titles[0]} ミニプロジェクト報告",
            "title_mn": f"{titles[2]}: бие даалтын тайлан",
            "brief_en": "Describe a small project that applies this course in a factory you know.",
            "brief_ja": "この科目の内容を、知っている工場で生かす小さなプロジェクトを説明してください。",
            "brief_mn": "Энэ хичээлийн мэдлэгийг өөрийн мэдэх үйлдвэрт хэрэгжүүлэх жижиг төслийг тайлбарлана уу.",
        },
    )
    if _created:  # dated once, from the day the demo is first loaded
        assignment.due_at = datetime.combine(due_on, time(23, 59), tzinfo=ZoneInfo("Asia/Tokyo"))
        assignment.save(update_fields=["due_at"])
    assignment.skills.set(tagged)
    if not assignment.criteria.exists():
        for position, (title, title_ja, title_mn) in enumerate(
            (
                ("Problem understanding", "課題の理解", "Асуудлын ойлголт"),
                ("Technical solution", "技術的な解決", "Техникийн шийдэл"),
                ("Clarity", "分かりやすさ", "Ойлгомжтой байдал"),
            ),
            start=1,
        ):
            RubricCriterion.objects.create(
                assignment=assignment,
                position=position,
                title_en=title,
                title_ja=title_ja,
                title_mn=title_mn,
                levels=[
                    {"points": 4, "en": "Excellent", "ja": "優", "mn": "Маш сайн"},
                    {"points": 3, "en": "Good", "ja": "良", "mn": "Сайн"},
                    {"points": 2, "en": "Fair", "ja": "可", "mn": "Дунд"},
                    {"points": 0, "en": "Missing", "ja": "不可", "mn": "Дутуу"},
                ],
            )
    return course


def load_teacher_course(program: Program) -> Course:
    course = _course(
        program,
        "teaching-air",
        ("AIR技術の教え方", "Teaching AIR technology", "AIR технологийг заах арга зүй"),
        Track.TEACHER,
    )
    module, _created = Module.objects.update_or_create(
        course=course,
        position=1,
        defaults={"title_en": "Train the trainer", "title_ja": "指導者研修", "title_mn": "Багш бэлтгэх"},
    )
    for position, (kind, title, title_ja, title_mn) in enumerate(
        (
            (
                LessonKind.TEACHING_GUIDE,
                "Teaching guide: Python for IoT",
                "指導の手引き:IoTのためのPython",
                "Заах арга зүйн гарын авлага: IoT-д зориулсан Python",
            ),
            (
                LessonKind.CLASS_PLAN,
                "Class plan: a 90-minute sensor lab",
                "授業案:90分のセンサ実習",
                "Хичээлийн төлөвлөгөө: 90 минутын мэдрэгчийн лаборатори",
            ),
            (
                LessonKind.ANSWER_KEY,
                "Answer keys of the student quizzes",
                "学生向け確認テストの解答",
                "Оюутны шалгалтын хариунууд",
            ),
        ),
        start=1,
    ):
        Lesson.objects.update_or_create(
            module=module,
            position=position,
            kind=kind,
            defaults={
                "status": Status.PUBLISHED,
                "title_en": title,
                "title_ja": title_ja,
                "title_mn": title_mn,
                "body_en": f"## {title}\n\nFor teachers only.",
            },
        )
    return course


def intake_year(today: date) -> int:
    """The school year the cohorts started: September of last year until August."""
    return today.year if today.month >= 9 else today.year - 1


def load_cohorts(program: Program, courses: list[Course], teacher_course: Course) -> None:
    orgs = {o.key: o for o in Organization.objects.filter(key__in=COLLEGES)}
    keys = ("student", "student2", "teacher", "instructor", "teacher-mongol", "teacher-shine")
    people = {u.email: u for u in User.objects.filter(email__in=[demo_email(k) for k in keys])}
    learners_by_college: dict[str, list[User]] = {key: [] for key in COLLEGES}
    for user, college in current_students():
        learners_by_college[college.key].append(user)

    def person(key: str) -> User | None:
        return people.get(demo_email(key))

    today = timezone.localdate()
    year = intake_year(today)
    plan = [
        ("must-kosen-2025", "must-kosen", ["student"], ["teacher", "instructor"]),
        ("mongol-kosen-2025", "mongol-kosen", ["student2"], ["teacher-mongol", "instructor"]),
        ("shine-mongol-kosen-2025", "shine-mongol-kosen", [], ["teacher-shine", "instructor"]),
    ]
    for key, org_key, learners, teachers in plan:
        org = orgs.get(org_key)
        if org is None:
            continue
        # The key is a name kept from the first demo; the intake is the current school year.
        cohort, _created = Cohort.objects.get_or_create(
            program=program,
            key=key,
            defaults={
                "college": org,
                "intake": str(year),
                "title_en": f"{org.name.in_language('en')} · {year} intake",
                "title_ja": f"{org.name.in_language('ja')} {year}年度",
                "title_mn": f"{org.name.in_language('mn')} · {year} оны элсэлт",
            },
        )
        cohort.courses.set(courses)
        members = [u for k in learners if (u := person(k)) is not None] + learners_by_college[org_key]
        CohortMember.objects.bulk_create(
            [CohortMember(cohort=cohort, user=u, role=CohortRole.LEARNER) for u in members],
            ignore_conflicts=True,
        )
        for k in teachers:
            if (u := person(k)) is not None:
                CohortMember.objects.get_or_create(cohort=cohort, user=u, role=CohortRole.TEACHER)
        _sessions(cohort, courses[0], today)
    # The teachers of the three colleges learn in their own cohort, taught from Nagaoka.
    if "must-kosen" in orgs:
        teachers_cohort, _created = Cohort.objects.get_or_create(
            program=program,
            key="partner-teachers-2025",
            defaults={
                "college": orgs["must-kosen"],
                "intake": str(year),
                "track": Track.TEACHER,
                "title_en": f"Partner teachers · {year}",
                "title_ja": f"パートナー校教員 {year}年度",
                "title_mn": f"Түнш коллежийн багш нар · {year}",
            },
        )
        teachers_cohort.courses.set([teacher_course, *courses])
        for k in ("teacher", "teacher-mongol", "teacher-shine"):
            if (u := person(k)) is not None:
                CohortMember.objects.get_or_create(cohort=teachers_cohort, user=u, role=CohortRole.LEARNER)
        if (u := person("instructor")) is not None:
            CohortMember.objects.get_or_create(cohort=teachers_cohort, user=u, role=CohortRole.TEACHER)


def _sessions(cohort: Cohort, course: Course, today: date) -> None:
    """The next two classes: an online lecture from Nagaoka in two days, a lab at the college next week.
    Dated once, when first made."""
    tokyo = ZoneInfo("Asia/Tokyo")
    ub = ZoneInfo("Asia/Ulaanbaatar")
    lecture = today + timedelta(days=2)
    lab = today + timedelta(days=9)
    ClassSession.objects.get_or_create(
        cohort=cohort,
        title_en="Online lecture from Nagaoka",
        defaults={
            "title_ja": "長岡からのオンライン講義",
            "title_mn": "Нагаокагаас онлайн лекц",
            "course": course,
            "starts_at": datetime.combine(lecture, time(16, 0), tzinfo=tokyo),
            "ends_at": datetime.combine(lecture, time(17, 30), tzinfo=tokyo),
            "mode": "online",
            "time_zone": "Asia/Tokyo",
            "meeting_url": "https://meet.example.org/kakehashi-python-iot",
        },
    )
    ClassSession.objects.get_or_create(
        cohort=cohort,
        title_en="Sensor lab on site",
        defaults={
            "title_ja": "センサ実習(対面)",
            "title_mn": "Мэдрэгчийн лабораторийн хичээл (танхимд)",
            "course": course,
            "starts_at": datetime.combine(lab, time(10, 0), tzinfo=ub),
            "ends_at": datetime.combine(lab, time(12, 0), tzinfo=ub),
            "mode": "on_site",
            "time_zone": "Asia/Ulaanbaatar",
            "location": cohort.college.name.in_language("mn"),
        },
    )


def _date_courses(program: Program, courses: list[Course]) -> None:
    """The curriculum was written over the program's first year and a half: a course every quarter (the
    "courses developed" figure counts them by the day they were made)."""
    for position, course in enumerate(courses):
        made = datetime.combine(
            program.starts_on + timedelta(days=60 + 91 * position), time(9), tzinfo=ZoneInfo("Asia/Tokyo")
        )
        if course.created_at > made:
            Course.objects.filter(pk=course.pk).update(created_at=made)


def _certificates(learners: list[User], courses: list[Course], finished: dict[int, list[int]]) -> None:
    """A certificate for each course a student finished, issued some days ago; and the teacher-track
    certificate of the first partner teacher."""
    from kakehashi.learning.models import Certificate

    today = timezone.localdate()
    rows = []
    for number, user in enumerate(learners):
        for position in finished.get(number, []):
            course = courses[position]
            rows.append(
                Certificate(
                    user=user,
                    course=course,
                    issued_on=today - timedelta(days=15 * (len(courses) - position) + number % 5),
                    name_printed=user.name_latin,
                    course_title_printed={
                        "ja": course.title_ja,
                        "en": course.title_en,
                        "mn": course.title_mn,
                    },
                )
            )
    # A second load adds nothing: the certificates already issued keep their serials.
    issued = set(Certificate.objects.filter(user__in=learners).values_list("user_id", "course_id"))
    rows = sorted((r for r in rows if (r.user.pk, r.course.pk) not in issued), key=lambda r: r.issued_on)
    for row, serial in zip(
        rows, serials_for(Certificate, "course", [r.issued_on for r in rows]), strict=True
    ):
        row.serial = serial
    Certificate.objects.bulk_create(rows)


def load_teacher_certificate(teacher_course: Course) -> None:
    from kakehashi.learning.models import Certificate

    teacher = User.objects.filter(email=demo_email("teacher")).first()
    if teacher is not None:
        issued_on = timezone.localdate() - timedelta(days=200)
        Certificate.objects.get_or_create(
            user=teacher,
            course=teacher_course,
            defaults={
                "serial": serials_for(Certificate, "course", [issued_on])[0],
                "issued_on": issued_on,
                "name_printed": teacher.name_latin,
                "course_title_printed": {
                    "ja": teacher_course.title_ja,
                    "en": teacher_course.title_en,
                    "mn": teacher_course.title_mn,
                },
            },
        )


def load_progress(courses: list[Course]) -> None:
    """The second demo student has read the first course's lessons and passed its quiz. The students of the
    three colleges are spread out: most are through the first courses, a few are behind (little done), and
    the assignments due so far are graded. Made once, in bulk."""
    student2 = User.objects.filter(email=demo_email("student2")).first()
    if student2 is not None:
        course = courses[0]
        for lesson in Lesson.objects.filter(module__course=course, kind=LessonKind.LESSON):
            LessonCompletion.objects.get_or_create(lesson=lesson, user=student2)
        quiz = course.quizzes.first()
        if quiz is not None and not QuizAttempt.objects.filter(quiz=quiz, user=student2).exists():
            ids = list(quiz.questions.values_list("pk", flat=True))[:3]
            QuizAttempt.objects.create(
                quiz=quiz,
                user=student2,
                question_ids=ids,
                results={str(i): True for i in ids},
                score_percent=100,
                submitted_at=timezone.now(),
            )
    learners = [user for user, _college in current_students()]
    if not learners or LessonCompletion.objects.filter(user=learners[0]).exists():
        return
    rng = random.Random(2025)  # noqa: S311 - a repeatable demo, not a secret
    lessons = {
        course.pk: list(
            Lesson.objects.filter(module__course=course, kind=LessonKind.LESSON).order_by("position")
        )
        for course in courses
    }
    quizzes = {course.pk: list(course.quizzes.all()) for course in courses}
    assignments = {course.pk: list(course.assignments.all()) for course in courses}
    grader = User.objects.filter(email=demo_email("instructor")).first()
    now = timezone.now()
    completions, attempts, submissions = [], [], []
    finished_courses: dict[int, list[int]] = {}
    for number, user in enumerate(learners):
        # Every seventh student is behind: only the first course started.
        reached = 1 if number % 7 == 3 else rng.randint(2, len(courses))
        for position, course in enumerate(courses[:reached]):
            finished = position < reached - 1
            done = lessons[course.pk] if finished else lessons[course.pk][:1]
            completions += [LessonCompletion(lesson=lesson, user=user) for lesson in done]
            if not finished:
                continue
            finished_courses.setdefault(number, []).append(position)
            for quiz in quizzes[course.pk]:
                score = rng.choice([60, 70, 80, 90, 100, 100])
                attempts.append(
                    QuizAttempt(
                        quiz=quiz,
                        user=user,
                        question_ids=[],
                        results={},
                        score_percent=score,
                        submitted_at=now - timedelta(days=10 * (reached - position)),
                    )
                )
            for assignment in assignments[course.pk]:
                submissions.append(
                    Submission(
                        assignment=assignment,
                        user=user,
                        text="Манай коллежийн лабораторид температурын мэдрэгчээр өгөгдөл цуглуулах төсөл.",
                        score_percent=rng.choice([65, 75, 80, 85, 90, 95]),
                        comment="よくまとまっています。/ Сайн болжээ.",
                        graded_by=grader,
                        graded_at=now,
                    )
                )
    LessonCompletion.objects.bulk_create(completions, ignore_conflicts=True)
    QuizAttempt.objects.bulk_create(attempts)
    Submission.objects.bulk_create(submissions)
    _certificates(learners, courses, finished_courses)


@transaction.atomic
def load() -> None:
    program = Program.objects.filter(key="jica-dx-2024").first()
    if program is None:
        return
    skills = load_skills()
    today = timezone.localdate()
    # The first course's assignment is due in ten days, the next ones every three weeks after it; the
    # students who have finished a course have handed theirs in already, and it is graded.
    courses = [
        load_course(program, spec, skills, today + timedelta(days=10 + 21 * position))
        for position, spec in enumerate(COURSES)
    ]
    _date_courses(program, courses)
    teacher_course = load_teacher_course(program)
    load_cohorts(program, courses, teacher_course)
    load_progress(courses)
    load_teacher_certificate(teacher_course)

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

# key, (ja, en, mn), skills, lesson topics (ja, en, mn), exercise (starter code, tests, task (ja, en, mn))
COURSES = [
    (
        "python-iot",
        ("IoTのためのPython", "Python for IoT", "IoT-д зориулсан Python"),
        ["python_programming", "iot_sensors"],
        [
            ("変数・リスト・繰り返し", "Variables, lists and loops", "Хувьсагч, жагсаалт ба давталт"),
            (
                "シリアルポートからセンサデータを読む",
                "Reading sensor data from a serial port",
                "Цуваа портоос мэдрэгчийн өгөгдөл унших",
            ),
        ],
        (
            "def average(values):\n    pass\n",
            "def test_average():\n    assert solution.average([20.0, 22.0, 24.0]) == 22.0\n\n"
            "def test_single():\n    assert solution.average([5]) == 5\n",
            (
                "温度の測定値のリストの平均を返す関数 `average(values)` を書いてください。",
                "Write `average(values)` that returns the mean of a list of temperature readings.",
                "Температурын хэмжилтүүдийн жагсаалтын дунджийг буцаадаг `average(values)` функц бичнэ үү.",
            ),
        ),
    ),
    (
        "ml-basics",
        ("機械学習の基礎", "Machine learning basics", "Машин сургалтын үндэс"),
        ["ai_machine_learning", "data_analysis"],
        [
            ("モデルとは何か", "What is a model?", "Загвар гэж юу вэ?"),
            ("学習データとテストデータ", "Training and test data", "Сургалтын ба туршилтын өгөгдөл"),
        ],
        (
            "def accuracy(predicted, actual):\n    pass\n",
            "def test_accuracy():\n    assert solution.accuracy([1, 0, 1, 1], [1, 0, 0, 1]) == 0.75\n",
            (
                "予測のうち実際のラベルと一致するものの割合を返す `accuracy(predicted, actual)` を書いてください。",
                "Write `accuracy(predicted, actual)`: the share of predictions that equal the actual labels.",
                "Таамаглалын хэдэн хувь нь бодит шошготой таарч байгааг буцаадаг "
                "`accuracy(predicted, actual)` функц бичнэ үү.",
            ),
        ),
    ),
    (
        "image-recognition",
        ("画像認識", "Image recognition", "Зураг таних"),
        ["image_recognition", "ai_machine_learning"],
        [
            ("画素と色チャンネル", "Pixels and colour channels", "Пиксел ба өнгөний суваг"),
            ("畳み込みの実践", "Convolution in practice", "Конволюцийг практикт хэрэглэх"),
        ],
        (
            "def to_gray(r, g, b):\n    pass\n",
            "def test_gray():\n    assert round(solution.to_gray(255, 255, 255)) == 255\n\n"
            "def test_black():\n    assert solution.to_gray(0, 0, 0) == 0\n",
            (
                "重み 0.299、0.587、0.114 を使って `to_gray(r, g, b)` を書いてください。",
                "Write `to_gray(r, g, b)` with the weights 0.299, 0.587 and 0.114.",
                "0.299, 0.587, 0.114 жингүүдийг ашиглан `to_gray(r, g, b)` функц бичнэ үү.",
            ),
        ),
    ),
    (
        "sensors-mcu",
        ("センサとマイコン", "Sensors and microcontrollers", "Мэдрэгч ба микроконтроллер"),
        ["iot_sensors", "embedded_systems"],
        [
            ("アナログ入力とデジタル入力", "Analog and digital inputs", "Аналог ба дижитал оролт"),
            ("ボタンのチャタリング対策", "Debouncing a button", "Товчлуурын чичиргээг арилгах"),
        ],
        (
            "def adc_to_volts(value, bits=10, vref=3.3):\n    pass\n",
            "def test_full_scale():\n    assert abs(solution.adc_to_volts(1023) - 3.3) < 1e-9\n",
            (
                "ADCの読み取り値を電圧に変換する `adc_to_volts(value, bits=10, vref=3.3)` を書いてください。",
                "Write `adc_to_volts(value, bits=10, vref=3.3)` that converts an ADC reading to volts.",
                "ADC-ийн уншсан утгыг вольт руу хөрвүүлэх `adc_to_volts(value, bits=10, vref=3.3)` функц бичнэ үү.",
            ),
        ),
    ),
    (
        "plc-robot-arm",
        ("PLCとロボットアーム制御", "PLC and robot arm control", "PLC ба роботын гарын удирдлага"),
        ["plc_automation", "robotics"],
        [
            ("ラダー図の基礎", "Ladder logic", "Шатан диаграммын (ladder) логик"),
            ("ロボットアームの座標", "Coordinates of a robot arm", "Роботын гарын координат"),
        ],
        (
            "def interlock(door_closed, start, stop):\n    pass\n",
            "def test_runs():\n    assert solution.interlock(True, True, False) is True\n\n"
            "def test_door_open():\n    assert solution.interlock(False, True, False) is False\n",
            (
                "扉が閉まっていて、起動ボタンが押され、停止ボタンが押されていないときだけモーターが動く "
                "`interlock(door_closed, start, stop)` を書いてください。",
                "Write `interlock(door_closed, start, stop)`: the motor may run only when the door is closed, "
                "start is pressed and stop is not.",
                "Хаалга хаалттай, эхлүүлэх товч дарагдсан, зогсоох товч дарагдаагүй үед л мотор ажиллах "
                "`interlock(door_closed, start, stop)` функц бичнэ үү.",
            ),
        ),
    ),
    (
        "networks-5g",
        ("ネットワークと5G", "Networks and 5G", "Сүлжээ ба 5G"),
        ["networks_5g"],
        [
            ("IPアドレスとサブネット", "IP addresses and subnets", "IP хаяг ба дэд сүлжээ"),
            ("5Gが工場にもたらす変化", "What 5G changes for factories", "5G үйлдвэрт юуг өөрчлөх вэ"),
        ],
        (
            "def hosts(prefix):\n    pass\n",
            "def test_24():\n    assert solution.hosts(24) == 254\n\n"
            "def test_30():\n    assert solution.hosts(30) == 2\n",
            (
                "IPv4のサブネットで使えるホストアドレスの数を返す `hosts(prefix)` を書いてください。",
                "Write `hosts(prefix)`: the number of usable host addresses in an IPv4 subnet.",
                "IPv4 дэд сүлжээнд ашиглаж болох хостын хаягийн тоог буцаадаг `hosts(prefix)` функц бичнэ үү.",
            ),
        ),
    ),
]

EXAMPLE = "```python\nreadings = [20.5, 21.0, 21.7]\nprint(sum(readings) / len(readings))\n```\n\n"
LESSON_BODIES = {
    "ja": "## {topic}\n\nこの授業では、長岡の工場の例を使って**{topic}**を学びます。\n\n"
    + EXAMPLE
    + "1. 例を読みます。\n2. 自分のコンピュータで実行します。\n3. 書き換えて、どうなるか確かめます。\n",
    "en": "## {topic}\n\nIn this lesson we study **{topic}** with examples from Nagaoka factories.\n\n"
    + EXAMPLE
    + "1. Read the example.\n2. Run it on your own computer.\n3. Change it and see what happens.\n",
    "mn": "## {topic}\n\nЭнэ хичээлээр Нагаокагийн үйлдвэрүүдийн жишээгээр **{topic}** сэдвийг судална.\n\n"
    + EXAMPLE
    + "1. Жишээг уншина.\n2. Өөрийн компьютер дээр ажиллуулна.\n3. Өөрчилж үзээд юу болохыг ажиглана.\n",
}
LANGUAGES = ("ja", "en", "mn")


def _texts(triple: tuple[str, str, str]) -> dict[str, str]:
    """{"ja": …, "en": …, "mn": …} from (ja, en, mn)."""
    return dict(zip(LANGUAGES, triple, strict=True))


def load_skills() -> dict[str, Skill]:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    skills: dict[str, Skill] = {}
    entries: list[tuple[str, str]] = [(key, "literacy") for key in data["literacy"]]
    for group, roles in data["talent_types"].items():
        entries += [(key, group) for key in roles]
    entries += [(key, "skill_category") for key in data["skill_categories"]]
    entries += [(key, "air_subject") for key in data["air_subjects"]]
    names = data["names"]
    for key, group in entries:
        skill, _created = Skill.objects.get_or_create(key=key, defaults={"group": group, "name": names[key]})
        if skill.name != names[key] and not (set(skill.name) - {"en"}):
            # A skill loaded before it had names in every language (named from its key): named now.
            skill.name = names[key]
            skill.save(update_fields=["name"])
        skills[key] = skill
    return skills


def _course(program: Program, key: str, titles: tuple[str, str, str], track: str = Track.STUDENT) -> Course:
    course, _created = Course.objects.update_or_create(
        program=program,
        key=key,
        defaults={
            "title": _texts(titles),
            "track": track,
            "status": Status.PUBLISHED,
            "summary": {
                "ja": f"架け橋AIR技術カリキュラムの科目:{titles[0]}。",
                "en": f"A course of the Kakehashi AIR-technology curriculum: {titles[1]}.",
                "mn": f"Какэхаши AIR технологийн сургалтын хөтөлбөрийн хичээл: {titles[2]}.",
            },
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
        defaults={"title": {"ja": "基礎", "en": "Foundations", "mn": "Үндэс"}},
    )
    for position, topic in enumerate(topics, start=1):
        topic_texts = _texts(topic)
        lesson, _created = Lesson.objects.update_or_create(
            module=module,
            position=position,
            kind=LessonKind.LESSON,
            defaults={
                "status": Status.PUBLISHED,
                "title": topic_texts,
                "body": {code: LESSON_BODIES[code].format(topic=topic_texts[code]) for code in LANGUAGES},
            },
        )
        lesson.skills.set(tagged)
    _answer_key, _created = Lesson.objects.update_or_create(
        module=module,
        position=99,
        kind=LessonKind.ANSWER_KEY,
        defaults={
            "status": Status.PUBLISHED,
            "title": {
                "ja": "解答例と授業案",
                "en": "Answer key and class plan",
                "mn": "Хариу ба хичээлийн төлөвлөгөө",
            },
            "body": {
                "ja": f"## 解答例\n\n```python\n# {key}\n```\n\n授業では演習に20分かけます。\n",
                "en": f"## Answer key\n\n```python\n# {key}\n```\n\nSpend 20 minutes on the exercise in class.\n",
                "mn": f"## Хариу\n\n```python\n# {key}\n```\n\nХичээл дээр дасгалд 20 минут зарцуулна.\n",
            },
        },
    )
    quiz, _created = Quiz.objects.update_or_create(
        course=course,
        title__en=f"{titles[1]}: check your understanding",
        defaults={
            "title": {
                "ja": f"{titles[0]} 確認テスト",
                "en": f"{titles[1]}: check your understanding",
                "mn": f"{titles[2]}: ойлголтоо шалгах",
            },
            "draw": 3,
        },
    )
    quiz.skills.set(tagged)
    if not quiz.questions.exists():
        Question.objects.bulk_create(
            [
                Question(
                    quiz=quiz,
                    kind=QuestionKind.SINGLE,
                    text={
                        "ja": "この科目で使うプログラミング言語はどれですか?",
                        "en": "Which language do we use in this course?",
                        "mn": "Энэ хичээлд ямар програмчлалын хэл ашиглах вэ?",
                    },
                    choices=[dict.fromkeys(LANGUAGES, name) for name in ("Python", "COBOL", "Fortran")],
                    answer=[0],
                    feedback={
                        "ja": "カリキュラム全体でPythonを使います。",
                        "en": "We use Python throughout the curriculum.",
                        "mn": "Сургалтын хөтөлбөрийн турш Python ашиглана.",
                    },
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.MULTIPLE,
                    text={
                        "ja": "次のうち、センサはどれですか?",
                        "en": "Which of these are sensors?",
                        "mn": "Эдгээрийн аль нь мэдрэгч вэ?",
                    },
                    choices=[
                        {"ja": "サーミスタ", "en": "Thermistor", "mn": "Термистор"},
                        {"ja": "加速度センサ", "en": "Accelerometer", "mn": "Хурдатгал мэдрэгч"},
                        {"ja": "リレー", "en": "Relay", "mn": "Реле"},
                    ],
                    answer=[0, 1],
                    feedback={
                        "ja": "リレーはセンサではなく、アクチュエータです。",
                        "en": "A relay is an actuator, not a sensor.",
                        "mn": "Реле бол мэдрэгч биш, гүйцэтгэх төхөөрөмж юм.",
                    },
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.NUMBER,
                    text={
                        "ja": "3.3 ÷ 2 は何ボルトですか?",
                        "en": "What is 3.3 / 2, in volts?",
                        "mn": "3.3 / 2 хэдэн вольт вэ?",
                    },
                    answer=[1.65],
                    tolerance=0.01,
                ),
                Question(
                    quiz=quiz,
                    kind=QuestionKind.TEXT,
                    text={
                        "ja": "IoTの「I」は何の略ですか?(英語で)",
                        "en": "What does the I in IoT stand for?",
                        "mn": "IoT-ийн «I» үсэг юуны товчлол вэ? (англиар)",
                    },
                    answer=["internet"],
                ),
            ]
        )
    exercise, _created = Exercise.objects.update_or_create(
        course=course,
        title__en=f"{titles[1]}: programming exercise",
        defaults={
            "title": {
                "ja": f"{titles[0]} プログラミング演習",
                "en": f"{titles[1]}: programming exercise",
                "mn": f"{titles[2]}: програмчлалын дасгал",
            },
            "prompt": _texts(prompt),
            "starter_code": starter_solution,
            "tests": tests,
        },
    )
    exercise.skills.set(tagged)
    assignment, _created = Assignment.objects.update_or_create(
        course=course,
        title__en=f"{titles[1]}: mini project report",
        defaults={
            "title": {
                "ja": f"{titles[0]} ミニプロジェクト報告",
                "en": f"{titles[1]}: mini project report",
                "mn": f"{titles[2]}: бие даалтын тайлан",
            },
            "brief": {
                "ja": "この科目の内容を、知っている工場で生かす小さなプロジェクトを説明してください。",
                "en": "Describe a small project that applies this course in a factory you know.",
                "mn": "Энэ хичээлийн мэдлэгийг өөрийн мэдэх үйлдвэрт хэрэгжүүлэх жижиг төслийг тайлбарлана уу.",
            },
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
                title={"ja": title_ja, "en": title, "mn": title_mn},
                levels=[
                    {"points": 4, "label": {"ja": "優", "en": "Excellent", "mn": "Маш сайн"}},
                    {"points": 3, "label": {"ja": "良", "en": "Good", "mn": "Сайн"}},
                    {"points": 2, "label": {"ja": "可", "en": "Fair", "mn": "Дунд"}},
                    {"points": 0, "label": {"ja": "不可", "en": "Missing", "mn": "Дутуу"}},
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
        defaults={"title": {"ja": "指導者研修", "en": "Train the trainer", "mn": "Багш бэлтгэх"}},
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
                "title": {"ja": title_ja, "en": title, "mn": title_mn},
                "body": {
                    "ja": f"## {title_ja}\n\n教員向けの資料です。",
                    "en": f"## {title}\n\nFor teachers only.",
                    "mn": f"## {title_mn}\n\nЗөвхөн багш нарт зориулсан материал.",
                },
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
                "title": {
                    "ja": f"{org.name.in_language('ja')} {year}年度",
                    "en": f"{org.name.in_language('en')} · {year} intake",
                    "mn": f"{org.name.in_language('mn')} · {year} оны элсэлт",
                },
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
                "title": {
                    "ja": f"パートナー校教員 {year}年度",
                    "en": f"Partner teachers · {year}",
                    "mn": f"Түнш коллежийн багш нар · {year}",
                },
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
        title__en="Online lecture from Nagaoka",
        defaults={
            "title": {
                "ja": "長岡からのオンライン講義",
                "en": "Online lecture from Nagaoka",
                "mn": "Нагаокагаас онлайн лекц",
            },
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
        title__en="Sensor lab on site",
        defaults={
            "title": {
                "ja": "センサ実習(対面)",
                "en": "Sensor lab on site",
                "mn": "Мэдрэгчийн лабораторийн хичээл (танхимд)",
            },
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
                    course_title_printed=dict(course.title),
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
                "course_title_printed": dict(teacher_course.title),
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

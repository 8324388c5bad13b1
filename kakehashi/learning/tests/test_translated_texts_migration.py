"""Moving the curriculum's columns per language onto TranslatedFields, and the quiz choices and rubric levels
onto texts per language, loses nothing, both ways."""

from datetime import UTC, datetime

import pytest

from kakehashi.core.testing.migrations import migrate_back_to_latest, migrate_to

BEFORE = ("learning", "0009_cohort_order_by_translated_college_name")
AFTER = ("learning", "0010_translated_texts")


def _make_old_rows(apps):  # type: ignore[no-untyped-def]
    # Its own program and college: an earlier test that migrates (transaction=True) empties the tables.
    program, _made = apps.get_model("accounts", "Program").objects.get_or_create(
        key="mig-program",
        defaults={"title": {"en": "Migration"}, "starts_on": "2026-01-01", "ends_on": "2027-01-01"},
    )
    college, _made = apps.get_model("accounts", "Organization").objects.get_or_create(
        key="mig-college", defaults={"kind": "partner_college", "name": {"en": "College"}, "country": "MN"}
    )
    get = apps.get_model
    course = get("learning", "Course").objects.create(
        program=program,
        key="mig-course",
        title_ja="移行の科目",
        title_en="Migration course",
        title_mn="Шилжилтийн хичээл",
        summary_ja="概要",
        summary_en="Summary",
        summary_mn="",
    )
    module = get("learning", "Module").objects.create(course=course, title_en="Basics", title_mn="Үндэс")
    get("learning", "Lesson").objects.create(
        module=module, title_ja="第一課", title_en=" Lesson one ", body_ja="本文\n\n二行目", body_mn="Агуулга"
    )
    get("learning", "Exercise").objects.create(
        course=course, title_en="Exercise", title_ja="演習", prompt_en="Write it.", tests=""
    )
    quiz = get("learning", "Quiz").objects.create(course=course, title_en="Quiz", title_mn="Шалгалт")
    get("learning", "Question").objects.create(
        quiz=quiz,
        kind="single",
        text_en="Which?",
        text_ja="どれ?",
        feedback_mn="Зөв",
        choices=[{"ja": "赤", "en": "Red", "mn": ""}, {"en": "Blue"}],
        answer=[0],
    )
    assignment = get("learning", "Assignment").objects.create(
        course=course, title_en="Report", title_ja="報告", brief_en="Write a report.", brief_ja="報告を書く"
    )
    get("learning", "RubricCriterion").objects.create(
        assignment=assignment,
        title_en="Clarity",
        title_ja="分かりやすさ",
        title_mn="Ойлгомжтой байдал",
        levels=[
            {"points": 4, "ja": "優", "en": "Excellent", "mn": "Маш сайн"},
            {"points": 0, "en": "Missing"},
        ],
    )
    cohort = get("learning", "Cohort").objects.create(
        program=program, key="mig-cohort", college=college, intake="2030", title_en="Cohort", title_ja="学級"
    )
    get("learning", "ClassSession").objects.create(
        cohort=cohort,
        title_en="Lab",
        title_mn="Лаборатори",
        starts_at=datetime(2030, 1, 1, 1, tzinfo=UTC),
        ends_at=datetime(2030, 1, 1, 2, tzinfo=UTC),
        mode="online",
        time_zone="Asia/Tokyo",
    )
    get("learning", "Skill").objects.create(
        key="mig_skill",
        group="air_subject",
        name_en="IoT sensors",
        name_ja="IoTセンサ",
        name_mn="IoT мэдрэгч",
    )


@pytest.mark.data_migration
@pytest.mark.django_db(transaction=True)
def test_every_language_of_every_text_survives_the_move_and_its_reversal():
    try:
        _make_old_rows(migrate_to(BEFORE))

        new = migrate_to(AFTER)
        course = new.get_model("learning", "Course").objects.get(key="mig-course")
        assert course.title == {"ja": "移行の科目", "en": "Migration course", "mn": "Шилжилтийн хичээл"}
        assert course.summary == {"ja": "概要", "en": "Summary"}
        assert new.get_model("learning", "Module").objects.get(course=course).title == {
            "en": "Basics",
            "mn": "Үндэс",
        }
        lesson = new.get_model("learning", "Lesson").objects.get(module__course=course)
        assert (lesson.title, lesson.body) == (
            {"ja": "第一課", "en": "Lesson one"},
            {"ja": "本文\n\n二行目", "mn": "Агуулга"},
        )
        exercise = new.get_model("learning", "Exercise").objects.get(course=course)
        assert (exercise.title, exercise.prompt) == ({"en": "Exercise", "ja": "演習"}, {"en": "Write it."})
        question = new.get_model("learning", "Question").objects.get(quiz__course=course)
        assert question.quiz.title == {"en": "Quiz", "mn": "Шалгалт"}
        assert (question.text, question.feedback) == ({"en": "Which?", "ja": "どれ?"}, {"mn": "Зөв"})
        assert question.choices == [{"ja": "赤", "en": "Red"}, {"en": "Blue"}]
        assignment = new.get_model("learning", "Assignment").objects.get(course=course)
        assert (assignment.title, assignment.brief) == (
            {"en": "Report", "ja": "報告"},
            {"en": "Write a report.", "ja": "報告を書く"},
        )
        criterion = assignment.criteria.get()
        assert criterion.title == {"en": "Clarity", "ja": "分かりやすさ", "mn": "Ойлгомжтой байдал"}
        assert criterion.levels == [
            {"points": 4, "label": {"ja": "優", "en": "Excellent", "mn": "Маш сайн"}},
            {"points": 0, "label": {"en": "Missing"}},
        ]
        cohort = new.get_model("learning", "Cohort").objects.get(key="mig-cohort")
        assert cohort.title == {"en": "Cohort", "ja": "学級"}
        assert cohort.sessions.get().title == {"en": "Lab", "mn": "Лаборатори"}
        assert new.get_model("learning", "Skill").objects.get(key="mig_skill").name == {
            "en": "IoT sensors",
            "ja": "IoTセンサ",
            "mn": "IoT мэдрэгч",
        }

        old = migrate_to(BEFORE)
        course = old.get_model("learning", "Course").objects.get(key="mig-course")
        assert (course.title_ja, course.title_en, course.title_mn) == (
            "移行の科目",
            "Migration course",
            "Шилжилтийн хичээл",
        )
        assert (course.summary_ja, course.summary_en, course.summary_mn) == ("概要", "Summary", "")
        lesson = old.get_model("learning", "Lesson").objects.get(module__course=course)
        assert (lesson.title_ja, lesson.title_en, lesson.body_ja, lesson.body_mn) == (
            "第一課",
            "Lesson one",
            "本文\n\n二行目",
            "Агуулга",
        )
        question = old.get_model("learning", "Question").objects.get(quiz__course=course)
        assert (question.text_en, question.text_ja, question.feedback_mn) == ("Which?", "どれ?", "Зөв")
        assert question.choices == [{"ja": "赤", "en": "Red"}, {"en": "Blue"}]
        criterion = old.get_model("learning", "RubricCriterion").objects.get(assignment__course=course)
        assert criterion.title_mn == "Ойлгомжтой байдал"
        assert criterion.levels == [
            {"points": 4, "ja": "優", "en": "Excellent", "mn": "Маш сайн"},
            {"points": 0, "ja": "", "en": "Missing", "mn": ""},
        ]
        skill = old.get_model("learning", "Skill").objects.get(key="mig_skill")
        assert (skill.name_ja, skill.name_en, skill.name_mn) == ("IoTセンサ", "IoT sensors", "IoT мэдрэгч")
        session = old.get_model("learning", "ClassSession").objects.get(cohort__key="mig-cohort")
        assert (session.title_en, session.title_mn, session.title_ja) == ("Lab", "Лаборатори", "")
    finally:
        migrate_back_to_latest()

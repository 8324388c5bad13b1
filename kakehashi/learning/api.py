"""The curriculum in the API: the courses the caller may open, their progress and their skill profile."""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.core.i18n import localized
from kakehashi.core.multilingual.schema import TranslatedSchemaText
from kakehashi.core.permissions import require
from kakehashi.learning import rules, selectors

router = Router(tags=["learning"])


class CourseOut(Schema):
    id: int
    key: str
    track: str
    title: str = Field(description="The title in the caller's language (else the nearest one written).")
    titles: TranslatedSchemaText = Field(description="The title in every language written: {code: text}.")


class ProgressOut(Schema):
    course_id: int
    course: str
    percent: int
    done: int
    total: int
    complete: bool


class SkillOut(Schema):
    key: str
    name: str
    group: str
    level: int
    evidence: int
    endorsed_by: list[str]


@router.get(
    "/learning/courses",
    response=answers(list[CourseOut], 404),
    url_name="learning_courses",
    summary="Courses of the catalogue (titles only for roles that do not study or teach)",
)
@paginate(LimitOffset)
def courses(request: HttpRequest, program: Id | None = None) -> Rows:
    return Rows(
        selectors.catalogue(viewer(request, program)),
        lambda c: CourseOut(
            id=c.pk,
            key=c.key,
            track=c.track,
            title=localized(c, "title"),
            titles=dict(c.title),
        ),
    )


@router.get(
    "/learning/progress",
    response=answers(list[ProgressOut], 404),
    url_name="learning_progress",
    summary="My progress (people who study)",
)
@paginate(LimitOffset)
def progress(request: HttpRequest, program: Id | None = None) -> Rows:
    return Rows(
        selectors.my_progress(viewer(request, program)),
        lambda p: ProgressOut(
            course_id=p.course.pk,
            course=localized(p.course, "title"),
            percent=p.percent,
            done=p.done,
            total=p.total,
            complete=p.is_complete,
        ),
    )


@router.get(
    "/learning/skills",
    response=answers(list[SkillOut], 404),
    url_name="learning_skills",
    summary="My skill profile (people who study)",
)
@paginate(LimitOffset)
def skills(request: HttpRequest, program: Id | None = None) -> Rows:
    caller = viewer(request, program)
    require(rules.can_study(caller))
    return Rows(selectors.skill_profile(caller.user), lambda s: SkillOut(**s.__dict__))

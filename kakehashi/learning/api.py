"""The curriculum in the API: the courses the caller may open, their progress and their skill profile."""

from django.http import HttpRequest
from ninja import Router, Schema

from kakehashi.accounts.models import User
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer, build_viewer, require
from kakehashi.learning import rules, selectors

router = Router(tags=["learning"])


def _viewer(request: HttpRequest, program: int | None) -> Viewer:
    assert isinstance(request.user, User)
    return build_viewer(request.user, program)


class CourseOut(Schema):
    id: int
    key: str
    track: str
    title: str
    title_ja: str
    title_en: str
    title_mn: str


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


@router.get(
    "/learning/courses",
    response=list[CourseOut],
    url_name="learning_courses",
    summary="Courses of the catalogue (titles only for roles that do not study or teach)",
)
def courses(request: HttpRequest, program: int | None = None) -> list[CourseOut]:
    viewer = _viewer(request, program)
    return [
        CourseOut(
            id=c.pk,
            key=c.key,
            track=c.track,
            title=localized(c, "title"),
            title_ja=c.title_ja,
            title_en=c.title_en,
            title_mn=c.title_mn,
        )
        for c in selectors.catalogue(viewer)
    ]


@router.get(
    "/learning/progress", response=list[ProgressOut], url_name="learning_progress", summary="My progress"
)
def progress(request: HttpRequest, program: int | None = None) -> list[ProgressOut]:
    viewer = _viewer(request, program)
    return [
        ProgressOut(
            course_id=p.course.pk,
            course=localized(p.course, "title"),
            percent=p.percent,
            done=p.done,
            total=p.total,
            complete=p.is_complete,
        )
        for p in selectors.my_progress(viewer)
    ]


@router.get(
    "/learning/skills", response=list[SkillOut], url_name="learning_skills", summary="My skill profile"
)
def skills(request: HttpRequest, program: int | None = None) -> list[SkillOut]:
    viewer = _viewer(request, program)
    require(rules.can_study(viewer))
    return [SkillOut(**s.__dict__) for s in selectors.skill_profile(viewer.user)]

"""The rounds API: places of a round, the caller's application, ranking and result, round statistics."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from kakehashi.accounts.api import NameOut, name_out
from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules, selectors
from kakehashi.internships.explain import student_lines
from kakehashi.internships.models import MatchingRun, Place, Round

router = Router(tags=["internship rounds"])


def _round(request: HttpRequest, round_id: int) -> tuple[Viewer, Round]:
    caller = viewer(request)
    return caller, selectors.round_for(caller, round_id)


def _no_application() -> HttpError:
    return HttpError(404, _("You have no application in this round."))


class PlaceOut(Schema):
    id: int
    title: str
    company: str
    field: str
    skills: str
    japanese_level: str
    capacity: int
    starts_on: date
    ends_on: date
    location: str
    paid: bool
    housing: bool
    status: str


class ApplicationOut(Schema):
    id: int
    # The whole names as before (kept for existing clients), and the parts as /me/ gives them.
    name_latin: str
    name_cyrillic: str
    name: NameOut
    college: str
    japanese_level: str
    submitted_at: datetime | None
    consent_version: str
    consent_at: datetime | None
    nomination: str
    confirmed: bool


class ChoiceOut(Schema):
    position: int
    place_id: int
    place: str
    company: str


class PlacementOut(Schema):
    id: int
    place_id: int
    place: str
    company: str
    student_answer: str
    company_answer: str
    status: str


class ResultOut(Schema):
    published: bool
    placements: list[PlacementOut]
    explanation: list[str]


def _place_out(place: Place) -> PlaceOut:
    return PlaceOut(
        id=place.pk,
        title=localized(place, "title"),
        company=str(place.company.name),
        field=place.field,
        skills=place.skills,
        japanese_level=place.japanese_level,
        capacity=place.capacity,
        starts_on=place.starts_on,
        ends_on=place.ends_on,
        location=place.location,
        paid=place.paid,
        housing=place.housing,
        status=place.status,
    )


@router.get(
    "/rounds/{round_id}/places",
    response=answers(list[PlaceOut], 404),
    url_name="round_places",
    summary="Places of a round",
)
@paginate(LimitOffset)
def round_places(request: HttpRequest, round_id: Id) -> Rows:
    caller, round_ = _round(request, round_id)
    return Rows(selectors.places_of(caller, round_).order_by("pk"), _place_out)


@router.get(
    "/rounds/{round_id}/application",
    response=answers(ApplicationOut, 404),
    url_name="my_application",
    summary="The caller's application in a round",
)
def my_application(request: HttpRequest, round_id: Id) -> ApplicationOut:
    caller, round_ = _round(request, round_id)
    application = selectors.my_application(caller, round_)
    if application is None:
        raise _no_application()
    return ApplicationOut(
        id=application.pk,
        name_latin=application.name_latin,
        name_cyrillic=application.name_cyrillic,
        name=name_out(application),
        college=str(application.college.name),
        japanese_level=application.japanese_level,
        submitted_at=application.submitted_at,
        consent_version=application.consent_version,
        consent_at=application.consent_at,
        nomination=application.nomination,
        confirmed=application.is_confirmed,
    )


@router.get(
    "/rounds/{round_id}/ranking",
    response=answers(list[ChoiceOut], 404),
    url_name="my_ranking",
    summary="The caller's ranking of places, best first (whole: a ranking holds a few choices)",
)
def my_ranking(request: HttpRequest, round_id: Id) -> list[ChoiceOut]:
    caller, round_ = _round(request, round_id)
    application = selectors.my_application(caller, round_)
    if application is None:
        raise _no_application()
    return [
        ChoiceOut(
            position=choice.position,
            place_id=choice.place_id,
            place=localized(choice.place, "title"),
            company=str(choice.place.company.name),
        )
        for choice in selectors.ranking_of(application)
    ]


@router.get(
    "/rounds/{round_id}/result",
    response=answers(ResultOut, 404),
    url_name="my_result",
    summary="The caller's result: their placements (a company: its places') and the explanation",
)
def my_result(request: HttpRequest, round_id: Id) -> ResultOut:
    caller, round_ = _round(request, round_id)
    published = bool(selectors.published_runs(round_))
    explanation: list[str] = []
    application = selectors.my_application(caller, round_)
    if application is not None and published:
        _published, found = selectors.student_explanation(round_, application)
        names = {place.key: str(place.title) for place in Place.objects.filter(round=round_)}
        explanation = student_lines(found, names)
    placements = selectors.placements_visible_to(caller, round_)
    if rules.can_manage_round(caller, round_):
        placements = placements.none()  # the office reads the statistics; this is the caller's own result
    return ResultOut(
        published=bool(published),
        explanation=explanation,
        placements=[
            PlacementOut(
                id=p.pk,
                place_id=p.place_id,
                place=localized(p.place, "title"),
                company=str(p.place.company.name),
                student_answer=p.student_answer,
                company_answer=p.company_answer,
                status=p.status,
            )
            for p in placements
        ],
    )


@router.get(
    "/rounds/{round_id}/statistics",
    response=answers(dict[str, Any], 404),
    url_name="round_statistics",
    summary="Figures of a round and of its published runs (program office)",
)
def round_statistics(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    caller, round_ = _round(request, round_id)
    if not rules.can_manage_round(caller, round_):
        raise PermissionDenied(_("Only the program office reads round statistics."))
    runs = MatchingRun.objects.filter(round=round_, published_at__isnull=False).defer(
        "instance", "result", "check_problems"
    )
    return {
        "round": str(round_.name),
        "round_names": dict(round_.name),
        "phase": round_.phase,
        "counts": selectors.application_counts(round_),
        "published_runs": [
            {
                "id": run.pk,
                "kind": run.kind,
                "algorithm": run.algorithm,
                "seed": run.seed,
                "summary": run.summary,
            }
            for run in runs
        ],
    }

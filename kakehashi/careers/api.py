"""Job offers: a student reads and answers them; a company reads its own."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kakehashi.accounts.models import User
from kakehashi.careers import selectors, services
from kakehashi.core.permissions import Viewer, build_viewer

router = Router(tags=["careers"])


def _viewer(request: HttpRequest) -> Viewer:
    assert isinstance(request.user, User)
    return build_viewer(request.user)


class OfferOut(Schema):
    id: int
    title: str
    company: str
    student: str
    status: str
    graduation_on: date
    start_on: date
    monthly_salary_jpy: int | None


class AnswerIn(Schema):
    accept: bool


def _out(offer: object) -> OfferOut:
    return OfferOut(
        id=offer.pk,  # type: ignore[attr-defined]
        title=offer.title,  # type: ignore[attr-defined]
        company=offer.company.name,  # type: ignore[attr-defined]
        student=offer.student.display_name,  # type: ignore[attr-defined]
        status=offer.status,  # type: ignore[attr-defined]
        graduation_on=offer.graduation_on,  # type: ignore[attr-defined]
        start_on=offer.start_on,  # type: ignore[attr-defined]
        monthly_salary_jpy=offer.monthly_salary_jpy,  # type: ignore[attr-defined]
    )


@router.get(
    "/careers/offers",
    response=list[OfferOut],
    url_name="careers_offers",
    summary="Job offers the caller sees",
)
def offers(request: HttpRequest, status: str = "", limit: int = 100, offset: int = 0) -> list[OfferOut]:
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    rows = selectors.offers_visible_to(_viewer(request), status=status)[offset : offset + limit]
    return [_out(offer) for offer in rows]


@router.post(
    "/careers/offers/{offer_id}/answer",
    response=OfferOut,
    url_name="careers_offer_answer",
    summary="Accept or decline",
)
def offer_answer(request: HttpRequest, offer_id: int, payload: AnswerIn) -> OfferOut:
    viewer = _viewer(request)
    offer = selectors.offer_for(viewer, offer_id)
    try:
        offer = services.offer_respond(viewer=viewer, offer=offer, accept=payload.accept)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return _out(selectors.offer_for(viewer, offer.pk))

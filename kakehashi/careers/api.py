"""Job offers: a student reads and answers them; a company reads its own."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kakehashi.api.common import Id, LimitOffset, Rows, answers, viewer
from kakehashi.careers import selectors, services

router = Router(tags=["careers"])


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
        company=str(offer.company.name),  # type: ignore[attr-defined]
        student=offer.student.display_name,  # type: ignore[attr-defined]
        status=offer.status,  # type: ignore[attr-defined]
        graduation_on=offer.graduation_on,  # type: ignore[attr-defined]
        start_on=offer.start_on,  # type: ignore[attr-defined]
        monthly_salary_jpy=offer.monthly_salary_jpy,  # type: ignore[attr-defined]
    )


@router.get(
    "/careers/offers",
    response=answers(list[OfferOut]),
    url_name="careers_offers",
    summary="Job offers the caller sees",
)
@paginate(LimitOffset)
def offers(request: HttpRequest, status: str = "") -> Rows:
    return Rows(selectors.offers_visible_to(viewer(request), status=status), _out)


@router.post(
    "/careers/offers/{offer_id}/answer",
    response=answers(OfferOut, 400, 404),
    url_name="careers_offer_answer",
    summary="Accept or decline (the student the offer is made to; 422 once it is answered)",
)
def offer_answer(request: HttpRequest, offer_id: Id, payload: AnswerIn) -> OfferOut:
    caller = viewer(request)
    offer = selectors.offer_for(caller, offer_id)
    offer = services.offer_respond(viewer=caller, offer=offer, accept=payload.accept)
    return _out(selectors.offer_for(caller, offer.pk))

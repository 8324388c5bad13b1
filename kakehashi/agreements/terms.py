"""The terms of a case's agreement, gathered from the place, the application, the case and its stay.

`terms_of(case)` returns plain data (JSON): two calls give equal dicts exactly when nothing the agreement
states has changed, which is how a change of terms is noticed (services.agreement_refresh). Each
organization's and each text's name is kept in every language, so that the document prints Japanese and
the student's language from the same snapshot.
"""

from typing import Any

from kakehashi.accounts.models import Organization
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.core.multilingual.text import as_translated
from kakehashi.operations.models import InternCase

LANGUAGES = ("ja", "en", "mn")

# What a change of each term is called in a version's note (content in the three languages, like the text).
TERM_NAMES = {
    "parties": {"ja": "当事者", "en": "parties", "mn": "талууд"},
    "student": {"ja": "学生", "en": "student", "mn": "оюутан"},
    "place": {"ja": "実習内容", "en": "work", "mn": "дадлагын агуулга"},
    "period": {"ja": "実習期間", "en": "period", "mn": "хугацаа"},
    "paid": {"ja": "報酬", "en": "remuneration", "mn": "цалин"},
    "route": {"ja": "在留資格", "en": "status of residence", "mn": "оршин суух статус"},
    "housing": {"ja": "宿泊先", "en": "housing", "mn": "байр"},
    "insurance": {"ja": "保険", "en": "insurance", "mn": "даатгал"},
}


def _names(org: Organization | None) -> dict[str, str]:
    if org is None:
        return {}
    return _texts(org, "name")


def _texts(obj: Any, field: str) -> dict[str, str]:
    """The text in each language of the agreement, a missing one along the fallback chain."""
    text = as_translated(getattr(obj, field))
    return {lang: text.in_language(lang) for lang in LANGUAGES}


def program_office_of(case: InternCase) -> Organization | None:
    return (
        Organization.objects.filter(
            participations__program_id=case.program_id, kind=OrganizationKind.PROGRAM_OFFICE
        )
        .order_by("pk")
        .first()
    )


def _place_of(case: InternCase) -> Any:
    if case.placement_ref is None:
        return None
    from kakehashi.internships.models import Placement

    placement = Placement.objects.select_related("place", "application").filter(pk=case.placement_ref).first()
    return placement


def terms_of(case: InternCase) -> dict[str, Any]:
    placement = _place_of(case)
    place = placement.place if placement is not None else None
    application = placement.application if placement is not None else None
    stay = getattr(case, "stay", None)
    student = case.intern
    names = {
        "latin": (application.name_latin if application else "") or student.name_latin,
        "local": (application.name_cyrillic if application else "") or student.name_local,
    }
    return {
        "program": _texts(case.program, "title"),
        "parties": {
            "college": _names(case.college),
            "company": _names(case.host),
            "office": _names(program_office_of(case)),
        },
        "student": names,
        "place": {
            "title": _texts(place, "title") if place else {},
            "description": _texts(place, "description") if place else {},
            "location": place.location if place else case.host.city,
            "housing_provided": bool(place.housing) if place else False,
        },
        "period": [case.arrival_on.isoformat(), case.departure_on.isoformat()],
        "paid": case.paid,
        "route": case.route,
        "housing": {
            "name": stay.housing_name if stay else "",
            "provider": stay.housing_provider if stay else "",
        },
        "insurance": {
            "provider": stay.insurance_provider if stay else "",
            "from": stay.insurance_from.isoformat() if stay and stay.insurance_from else "",
            "to": stay.insurance_to.isoformat() if stay and stay.insurance_to else "",
        },
    }


def changed_terms(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The keys of the terms that differ (in a stable order)."""
    return [key for key in new if old.get(key) != new.get(key)]

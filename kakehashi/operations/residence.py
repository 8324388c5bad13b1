"""The documents of each status-of-residence route, in the order they are usually prepared."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.operations.models import ResidenceRoute

DOCUMENT_TITLES: dict[str, Promise] = {
    "passport": _("Valid passport (six months beyond the return date)"),
    "photo": _("Photograph (45 mm x 35 mm)"),
    "visa_application": _("Visa application form"),
    "invitation_letter": _("Letter of invitation from the host company"),
    "guarantee_letter": _("Letter of guarantee (身元保証書)"),
    "itinerary": _("Schedule of stay in Japan (滞在予定表)"),
    "coe_application": _("Application for a certificate of eligibility (在留資格認定証明書交付申請書)"),
    "internship_contract": _("Internship contract between the college, the company and the student"),
    "curriculum_certificate": _("College's certificate that the internship is part of the degree curriculum"),
    "company_documents": _("Host company's registration and outline"),
    "coe_issued": _("Certificate of eligibility issued"),
    "visa_issued": _("Visa issued by the Embassy of Japan in Ulaanbaatar"),
    "residence_card": _("Residence card received on arrival"),
}

DOCUMENTS_BY_ROUTE: dict[str, tuple[str, ...]] = {
    ResidenceRoute.SHORT_TERM_STAY: (
        "passport",
        "photo",
        "visa_application",
        "invitation_letter",
        "guarantee_letter",
        "itinerary",
        "visa_issued",
    ),
    ResidenceRoute.DESIGNATED_ACTIVITIES: (
        "passport",
        "photo",
        "coe_application",
        "internship_contract",
        "curriculum_certificate",
        "company_documents",
        "coe_issued",
        "visa_issued",
        "residence_card",
    ),
}


def document_title(key: str) -> Promise | str:
    return DOCUMENT_TITLES.get(key, key)

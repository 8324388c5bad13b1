"""The documents of the change to 技術・人文知識・国際業務 (Engineer/Specialist in Humanities/International
Services), in the order they are usually gathered."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DOCUMENT_TITLES: dict[str, Promise] = {
    "employment_contract": _("Signed employment contract with the job description and salary"),
    "graduation_certificate": _("Graduation certificate or expected-graduation certificate"),
    "transcript": _("Transcript showing the field of study related to the job"),
    "company_registration": _("Company's certificate of registration and latest financial statements"),
    "coe_application": _(
        "Application for a certificate of eligibility or for a change of status of residence"
    ),
    "photo": _("Photograph (40 mm x 30 mm)"),
    "passport_copy": _("Copy of the passport"),
    "status_granted": _("Status of residence granted"),
    "residence_card": _("New residence card received"),
}
DOCUMENTS = tuple(DOCUMENT_TITLES)


def document_title(key: str) -> Promise | str:
    return DOCUMENT_TITLES.get(key, key)

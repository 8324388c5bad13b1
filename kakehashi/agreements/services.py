"""Every change to an agreement: drawing it up, a new version when its terms changed, a signature.

A signature is refused (with the reason) when it is not the signer's party's turn, when the hash the signer
was shown is not the current version's, or when the terms changed since that version (a new version is
drawn up then, and the signatures of the older one are void).
"""

import hashlib
import json
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.agreements import document, notices, rules
from kakehashi.agreements.models import (
    SIGNING_ORDER,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Party,
    Signature,
)
from kakehashi.agreements.terms import changed_terms, terms_of
from kakehashi.certificates.serials import create_with_serial
from kakehashi.core.multilingual.text import as_translated
from kakehashi.core.permissions import Viewer, require
from kakehashi.core.rate_limits import over_limit
from kakehashi.operations.models import InternCase

VERIFY_LIMIT = 30
VERIFY_WINDOW_SECONDS = 600


def parties_of(case: InternCase) -> list[str]:
    """The parties that sign, in order (a case without a college has no college party)."""
    return [p for p in SIGNING_ORDER if p != Party.COLLEGE or case.college_id is not None]


def student_language(case: InternCase) -> str:
    return "en" if case.intern.preferred_language == "en" else "mn"


def _new_version(
    agreement: Agreement, terms: dict[str, object], note: str, now: datetime
) -> AgreementVersion:
    import base64

    number = (agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    pdf = document.version_pdf(
        terms=terms, language=agreement.language, serial=agreement.serial, number=number
    )
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        created_at=now,
        terms_json=json.dumps(terms, ensure_ascii=False, sort_keys=True),
        pdf=base64.b64encode(pdf).decode("ascii"),
        sha256=hashlib.sha256(pdf).hexdigest(),
        change_note=note,
    )


def current_version(agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()  # type: ignore[return-value]


def valid_signatures(version: AgreementVersion) -> dict[str, Signature]:
    return {s.party: s for s in version.signatures.filter(voided_at__isnull=True).select_related("signer")}


def next_party(case: InternCase, signed: dict[str, Signature]) -> str:
    return next((p for p in parties_of(case) if p not in signed), "")


@transaction.atomic
def agreement_draw_up(*, viewer: Viewer, case: InternCase) -> Agreement:
    """The case's agreement, drawn up now from its terms; if it exists, brought up to date."""
    require(rules.can_draw_up(viewer, case), _("Only the program manager draws up the agreement."))
    existing = Agreement.objects.filter(case=case).first()
    if existing is not None:
        agreement_refresh(existing)
        return existing
    now = timezone.now()
    agreement = create_with_serial(
        Agreement,
        "agreement",
        timezone.localdate(),
        case=case,
        language=student_language(case),
        next_party=parties_of(case)[0],
    )
    _new_version(agreement, terms_of(case), "", now)
    transaction.on_commit(lambda: notices.your_turn(agreement))
    return agreement


@transaction.atomic
def agreement_refresh(agreement: Agreement, *, now: datetime | None = None) -> AgreementVersion | None:
    """A new version if the case's terms changed since the current one, voiding every signature given to
    the older versions (the page and a notification say so); None when nothing changed."""
    agreement = Agreement.objects.select_for_update().select_related("case__intern").get(pk=agreement.pk)
    version = current_version(agreement)
    terms = terms_of(agreement.case)
    changed = changed_terms(version.terms, terms)
    if not changed:
        return None
    now = now or timezone.now()
    note = ",".join(changed)
    new = _new_version(agreement, terms, note, now)
    voided = list(
        Signature.objects.filter(version__agreement=agreement, voided_at__isnull=True).values_list(
            "party", flat=True
        )
    )
    Signature.objects.filter(version__agreement=agreement, voided_at__isnull=True).update(
        voided_at=now, voided_by=new
    )
    agreement.status = AgreementStatus.SIGNING
    agreement.next_party = parties_of(agreement.case)[0]
    agreement.signed_at = None
    agreement.final_pdf = ""
    agreement.final_sha256 = ""
    agreement.save(
        update_fields=["status", "next_party", "signed_at", "final_pdf", "final_sha256", "updated_at"]
    )
    transaction.on_commit(lambda: notices.new_version(agreement, new.number, voided))
    return new


def agreement_sign(*, viewer: Viewer, agreement: Agreement, sha256: str, ip: str, base_url: str) -> Signature:
    """Sign the current version as the party whose turn it is. `sha256` is the hash of the PDF the signer
    was shown (the page carries it); it must be the current version's, and the stored PDF must still hash
    to it."""
    case = agreement.case
    mine = rules.parties_of_viewer(viewer, case)
    require(bool(mine), _("Only the parties of this agreement sign it."))
    # The terms may have changed since the signer read the document: then there is a new version to read.
    if agreement_refresh(agreement) is not None:
        raise ValidationError(
            _(
                "The terms of the agreement changed since you read it: a new version was drawn up and the "
                "signatures given so far are void. Read the new version, then sign it."
            )
        )
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("case__intern").get(pk=agreement.pk)
        if agreement.status == AgreementStatus.SIGNED:
            raise ValidationError(_("Every party has signed this agreement already."))
        version = current_version(agreement)
        signed = valid_signatures(version)
        turn = next_party(case, signed)
        if turn not in mine:
            raise PermissionDenied(
                _("It is not your turn to sign: the agreement waits for the signature of: %(party)s.")
                % {"party": Party(turn).label}
            )
        if sha256.strip().lower() != version.sha256:
            raise ValidationError(
                _(
                    "The document you signed is not the current version (version %(number)s, SHA-256 "
                    "%(hash)s…): the signature is refused. Read the current version, then sign it."
                )
                % {"number": version.number, "hash": version.sha256[:12]}
            )
        if not version.stored_pdf_intact():
            raise ValidationError(_("The stored document does not match its hash: the signature is refused."))
        organization = {Party.COLLEGE: case.college, Party.COMPANY: case.host}.get(Party(turn))
        signature = Signature.objects.create(
            version=version,
            party=turn,
            signer=viewer.user,
            signer_name=viewer.user.display_name,
            organization_name=_organization_name(agreement, turn, organization),
            signed_at=timezone.now(),
            ip_address=ip,
            sha256=version.sha256,
        )
        signed[turn] = signature
        agreement.next_party = next_party(case, signed)
        if not agreement.next_party:
            _complete(agreement, version, signed, base_url)
        agreement.save()
        if agreement.next_party:
            transaction.on_commit(lambda: notices.your_turn(agreement))
        else:
            transaction.on_commit(lambda: notices.signed(agreement))
    return signature


def _organization_name(agreement: Agreement, party: str, organization: object) -> str:
    if party == Party.OFFICE:
        terms = current_version(agreement).terms
        return str(terms["parties"]["office"].get("ja") or terms["parties"]["office"].get("en") or "")
    if party == Party.STUDENT:
        return ""
    return as_translated(getattr(organization, "name", None)).in_language("ja")


def _complete(
    agreement: Agreement, version: AgreementVersion, signed: dict[str, Signature], base_url: str
) -> None:
    import base64

    pdf = document.signed_pdf(
        terms=version.terms,
        language=agreement.language,
        serial=agreement.serial,
        number=version.number,
        code=agreement.code,
        base_url=base_url,
        signatures=[signed[p] for p in parties_of(agreement.case)],
    )
    agreement.status = AgreementStatus.SIGNED
    agreement.signed_at = timezone.now()
    agreement.final_pdf = base64.b64encode(pdf).decode("ascii")
    agreement.final_sha256 = hashlib.sha256(pdf).hexdigest()


def verify_rate_limited(ip: str) -> bool:
    """Count one agreement lookup from this address; True once over 30 in 10 minutes (as /verify/)."""
    return over_limit(f"agreements:verify:{ip}", limit=VERIFY_LIMIT, window_seconds=VERIFY_WINDOW_SECONDS)

"""Applications: the student's draft (with its CV, checked as a PDF) and its submission, and the
record on the application of the privacy app's consent to the transfer to Japan."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Organization, User
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import Application, Phase, Round
from kakehashi.internships.services.deadlines import _require_before_deadline
from kakehashi.privacy.uploads import validate_upload

CV_MAX_BYTES = 5 * 1024 * 1024


def _student_college(viewer: Viewer) -> Organization:
    colleges = sorted(rules.student_college_ids(viewer))
    if not colleges:
        require(False, _("Only students of a partner college can apply."))
    return Organization.objects.get(pk=colleges[0])


def check_cv(upload: Any) -> None:
    """A PDF (by its content, not its name) of at most 5 MB."""
    try:
        validate_upload(upload, allowed={"pdf"}, max_bytes=CV_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"cv": error.messages}) from None


@transaction.atomic
def application_save(
    *, viewer: Viewer, round_: Round, data: dict[str, Any], cv: Any = None, consent: bool = False
) -> Application:
    """Create or update the student's own draft application while applications are open."""
    require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
    application = Application.objects.filter(round=round_, student=viewer.user).first()
    if application is None:
        application = Application(round=round_, student=viewer.user, college=_student_college(viewer))
    application.round = round_
    if not rules.can_change_application(viewer, application):
        raise ValidationError(_("Applications are closed for this round."))
    for field, value in data.items():
        setattr(application, field, value)
    if cv is not None:
        check_cv(cv)
        application.cv = cv
    if consent:
        _record_consent(viewer.user, application, give=True)
    application.fill_name_fields()  # the single-line names (required) from the parts
    application.full_clean()
    application.save()
    return application


def _record_consent(user: User, application: Application, *, give: bool) -> bool:
    """Give (if `give`) the privacy app's consent to the transfer to Japan with its current text, and
    note on the application which version was agreed to and when. False if there is no consent."""
    from kakehashi.privacy import services as privacy
    from kakehashi.privacy.models import ConsentKind

    consent = privacy.active_consent(user, ConsentKind.CROSS_BORDER_TRANSFER)
    if consent is None and give:
        text = privacy.current_text(ConsentKind.CROSS_BORDER_TRANSFER)
        if text is None:
            raise ValidationError(_("The consent text is not published yet; please ask the program office."))
        consent = privacy.consent_give(user=user, text=text)
    if consent is None:
        return False
    version = consent_version_label(consent.text.version)
    if application.consent_version != version or application.consent_at is None:
        application.consent_version = version
        application.consent_at = consent.given_at
    return True


def consent_version_label(version: int) -> str:
    """How the application records the version of the privacy app's text its student agreed to."""
    return f"privacy-v{version}"


@transaction.atomic
def application_submit(*, viewer: Viewer, application: Application) -> Application:
    if not rules.can_change_application(viewer, application):
        raise ValidationError(_("Applications are closed for this round."))
    _require_before_deadline(application.round, Phase.APPLICATIONS, _("The application deadline has passed."))
    from kakehashi.privacy.models import ConsentKind
    from kakehashi.privacy.services import require_consent

    try:
        require_consent(application.student, ConsentKind.CROSS_BORDER_TRANSFER)
    except PermissionDenied as error:
        # Not a 403: the student can act on it, on the consent page the message names.
        raise ValidationError(str(error), code="consent") from None
    if not application.choices.exists():
        raise ValidationError(_("Please rank at least one place before you submit."))
    _record_consent(application.student, application, give=False)
    if application.submitted_at is None:
        application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at", "consent_version", "consent_at", "updated_at"])
    return application

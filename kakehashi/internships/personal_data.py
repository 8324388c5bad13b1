"""The internships app's part of erasure and retention (see kakehashi.privacy.retention and
kakehashi.privacy.services.anonymise_person): a CV is the person's own document, so it goes with an
erasure, and a year after the round's internship ended. The application itself stays (figures count it)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import User
from kakehashi.privacy.retention import Policy
from kakehashi.privacy.stored_files import clear_files


def anonymise(user: User) -> None:
    from kakehashi.internships.models import Application

    clear_files(Application.objects.filter(student=user), "cv")


def expire_cvs(cutoff_days: int) -> int:
    """Delete the CVs of applications whose round's internship ended more than `cutoff_days` ago."""
    from kakehashi.internships.models import Application

    cutoff = timezone.localdate() - timedelta(days=cutoff_days)
    return clear_files(Application.objects.filter(round__internship_ends_on__lt=cutoff), "cv")


RETENTION: list[tuple[Policy, Callable[[int], int]]] = [
    (
        Policy(
            "cvs", 365, _("CVs uploaded with applications, after the round's internship ended"), _("deleted")
        ),
        expire_cvs,
    ),
]

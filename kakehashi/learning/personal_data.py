"""The learning app's part of erasure (see kakehashi.privacy.services.anonymise_person): the files a learner
handed in go; the submissions stay, without their file, as the course's figures count them. The cohorts'
copies of the name's sort keys are blanked as the person's own are."""

from kakehashi.accounts.models import SORT_KEY_FIELDS, User
from kakehashi.privacy.stored_files import clear_files


def anonymise(user: User) -> None:
    from kakehashi.learning.models import CohortMember, Submission

    clear_files(Submission.objects.filter(user=user), "file")
    # The membership stays, for the figures.
    CohortMember.objects.filter(user=user).update(**dict.fromkeys(SORT_KEY_FIELDS, ""))

"""The learning app's part of erasure (see kakehashi.privacy.services.anonymise_person): the files a learner
handed in go; the submissions stay, without their file, as the course's figures count them."""

from kakehashi.accounts.models import User
from kakehashi.privacy.stored_files import clear_files


def anonymise(user: User) -> None:
    from kakehashi.learning.models import Submission

    clear_files(Submission.objects.filter(user=user), "file")

"""A person's conversations in their data export, and gone when they are anonymised."""

from collections.abc import Callable

import pytest

from kakehashi.accounts.models import User
from kakehashi.conversations import services
from kakehashi.conversations.models import Message, Thread
from kakehashi.core.permissions import Viewer
from kakehashi.privacy.services import anonymise_person, export_personal_data

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_persons_threads_and_what_they_wrote(
    company_thread: Thread, demo_user: Callable[[str], User], viewer: Callable[[str], Viewer]
) -> None:
    services.message_post(viewer=viewer("student"), thread=company_thread, body="Баярлалаа")
    mine = export_personal_data(demo_user("student"))["conversations"]
    thread = next(row for row in mine if row["subject"] == "初日について")
    assert [m["text"] for m in thread["messages"]] == ["初日は9時に来てください。", "Баярлалаа"]
    theirs = export_personal_data(demo_user("company"))["conversations"]
    thread = next(row for row in theirs if row["subject"] == "初日について")
    assert [m["text"] for m in thread["messages"]] == ["初日は9時に来てください。"]


def test_anonymising_deletes_the_threads_about_the_person_and_blanks_what_they_wrote(
    company_thread: Thread, demo_user: Callable[[str], User]
) -> None:
    anonymise_person(demo_user("company"))
    assert Message.objects.filter(thread=company_thread).get().body == ""
    anonymise_person(demo_user("student"))
    assert not Thread.objects.filter(pk=company_thread.pk).exists()

"""The conversations app's rows of the URL x role matrix.

A thread between the demo company (nagaoka-seiki) and the demo student, its intern (must-kosen): the two
sides (the student; the company's administrator and mentor) read and write it; the student's teacher and
the NGO coordinator read it (duty of care) and are refused writing (403); the platform administrator reads
it; everyone else is told it does not exist (404); the funder sees no conversation at all (403).
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kakehashi.conversations import services
from kakehashi.conversations.models import Message, Side, Thread
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.matrix import ANON, ROLES, MatrixContext, Row, expect

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_FUNDER = frozenset(role for role in ROLES if role not in (ANON, "funder"))
OFFICE = frozenset({"admin", "manager", "accountant"})
WRITERS = frozenset({"student", "company", "mentor"})
READERS = WRITERS | {"teacher", "ngo", "admin"}


def thread(c: MatrixContext) -> Thread:
    def make(c: MatrixContext) -> Thread:
        made = services.thread_start(
            viewer=build_viewer(c.user("company")),
            person=c.user("student"),
            side=Side.COMPANY,
            subject="初日について",
            body="初日は9時に来てください。",
        )
        services.message_post(
            viewer=build_viewer(c.user("student")),
            thread=made,
            body="",
            attachment=SimpleUploadedFile("plan.pdf", PDF),
        )
        return made

    return c.once("thread", make)  # type: ignore[no-any-return]


def thread_id(c: MatrixContext) -> dict[str, Any]:
    return {"thread_id": thread(c).pk}


def attachment_ids(c: MatrixContext) -> dict[str, Any]:
    message = Message.objects.filter(thread=thread(c)).exclude(attachment="").get()
    return {"thread_id": message.thread_id, "message_id": message.pk}


def on_thread(allowed: frozenset[str], *, yes: int = 200) -> dict[str, int]:
    """`yes` for `allowed`, 403 for the readers who may not and for the funder, 404 for everyone else."""
    expected = expect(allowed, yes=yes, no=404)
    for role in READERS - allowed:
        expected[role] = 403
    expected["funder"] = 403
    return expected


ROWS = [
    Row("conversations:inbox", expect(NOT_FUNDER)),
    Row("conversations:inbox", expect(NOT_FUNDER), data=lambda c: {"q": "初日"}, label="inbox, searched"),
    Row("conversations:new", expect(NOT_FUNDER)),
    Row("conversations:start_office", expect(NOT_FUNDER - OFFICE), label="write to the program office"),
    Row(
        "conversations:start",
        # The company and its mentor (the student is their intern) and the program office; the student
        # does not write to themselves.
        {**expect({"company", "mentor"} | OFFICE), "student": 404},
        kwargs=lambda c: {"person_id": c.user("student").pk},
        label="start a conversation with the demo student",
    ),
    Row("conversations:thread", on_thread(READERS), kwargs=thread_id, label="a company's thread"),
    Row(
        "conversations:thread",
        on_thread(WRITERS, yes=302),
        kwargs=thread_id,
        method="post",
        data=lambda c: {"body": "こんにちは"},
        label="write in a company's thread",
    ),
    Row(
        "conversations:interpreter",
        on_thread(WRITERS, yes=302),
        kwargs=thread_id,
        method="post",
        label="request an interpreter",
    ),
    Row("conversations:attachment", on_thread(READERS), kwargs=attachment_ids, label="an attachment"),
]

"""Demo conversations: the demo company (nagaoka-seiki) and its coming intern, the demo student, in
Japanese and Mongolian, with the interpreter asked for and the NGO coordinator added; and the second demo
student asking the program office about their visa. Written directly (no notification: the demo's inboxes
stay as the other apps leave them), everything read by everyone, and keyed by subject: loading twice changes
nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.conversations import selectors
from kakehashi.conversations.models import (
    Message,
    MessageKind,
    Participant,
    ParticipantReason,
    ReadMark,
    Side,
    Thread,
)

COMPANY_SUBJECT = "来日前の準備について"
OFFICE_SUBJECT = "Визний бичиг баримтын тухай"


def _thread(
    program: Program,
    side: str,
    organization: Organization,
    person: User,
    subject: str,
    lines: list[tuple[User, str, str]],
) -> Thread | None:
    if Thread.objects.filter(program=program, person=person, subject=subject).exists():
        return None
    start = timezone.now() - timedelta(days=2)
    thread = Thread.objects.create(
        program=program,
        side=side,
        organization=organization,
        person=person,
        college_id=selectors.college_of(person, program.pk),
        subject=subject,
        created_by=lines[0][0],
        last_message_at=start,
    )
    made = Message.objects.bulk_create(
        Message(thread=thread, author=author, kind=kind, body=body) for author, kind, body in lines
    )
    # auto_now_add gives every row the same time: spread them over the two days, in order.
    for index, message in enumerate(made):
        message.created_at = start + timedelta(hours=5 * index)
    Message.objects.bulk_update(made, ["created_at"])
    last = made[-1].created_at
    Thread.objects.filter(pk=thread.pk).update(last_message_at=last)
    thread.last_message_at = last
    return thread


def _read_by_everyone(thread: Thread) -> None:
    ReadMark.objects.bulk_create(
        ReadMark(thread=thread, user_id=pk, read_at=thread.last_message_at)
        for pk in selectors.member_ids(thread)
    )


@transaction.atomic
def load() -> None:
    people = {
        key: User.objects.filter(email=demo_email(key)).first()
        for key in ("company", "student", "student2", "ngo", "manager")
    }
    if any(person is None for person in people.values()):
        return
    jica = Program.objects.get(key="jica-dx-2024")
    company, student, ngo = people["company"], people["student"], people["ngo"]
    assert company is not None
    assert student is not None
    assert ngo is not None
    thread = _thread(
        jica,
        Side.COMPANY,
        Organization.objects.get(key="nagaoka-seiki"),
        student,
        COMPANY_SUBJECT,
        [
            (
                company,
                MessageKind.TEXT,
                "ノミンさん、長岡精機の吉田です。来日前に作業靴のサイズを教えてください。",
            ),
            (student, MessageKind.TEXT, "Сайн байна уу! Миний гутлын хэмжээ 26.5 см. Баярлалаа."),
            (student, MessageKind.INTERPRETER, ""),
            (ngo, MessageKind.TEXT, "吉田様、通訳します：靴のサイズは26.5cmです。よろしくお願いします。"),
        ],
    )
    if thread is not None:
        Participant.objects.create(thread=thread, user=ngo, reason=ParticipantReason.INTERPRETER)
        Thread.objects.filter(pk=thread.pk).update(interpreter_requested_at=thread.last_message_at)
        _read_by_everyone(thread)
    student2, manager = people["student2"], people["manager"]
    assert student2 is not None
    assert manager is not None
    office = _thread(
        jica,
        Side.OFFICE,
        selectors.office_of(jica.pk),
        student2,
        OFFICE_SUBJECT,
        [
            (student2, MessageKind.TEXT, "Сайн байна уу. Визний материалд ямар баримт дутуу байна вэ?"),
            (manager, MessageKind.TEXT, "在学証明書の原本が必要です。来週までに大学から送ってください。"),
        ],
    )
    if office is not None:
        _read_by_everyone(office)

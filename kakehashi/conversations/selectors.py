"""Reads of conversations, always scoped by the viewer: the thread list (with each thread's unread count
for the viewer, searched and paged by the view), one thread by id (404 when the viewer may not read it),
its messages, the viewer's unread total for the header (cached a minute, forgotten on every change), and
the people a company may write to."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from kakehashi.accounts.models import Membership, Organization, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.conversations import rules
from kakehashi.conversations.models import Message, Participant, ReadMark, Side, Thread
from kakehashi.core.permissions import Viewer, require

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _with_unread(threads: QuerySet[Thread], user_id: int) -> QuerySet[Thread]:
    read_at = Subquery(
        ReadMark.objects.filter(thread=OuterRef("pk"), user_id=user_id).values("read_at")[:1],
        output_field=DateTimeField(),
    )
    unread = Subquery(
        Message.objects.filter(thread=OuterRef("pk"), created_at__gt=OuterRef("read_until"))
        .exclude(author_id=user_id)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return threads.annotate(read_until=Coalesce(read_at, Value(EPOCH))).annotate(
        unread=Coalesce(unread, Value(0))
    )


def threads_visible_to(viewer: Viewer, *, search: str = "") -> QuerySet[Thread]:
    """The threads the viewer reads, newest first, each with `unread` (the viewer's unread messages)."""
    require(rules.can_use(viewer))
    threads = Thread.objects.all()
    scope = rules.read_scope(viewer)
    if scope is not None:
        # The scope spans a join (participants): ids first, so that no thread is listed twice.
        threads = threads.filter(pk__in=Thread.objects.filter(scope).values("pk"))
    if search:
        threads = threads.filter(
            Q(subject__icontains=search)
            | Q(person__name_latin__icontains=search)
            | Q(person__name_local__icontains=search)
        )
    threads = threads.select_related("person", "organization").order_by("-last_message_at", "-pk")
    return _with_unread(threads, viewer.user.pk)


def thread_for(viewer: Viewer, thread_id: int) -> Thread:
    require(rules.can_use(viewer))
    threads = Thread.objects.filter(pk=thread_id)
    scope = rules.read_scope(viewer)
    if scope is not None:
        threads = threads.filter(pk__in=Thread.objects.filter(scope).values("pk"))
    thread = threads.select_related("person", "organization", "college").first()
    if thread is None:
        raise Http404
    return thread


def participant_ids(thread: Thread) -> frozenset[int]:
    return frozenset(Participant.objects.filter(thread=thread).values_list("user_id", flat=True))


def participants_of(thread: Thread) -> list[Participant]:
    return list(Participant.objects.filter(thread=thread).select_related("user").order_by("added_at"))


def messages_of(thread: Thread) -> QuerySet[Message]:
    """The caller reached the thread through `thread_for`."""
    return thread.messages.select_related("author").order_by("created_at", "pk")


def unread_key(user_id: int) -> str:
    return f"conversations:unread:{user_id}"


def count_unread(viewer: Viewer) -> int:
    """The viewer's unread messages, counted in the database (uncached; the viewer may use the inbox)."""
    marks = ReadMark.objects.filter(thread=OuterRef("thread_id"), user_id=viewer.user.pk)
    read_until = Coalesce(
        Subquery(marks.values("read_at")[:1], output_field=DateTimeField()),
        Value(EPOCH),
    )
    mine = Thread.objects.filter(rules.member_scope(viewer)).values("pk")
    return (
        Message.objects.filter(thread_id__in=mine)
        .exclude(author_id=viewer.user.pk)
        .filter(created_at__gt=read_until)
        .count()
    )


def unread_total(viewer: Viewer) -> int:
    """The viewer's unread messages in the threads they are part of (duty-of-care reading does not count)."""
    if not rules.can_use(viewer):
        return 0
    return int(
        cache.get_or_set(
            unread_key(viewer.user.pk),
            lambda: count_unread(viewer),
            getattr(settings, "CONVERSATIONS_UNREAD_SECONDS", 60),
        )
        or 0
    )


def forget_unread(user_ids: Iterable[int]) -> None:
    cache.delete_many([unread_key(pk) for pk in user_ids])


def side_member_ids(thread: Thread) -> list[int]:
    """The people of the thread's side (the company's administrators and mentors, or the program office)."""
    roles = rules.SIDE_ROLES[Side(thread.side)]
    members = Membership.objects.filter(program_id=thread.program_id, role__in=roles, is_active=True)
    if thread.side == Side.COMPANY:
        members = members.filter(organization_id=thread.organization_id)
    return list(members.values_list("user_id", flat=True).distinct())


def member_ids(thread: Thread) -> set[int]:
    """Everyone who takes part in the thread: told of each new message."""
    return {thread.person_id, *side_member_ids(thread), *participant_ids(thread)}


def nominated_student_ids(viewer: Viewer, company_id: int) -> QuerySet[User]:
    """Students a company may write to: confirmed nominees who ranked one of its places in a round of the
    program that is not closed yet, and its interns (of any round)."""
    from kakehashi.internships.models import Choice, Nomination, Phase
    from kakehashi.operations.models import InternCase

    program_id = viewer.program.pk if viewer.program else 0
    nominees = (
        Choice.objects.filter(
            place__company_id=company_id,
            place__round__program_id=program_id,
            application__nomination=Nomination.NOMINATED,
            application__confirmed_at__isnull=False,
        )
        .exclude(place__round__phase=Phase.CLOSED)
        .values("application__student_id")
    )
    interns = InternCase.objects.filter(host_id=company_id, program_id=program_id).values("intern_id")
    return User.objects.filter(Q(pk__in=nominees) | Q(pk__in=interns), is_active=True)


def company_for_student(viewer: Viewer, student: User) -> Organization:
    """The viewer's host company that may write to `student`; 404 when none may (a student who was not
    nominated to it does not exist for the company)."""
    for company_id in sorted(rules.company_ids(viewer)):
        if nominated_student_ids(viewer, company_id).filter(pk=student.pk).exists():
            return Organization.objects.get(pk=company_id)
    raise Http404


def office_of(program_id: int) -> Organization:
    office = (
        Organization.objects.filter(
            kind=OrganizationKind.PROGRAM_OFFICE, participations__program_id=program_id
        )
        .order_by("pk")
        .first()
    )
    if office is None:
        office = (
            Organization.objects.filter(
                memberships__program_id=program_id, memberships__role=Role.PROGRAM_MANAGER
            )
            .order_by("pk")
            .first()
        )
    if office is None:
        raise Http404
    return office


def person_in_program(viewer: Viewer, person_id: int) -> User:
    """Anyone in the viewer's program, for the program office to write to (404 otherwise)."""
    people = User.objects.filter(pk=person_id, is_active=True)
    if not viewer.is_platform_admin:
        program_id = viewer.program.pk if viewer.program else 0
        people = people.filter(memberships__program_id=program_id, memberships__is_active=True)
    person = people.first()
    if person is None:
        raise Http404
    return person


def college_of(person: User, program_id: int) -> int | None:
    return (
        Membership.objects.filter(user=person, program_id=program_id, role=Role.STUDENT, is_active=True)
        .values_list("organization_id", flat=True)
        .first()
    )


def interpreter_ids(thread: Thread) -> list[int]:
    """Who is added when an interpreter is asked for: the program's NGO coordinators, else its office."""
    for roles in ({Role.NGO_COORDINATOR}, rules.OFFICE_ROLES):
        ids = list(
            Membership.objects.filter(program_id=thread.program_id, role__in=roles, is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )
        if ids:
            return ids
    return []

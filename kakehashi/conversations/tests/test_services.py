"""Starting threads, writing, reading and asking for an interpreter, as each role."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kakehashi.accounts.models import User
from kakehashi.conversations import selectors, services
from kakehashi.conversations.models import Message, MessageKind, Participant, Side, Thread
from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import Application, Choice, Nomination, Phase
from kakehashi.notifications.models import Notification
from kakehashi.operations.models import InternCase

pytestmark = pytest.mark.django_db
V = Callable[[str], Viewer]
U = Callable[[str], User]


def test_the_company_writes_to_its_intern_and_the_student_is_told(
    company_thread: Thread, demo_user: U
) -> None:
    assert company_thread.organization.key == "nagaoka-seiki"
    assert company_thread.college is not None
    assert company_thread.college.key == "must-kosen"
    told = Notification.objects.filter(user=demo_user("student"), about=f"thread:{company_thread.pk}")
    assert told.count() == 1
    # The mentor is on the company's side: told too; the author is not.
    assert Notification.objects.filter(user=demo_user("mentor"), about=f"thread:{company_thread.pk}").exists()
    assert not Notification.objects.filter(
        user=demo_user("company"), about=f"thread:{company_thread.pk}"
    ).exists()


def test_a_company_writes_to_a_student_nominated_to_it(viewer: V, nominee: Application) -> None:
    thread = services.thread_start(
        viewer=viewer("company"), person=nominee.student, side=Side.COMPANY, subject="面接", body="こんにちは"
    )
    assert thread.side == Side.COMPANY
    # The student's teacher reads it (duty of care); another company does not know it.
    assert selectors.thread_for(viewer("teacher"), thread.pk) == thread
    with pytest.raises(Http404):
        selectors.thread_for(viewer("company-echigo"), thread.pk)


def test_a_nominee_of_a_closed_round_who_did_not_intern_gets_404(viewer: V, demo_user: U) -> None:
    interns = InternCase.objects.filter(host__key="nagaoka-seiki").values("intern_id")
    choice = (
        Choice.objects.filter(
            place__company__key="nagaoka-seiki",
            place__round__program__key="jica-dx-2024",
            place__round__phase=Phase.CLOSED,
            application__nomination=Nomination.NOMINATED,
            application__confirmed_at__isnull=False,
        )
        .exclude(application__student_id__in=interns)
        .select_related("application__student")
        .first()
    )
    assert choice is not None
    with pytest.raises(Http404):
        services.thread_start(
            viewer=viewer("company"),
            person=choice.application.student,
            side=Side.COMPANY,
            subject="x",
            body="y",
        )


def test_a_company_the_student_was_not_nominated_to_gets_404(viewer: V, demo_user: U) -> None:
    with pytest.raises(Http404):
        services.thread_start(
            viewer=viewer("company-echigo"),
            person=demo_user("student"),
            side=Side.COMPANY,
            subject="x",
            body="y",
        )


def test_the_students_teacher_and_the_coordinator_read_without_writing(
    viewer: V, company_thread: Thread
) -> None:
    for key in ("teacher", "ngo"):
        reader = viewer(key)
        assert selectors.thread_for(reader, company_thread.pk) == company_thread
        assert company_thread in selectors.threads_visible_to(reader)
        with pytest.raises(PermissionDenied):
            services.message_post(viewer=reader, thread=company_thread, body="こんにちは")


def test_a_teacher_of_another_college_and_another_company_get_404(viewer: V, company_thread: Thread) -> None:
    for key in ("teacher-mongol", "company-echigo", "student2", "city", "telecom"):
        with pytest.raises(Http404):
            selectors.thread_for(viewer(key), company_thread.pk)
        assert company_thread not in selectors.threads_visible_to(viewer(key))


def test_the_funder_sees_no_conversation(viewer: V, company_thread: Thread) -> None:
    with pytest.raises(PermissionDenied):
        selectors.threads_visible_to(viewer("funder"))
    with pytest.raises(PermissionDenied):
        selectors.thread_for(viewer("funder"), company_thread.pk)


def test_unread_counts_per_person(viewer: V, company_thread: Thread) -> None:
    student, company, mentor = viewer("student"), viewer("company"), viewer("mentor")
    assert selectors.unread_total(student) == 1
    assert selectors.unread_total(company) == 0
    services.message_post(viewer=student, thread=company_thread, body="Ойлголоо, баярлалаа.")
    services.message_post(viewer=student, thread=company_thread, body="Маргааш уулзъя.")
    assert selectors.unread_total(company) == 2
    assert selectors.unread_total(mentor) == 3
    listed = selectors.threads_visible_to(company).get(pk=company_thread.pk)
    assert listed.unread == 2
    services.thread_mark_read(viewer=company, thread=Thread.objects.get(pk=company_thread.pk))
    assert selectors.unread_total(company) == 0
    assert selectors.threads_visible_to(company).get(pk=company_thread.pk).unread == 0
    # Reading for duty of care counts nothing.
    assert selectors.unread_total(viewer("teacher")) == 0


def test_an_attachment_of_a_type_not_allowed_is_refused(viewer: V, company_thread: Thread) -> None:
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        services.message_post(viewer=viewer("student"), thread=company_thread, body="", attachment=script)
    html = SimpleUploadedFile("note.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        services.message_post(viewer=viewer("student"), thread=company_thread, body="", attachment=html)
    assert company_thread.messages.count() == 1


def test_an_allowed_attachment_is_stored(viewer: V, company_thread: Thread) -> None:
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    message = services.message_post(viewer=viewer("student"), thread=company_thread, body="", attachment=pdf)
    assert message.attachment_name == "plan.pdf"
    assert "plan" not in message.attachment.name


def test_an_empty_message_is_refused(viewer: V, company_thread: Thread) -> None:
    with pytest.raises(ValidationError):
        services.message_post(viewer=viewer("student"), thread=company_thread, body="   ")


def test_asking_for_an_interpreter_adds_the_coordinator_with_a_notice(
    viewer: V, demo_user: U, company_thread: Thread
) -> None:
    added = services.interpreter_request(viewer=viewer("student"), thread=company_thread)
    assert demo_user("ngo") in added
    assert Participant.objects.filter(thread=company_thread, user=demo_user("ngo")).exists()
    assert company_thread.messages.filter(kind=MessageKind.INTERPRETER).count() == 1
    assert Notification.objects.filter(user=demo_user("ngo"), about=f"thread:{company_thread.pk}").exists()
    # Added, the coordinator now writes; asking twice is refused.
    services.message_post(viewer=viewer("ngo"), thread=company_thread, body="Би орчуулъя.")
    with pytest.raises(ValidationError):
        services.interpreter_request(viewer=viewer("company"), thread=company_thread)


def test_without_a_coordinator_the_office_is_added(viewer: V, demo_user: U, company_thread: Thread) -> None:
    from kakehashi.accounts.models import Membership
    from kakehashi.accounts.roles import Role

    Membership.objects.filter(role=Role.NGO_COORDINATOR).update(is_active=False)
    added = services.interpreter_request(viewer=viewer("company"), thread=company_thread)
    assert demo_user("manager") in added
    assert demo_user("ngo") not in added


def test_the_office_writes_to_anyone_and_anyone_to_the_office(viewer: V, demo_user: U) -> None:
    thread = services.thread_start(
        viewer=viewer("manager"), person=demo_user("telecom"), side=Side.OFFICE, subject="5G", body="Hello"
    )
    assert thread.organization.key == "naze"
    assert thread.college is None
    assert selectors.thread_for(viewer("accountant"), thread.pk) == thread
    asked = services.thread_start(
        viewer=viewer("student2"),
        person=demo_user("student2"),
        side=Side.OFFICE,
        subject="Виз",
        body="Сайн байна уу",
    )
    assert asked.organization.key == "naze"
    assert Message.objects.filter(thread=asked).count() == 1
    with pytest.raises(PermissionDenied):
        services.thread_start(
            viewer=viewer("student"), person=demo_user("telecom"), side=Side.OFFICE, subject="x", body="y"
        )
    with pytest.raises(PermissionDenied):
        services.thread_start(
            viewer=viewer("funder"), person=demo_user("funder"), side=Side.OFFICE, subject="x", body="y"
        )

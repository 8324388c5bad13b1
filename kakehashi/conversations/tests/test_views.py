"""The pages: inbox with unread counts, search and pages; a thread page that marks read; starting from
the application page; the query counts of the hot pages are pinned."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kakehashi.accounts.models import User
from kakehashi.conversations import services
from kakehashi.conversations.models import Side, Thread
from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import Application

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_the_thread_with_its_unread_count(
    client_as: Callable[..., Client], company_thread: Thread
) -> None:
    response = client_as("student").get(reverse("conversations:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "初日について" in body
    assert "1 unread" in body


def test_the_inbox_searches_and_says_when_nothing_matches(
    client_as: Callable[..., Client], company_thread: Thread
) -> None:
    client = client_as("company")
    assert "初日について" in client.get(reverse("conversations:inbox"), {"q": "初日"}).content.decode()
    empty = client.get(reverse("conversations:inbox"), {"q": "zzz"}).content.decode()
    assert "No conversation matches this search." in empty
    # HTMX asks for the results only.
    partial = client.get(reverse("conversations:inbox"), {"q": "初日"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert "初日について" in partial.content.decode()


def test_the_empty_inbox_has_an_empty_state(client_as: Callable[..., Client]) -> None:
    assert "No conversation yet." in client_as("telecom").get(reverse("conversations:inbox")).content.decode()


def test_opening_the_thread_marks_it_read_and_the_header_shows_the_count(
    client_as: Callable[..., Client], company_thread: Thread
) -> None:
    client = client_as("student")
    home = client.get(reverse("conversations:inbox")).content.decode()
    assert 'class="inbox-link" href="/conversations/"' in home
    page = client.get(company_thread.get_absolute_url())
    assert "初日は9時に来てください。" in page.content.decode()
    again = client.get(reverse("conversations:inbox")).content.decode()
    assert "1 unread" not in again
    assert 'class="inbox-link" href="/conversations/"' not in again


def test_writing_and_the_reader_has_no_form(client_as: Callable[..., Client], company_thread: Thread) -> None:
    response = client_as("student", "mn").post(company_thread.get_absolute_url(), {"body": "Баярлалаа!"})
    assert response.status_code == 302
    assert "Баярлалаа!" in [m.body for m in company_thread.messages.all()]  # encrypted: not queried
    teacher_page = client_as("teacher").get(company_thread.get_absolute_url()).content.decode()
    assert "You cannot write in it." in teacher_page
    assert 'name="body"' not in teacher_page


def test_a_message_sent_through_htmx_redraws_the_conversation_in_place(
    client_as: Callable[..., Client], company_thread: Thread
) -> None:
    response = client_as("student", "mn").post(
        company_thread.get_absolute_url(), {"body": "Маргааш уулзъя."}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="conversation"' in body
    assert "Маргааш уулзъя." in body
    assert 'role="status"' in body


def test_a_refused_attachment_is_said_on_the_form(
    client_as: Callable[..., Client], company_thread: Thread
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("student").post(
        company_thread.get_absolute_url(),
        {"body": "", "attachment": SimpleUploadedFile("run.html", b"<html><script></script></html>")},
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert company_thread.messages.count() == 1


def test_the_company_starts_from_the_application_page(
    client_as: Callable[..., Client], nominee: Application
) -> None:
    client = client_as("company")
    page = client.get(reverse("internships:application_detail", args=[nominee.pk])).content.decode()
    start = reverse("conversations:start", args=[nominee.student_id])
    assert start in page
    # The list of people the company may write to names the nominee.
    assert start in client.get(reverse("conversations:new")).content.decode()
    response = client.post(start, {"subject": "面接の日程", "body": "来週はいかがですか。"})
    assert response.status_code == 302
    thread = Thread.objects.get(subject="面接の日程")
    assert thread.side == Side.COMPANY
    assert thread.person_id == nominee.student_id


def test_the_office_starts_from_a_person_page(
    client_as: Callable[..., Client], demo_user: Callable[[str], User]
) -> None:
    telecom = demo_user("telecom")
    page = client_as("manager").get(reverse("accounts:person_detail", args=[telecom.pk])).content.decode()
    assert reverse("conversations:start", args=[telecom.pk]) in page
    assert reverse("conversations:start", args=[telecom.pk]) not in (
        client_as("city").get(reverse("accounts:person_detail", args=[telecom.pk])).content.decode()
    )


def _many_threads(viewer: Callable[[str], Viewer], demo_user: Callable[[str], User], n: int) -> None:
    for index in range(n):
        thread = services.thread_start(
            viewer=viewer("manager"),
            person=demo_user("student"),
            side=Side.OFFICE,
            subject=f"件名 {index}",
            body="本文",
        )
        services.message_post(viewer=viewer("student"), thread=thread, body="Тийм")


def test_the_inbox_costs_a_fixed_number_of_queries(
    client_as: Callable[..., Client],
    viewer: Callable[[str], Viewer],
    demo_user: Callable[[str], User],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    _many_threads(viewer, demo_user, 30)
    client = client_as("student")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(reverse("conversations:inbox"))
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()


def test_the_thread_page_costs_a_fixed_number_of_queries(
    client_as: Callable[..., Client],
    viewer: Callable[[str], Viewer],
    company_thread: Thread,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for index in range(40):
        services.message_post(
            viewer=viewer("student" if index % 2 else "company"), thread=company_thread, body=f"{index}"
        )
    client = client_as("student")
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        response = client.get(company_thread.get_absolute_url())
    body = response.content.decode()
    assert "Page 2 of 2" in body
    assert "初日は9時に来てください。" not in body

"""The agreement's pages as each role sees them: the party whose turn it is signs from the page, a refused
signature says why, the case page and the office's board show the status, the public page shows only the
status and the organizations."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kakehashi.agreements import services
from kakehashi.agreements.models import Agreement, Party, Signature
from kakehashi.operations.models import InternCase

from .conftest import ORDER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    """The public page counts lookups per address in the cache: each test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


def page_of(client: Client, case: InternCase) -> str:
    response = client.get(reverse("agreements:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_manager_draws_it_up_from_the_case_page(
    client_as: Callable[..., Client], case: InternCase
) -> None:
    client = client_as("manager")
    assert "Agreement not drawn up" in client.get(case.get_absolute_url()).content.decode()
    response = client.post(reverse("agreements:draw_up", args=[case.pk]))
    assert response.status_code == 302
    assert Agreement.objects.filter(case=case).exists()
    assert "Agreement: waiting for College" in client.get(case.get_absolute_url()).content.decode()


def test_the_party_whose_turn_it_is_sees_the_form_and_signs(
    client_as: Callable[..., Client], drawn: Agreement
) -> None:
    version = drawn.versions.get()
    company = page_of(client_as("company"), drawn.case)
    assert "It is not your turn to sign yet" in company
    assert 'name="sha256"' not in company
    teacher = client_as("teacher")
    html = page_of(teacher, drawn.case)
    assert f'value="{version.sha256}"' in html
    response = teacher.post(
        reverse("agreements:sign", args=[drawn.case_id]),
        {"sha256": version.sha256, "confirm": "1"},
        REMOTE_ADDR="198.51.100.4",
        follow=True,
    )
    assert "Your signature is recorded." in response.content.decode()
    signature = Signature.objects.get()
    assert (signature.party, signature.ip_address) == (Party.COLLEGE, "198.51.100.4")


def test_a_signature_on_a_changed_document_is_refused_with_the_reason(
    client_as: Callable[..., Client], drawn: Agreement
) -> None:
    response = client_as("teacher").post(
        reverse("agreements:sign", args=[drawn.case_id]), {"sha256": "0" * 64, "confirm": "1"}, follow=True
    )
    assert "is not the current version" in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_out_of_turn_answers_403(client_as: Callable[..., Client], drawn: Agreement) -> None:
    response = client_as("student").post(
        reverse("agreements:sign", args=[drawn.case_id]),
        {"sha256": drawn.versions.get().sha256, "confirm": "1"},
    )
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_another_college_teacher_is_told_the_agreement_does_not_exist(
    drawn: Agreement, client: Client, demo_user: Callable[[str], Any]
) -> None:
    client.force_login(demo_user("teacher-mongol"))
    assert client.get(reverse("agreements:detail", args=[drawn.case_id])).status_code == 404
    assert client.get(reverse("agreements:version_pdf", args=[drawn.case_id, 1])).status_code == 404


def test_the_version_pdf_is_the_stored_bytes(client_as: Callable[..., Client], drawn: Agreement) -> None:
    response = client_as("student").get(reverse("agreements:version_pdf", args=[drawn.case_id, 1]))
    assert response.content == drawn.versions.get().pdf_bytes
    assert response["Cache-Control"] == "private, no-store"
    assert "student" not in response["Content-Disposition"].lower().replace("agreement", "")


def test_a_new_version_says_so_on_the_page(
    client_as: Callable[..., Client], drawn: Agreement, sign: Callable[..., Any]
) -> None:
    sign("teacher", drawn)
    InternCase.objects.filter(pk=drawn.case_id).update(paid=True)
    services.agreement_refresh(drawn)
    html = page_of(client_as("company"), drawn.case)
    assert "Version 2 replaces the one before because these terms changed: remuneration." in html
    assert "signed version 1: void since version 2 changed remuneration." in html


def test_the_board_shows_each_case_s_agreement_status(
    client_as: Callable[..., Client],
    drawn: Agreement,
    sign: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    for key in ORDER:
        sign(key, drawn)
    client = client_as("manager")
    with django_assert_max_num_queries(16):
        html = client.get(reverse("operations:board")).content.decode()
    assert "Agreement signed" in html
    assert "Agreement not drawn up" in html  # the other interns'


def test_the_agreement_page_reads_a_fixed_number_of_queries(
    client_as: Callable[..., Client],
    drawn: Agreement,
    sign: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    sign("teacher", drawn)
    client = client_as("company")
    with django_assert_max_num_queries(15):  # the menu built afresh (the cache is empty) included
        page_of(client, drawn.case)


def test_the_public_page_shows_the_status_and_organizations_only(
    client: Client, drawn: Agreement, sign: Callable[..., Any], demo_user: Callable[[str], Any]
) -> None:
    cache.clear()
    client.cookies["kakehashi_language"] = "en"
    for key in ORDER:
        sign(key, drawn)
    drawn.refresh_from_db()
    html = client.get(reverse("agreements:verify"), {"code": drawn.code.lower()}).content.decode()
    assert "Signed by every party" in html
    assert drawn.case.host.name.in_language("en") in html
    student = demo_user("student")
    assert student.name_latin not in html
    assert student.name_local not in html
    missing = client.get(reverse("agreements:verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert "No agreement has this code." in missing


def test_the_public_page_is_rate_limited(client: Client) -> None:
    cache.clear()
    statuses = [
        client.get(reverse("agreements:verify"), {"code": f"ABCD-EFGH-{n:04d}"}).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_the_audit_log_keeps_no_name_of_the_student(
    drawn: Agreement, sign: Callable[..., Any], demo_user: Callable[[str], Any]
) -> None:
    for key in ORDER:
        sign(key, drawn)
    student = demo_user("student")
    logged = " ".join(
        str(entry.changes) for entry in LogEntry.objects.filter(content_type__app_label="agreements")
    )
    assert logged  # the agreement's changes are audited
    assert student.name_latin not in logged
    assert student.name_local not in logged

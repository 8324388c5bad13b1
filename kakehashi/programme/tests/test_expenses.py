from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.uploads import real_image
from kakehashi.programme import services
from kakehashi.programme.models import Expense, ExpenseStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo receipt\n%%EOF\n"
PNG = real_image("PNG")


def viewer(demo_user, key: str):  # type: ignore[no-untyped-def]
    return build_viewer(demo_user(key))


def data(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "spent_on": date(2025, 7, 10),
        "category": "overseas_per_diem",
        "description": "Per diem, Ulaanbaatar",
        "payee": "Batbayar Ganbold",
        "payee_is_person": True,
        "amount": Decimal("100000"),
        "currency": "MNT",
        "rate": Decimal("0.044"),
    }
    return {**base, **changes}


def test_a_togrog_expense_keeps_its_yen_amount_and_fiscal_year(demo_user) -> None:
    expense = services.expense_create(viewer=viewer(demo_user, "accountant"), data=data())
    assert expense.amount_jpy == 4400
    assert expense.fiscal_year == 2025
    assert (
        services.expense_create(
            viewer=viewer(demo_user, "accountant"),
            data=data(spent_on=date(2026, 2, 1), currency="JPY", rate=Decimal(9)),
        ).amount_jpy
        == 100000
    )


def test_expenses_outside_the_program_period_are_refused(demo_user) -> None:
    with pytest.raises(ValidationError):
        services.expense_create(viewer=viewer(demo_user, "accountant"), data=data(spent_on=date(2023, 1, 1)))


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("r.pdf", PDF, True),
        ("r.png", PNG, True),
        ("r.jpg", real_image("JPEG"), True),
        ("r.pdf", b"MZ\x90\0 not a pdf", False),  # the name lies
        ("r.png", PDF, False),
        ("r.exe", PDF, False),
        ("r.gif", b"GIF89a", False),
    ],
)
def test_receipts_are_checked_by_type_and_magic_bytes(demo_user, name: str, content: bytes, ok: bool) -> None:
    upload = SimpleUploadedFile(name, content)
    if ok:
        expense = services.expense_create(viewer=viewer(demo_user, "accountant"), data=data(), receipt=upload)
        assert expense.receipt.name.endswith(name.rsplit(".")[-1])
    else:
        with pytest.raises(ValidationError):
            services.expense_create(viewer=viewer(demo_user, "accountant"), data=data(), receipt=upload)


def test_receipts_over_five_megabytes_are_refused(demo_user) -> None:
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError):
        services.expense_create(viewer=viewer(demo_user, "accountant"), data=data(), receipt=upload)


def test_entered_then_approved_by_the_accountant_then_settled(demo_user) -> None:
    expense = services.expense_create(viewer=viewer(demo_user, "manager"), data=data())
    with pytest.raises(PermissionDenied):
        services.expense_approve(
            viewer=viewer(demo_user, "manager"), expense=expense, version=expense.version
        )
    with pytest.raises(ValidationError):
        services.expense_settle(
            viewer=viewer(demo_user, "accountant"), expense=expense, version=expense.version
        )
    services.expense_approve(viewer=viewer(demo_user, "accountant"), expense=expense, version=expense.version)
    stored = Expense.objects.get(pk=expense.pk)
    assert stored.status == ExpenseStatus.APPROVED
    assert stored.approved_by == demo_user("accountant")
    with pytest.raises(ValidationError):
        services.expense_update(
            viewer=viewer(demo_user, "manager"), expense=stored, version=stored.version, data={}
        )
    services.expense_settle(viewer=viewer(demo_user, "accountant"), expense=stored, version=stored.version)
    assert Expense.objects.get(pk=expense.pk).status == ExpenseStatus.SETTLED


@pytest.mark.parametrize("key", ["funder", "city", "student", "company"])
def test_others_cannot_enter_expenses(demo_user, key: str) -> None:
    with pytest.raises(PermissionDenied):
        services.expense_create(viewer=viewer(demo_user, key), data=data())


def test_of_two_stale_saves_exactly_one_wins(demo_user) -> None:
    expense = services.expense_create(viewer=viewer(demo_user, "accountant"), data=data())
    first = Expense.objects.get(pk=expense.pk)
    second = Expense.objects.get(pk=expense.pk)
    outcomes = []
    for copy, description in ((first, "First edit"), (second, "Second edit")):
        try:
            services.expense_update(
                viewer=viewer(demo_user, "accountant"),
                expense=copy,
                version=1,
                data={"description": description},
            )
            outcomes.append("saved")
        except services.StaleVersion:
            outcomes.append("stale")
    assert outcomes == ["saved", "stale"]
    stored = Expense.objects.get(pk=expense.pk)
    assert stored.description == "First edit"
    assert stored.version == 2


def test_a_stale_edit_page_asks_to_reload(client_as, demo_user) -> None:
    expense = services.expense_create(viewer=viewer(demo_user, "accountant"), data=data())
    services.expense_update(
        viewer=viewer(demo_user, "accountant"), expense=expense, version=1, data={"description": "x"}
    )
    form = {
        **{k: v for k, v in data().items() if k != "payee_is_person"},
        "payee_is_person": "on",
        "version": 1,
    }
    response = client_as("manager").post(f"/programme/expenses/{expense.pk}/edit/", form)
    assert response.status_code == 409
    assert b"Reload the page" in response.content


def test_the_accountant_enters_with_a_receipt_and_approves_through_the_pages(client_as) -> None:
    client = client_as("accountant")
    form = {**data(), "payee_is_person": "", "receipt": SimpleUploadedFile("receipt.pdf", PDF)}
    response = client.post("/programme/expenses/new/", form)
    assert response.status_code == 302, response.content
    expense = Expense.objects.latest("pk")
    assert expense.receipt
    assert expense.entered_by.email.startswith("accountant")
    assert (
        client.post(f"/programme/expenses/{expense.pk}/approve/", {"version": expense.version}).status_code
        == 302
    )
    assert Expense.objects.get(pk=expense.pk).status == ExpenseStatus.APPROVED
    download = client.get(f"/programme/expenses/{expense.pk}/receipt/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_approving_twice_with_the_same_version_is_refused(client_as) -> None:
    expense = Expense.objects.filter(status=ExpenseStatus.APPROVED).first()
    assert expense is not None
    response = client_as("accountant").post(
        f"/programme/expenses/{expense.pk}/approve/", {"version": expense.version}, follow=True
    )
    assert b"not waiting for approval" in response.content

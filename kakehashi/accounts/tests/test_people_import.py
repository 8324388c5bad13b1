import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kakehashi.accounts.models import Membership, PeopleImport, User

pytestmark = pytest.mark.django_db

HEADER = "name_latin,name_local,email,organization,role\n"


def upload(client, name: str, content: bytes):
    return client.post("/people/import/", {"file": SimpleUploadedFile(name, content)})


def test_a_good_csv_is_previewed_then_everyone_is_added_and_invited(
    client_as, django_capture_on_commit_callbacks
):
    teacher = client_as("teacher")
    csv = (
        HEADER
        + "Anu Bold,Ану Болд,anu@example.mn,must-kosen,student\nTuya Gan,Туяа Ган,tuya@example.mn,must-kosen,student\n"
    )
    response = upload(teacher, "students.csv", csv.encode())
    assert response.status_code == 302
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.errors == []
    assert not User.objects.filter(email="anu@example.mn").exists(), "the preview writes no person"
    preview = teacher.get(response.url)
    # The split is shown: "Ану Болд" is patronymic first, so Anu is the family name.
    assert '<td>Anu / <span lang="mn">Ану</span></td><td>Bold / <span lang="mn">Болд</span></td>' in (
        preview.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        applied = teacher.post(f"/people/import/{batch.pk}/apply/")
    assert applied.status_code == 302
    assert Membership.objects.filter(
        user__email="anu@example.mn", organization__key="must-kosen", role="student"
    ).exists()
    assert User.objects.get(email="tuya@example.mn").name_local == "Туяа Ган"
    assert sorted(m.to[0] for m in mail.outbox) == ["anu@example.mn", "tuya@example.mn"]


def test_one_bad_row_is_named_and_nobody_is_created(client_as):
    teacher = client_as("teacher")
    csv = HEADER + "Anu Bold,,anu@example.mn,must-kosen,student\nBad Row,,not-an-email,must-kosen,student\n"
    response = upload(teacher, "students.csv", csv.encode())
    preview = teacher.get(response.url)
    assert b"1 row has errors" in preview.content
    assert b"not-an-email" in preview.content
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.errors[0]["row"] == 3
    refused = teacher.post(f"/people/import/{batch.pk}/apply/", follow=True)
    assert b"Correct the rows with errors" in refused.content
    assert not User.objects.filter(email="anu@example.mn").exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X,,a@example.mn,nagaoka-seiki,mentor", b"cannot add people to the organization"),
        ("X,,a@example.mn,no-such-org,student", b"There is no organization"),
        ("X,,a@example.mn,must-kosen,astronaut", b"There is no role"),
        ("X,,a@example.mn,must-kosen,mentor", b"does not exist in this kind of organization"),
        (",,a@example.mn,must-kosen,student", b"name in Latin script is missing"),
        ("X,,teacher@demo.kakehashi.example,must-kosen,student", b"already exists"),
    ],
)
def test_each_kind_of_bad_row_gets_its_reason(client_as, row, message):
    teacher = client_as("teacher")
    response = upload(teacher, "people.csv", (HEADER + row + "\n").encode())
    assert message in teacher.get(response.url).content


def test_the_same_email_twice_in_one_file_names_the_first_row(client_as):
    teacher = client_as("teacher")
    csv = HEADER + "A,,dup@example.mn,must-kosen,student\nB,,dup@example.mn,must-kosen,student\n"
    response = upload(teacher, "people.csv", csv.encode())
    assert b"already on row 2" in teacher.get(response.url).content


def test_an_excel_file_is_read_like_a_csv(client_as):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name_latin", "name_local", "email", "organization", "role"])
    sheet.append(["Saraa Dorj", "Сараа Дорж", "saraa@example.mn", "must-kosen", "student"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    teacher = client_as("teacher")
    response = upload(teacher, "people.xlsx", buffer.getvalue())
    assert response.status_code == 302
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.rows[0]["name_local"] == "Сараа Дорж"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.txt", b"hello", b"Upload a .csv or .xlsx file"),
        ("people.xlsx", b"not a zip", b"does not match its name"),
        ("people.csv", b"name,email\nx,y\n", b"lacks these columns"),
        ("people.csv", b"name_latin,email\nBat\x81\n", b"Line 2 of the file is neither UTF-8 nor Shift_JIS"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(client_as, name, content, message):
    response = upload(client_as("teacher"), name, content)
    assert response.status_code == 200
    assert message in response.content
    assert not PeopleImport.objects.exists()


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp932", b""), ("shift_jis", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_japanese_excel_csv_in_cp932_or_utf8_is_detected_and_previewed(client_as, encoding, bom):
    """Japanese Excel saves "CSV" as Shift_JIS (cp932); "CSV UTF-8" adds a BOM. All read alike."""
    csv = (
        HEADER
        + "Yamada Hanako,山田 花子,hanako@example.jp,must-kosen,student\nSato Ken,佐藤 健,ken@example.jp,must-kosen,student\n"
    )
    teacher = client_as("teacher")
    response = upload(teacher, "名簿.csv", bom + csv.encode(encoding))
    assert response.status_code == 302, response.content.decode()[-3000:]
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert [row["name_local"] for row in batch.rows] == ["山田 花子", "佐藤 健"]
    preview = teacher.get(response.url).content.decode()
    # Decoded (the split of "Yamada Hanako" is names.split_full_names's business, tested in test_names).
    for name in ("山田", "花子", "佐藤", "健"):
        assert f'<span lang="ja">{name}</span>' in preview


def test_an_import_cannot_be_applied_twice(client_as, django_capture_on_commit_callbacks):
    teacher = client_as("teacher")
    upload(teacher, "p.csv", (HEADER + "A,,once@example.mn,must-kosen,student\n").encode())
    batch = PeopleImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(f"/people/import/{batch.pk}/apply/")
    again = teacher.post(f"/people/import/{batch.pk}/apply/", follow=True)
    assert b"already been handled" in again.content
    assert User.objects.filter(email="once@example.mn").count() == 1

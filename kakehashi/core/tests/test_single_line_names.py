"""Names are one line of text: a line break or another control character in a name is refused wherever a
name comes in (forms, the people import), since a name ends up in email headers, CSV files and pages."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kakehashi.accounts.models import User
from kakehashi.core.validators import no_control_characters

pytestmark = pytest.mark.django_db

INJECTED = "Nomin Baatar\r\nBcc: everyone@example.com"
MESSAGE = "Write this on one line, without line breaks, tabs or other control characters."

NAME_FIELDS = [
    "accounts.User.name_latin",
    "accounts.User.name_local",
    "accounts.User.family_name_latin",
    "accounts.User.given_name_latin",
    "accounts.User.family_name_local",
    "accounts.User.given_name_local",
    "accounts.User.family_name_reading",
    "accounts.User.given_name_reading",
    "accounts.Invitation.name_latin",
    "accounts.Invitation.name_local",
    "internships.Application.name_latin",
    "internships.Application.name_cyrillic",
    "internships.Application.family_name_latin",
    "internships.Application.given_name_latin",
    "internships.Application.family_name_local",
    "internships.Application.given_name_local",
    "internships.Application.family_name_reading",
    "internships.Application.given_name_reading",
    "companies.OutreachCompany.contact_name",
]


@pytest.mark.parametrize("value", [INJECTED, "a\nb", "a\tb", "a\x00b", "a\x1bb", "a\u202eb", "a\u2028b"])
def test_control_characters_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        no_control_characters(value)
    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("value", ["Nomin-Erdene Baatar", "Батбаяр Өлзий", "山田 太郎", "O'Neil", ""])
def test_ordinary_names_pass(value: str) -> None:
    no_control_characters(value)


@pytest.mark.parametrize("label", NAME_FIELDS)
def test_every_name_field_of_a_model_refuses_a_line_break(label: str) -> None:
    app_label, model_name, field_name = label.split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    with pytest.raises(ValidationError):
        field.run_validators(INJECTED)  # type: ignore[union-attr]


@pytest.mark.parametrize("language", ["ja", "mn", "en"])
@pytest.mark.parametrize("model", ["accounts.Organization", "companies.OutreachCompany"])
def test_an_organization_name_refuses_a_line_break_in_every_language(model: str, language: str) -> None:
    field = apps.get_model(*model.split("."))._meta.get_field("name")
    with pytest.raises(ValidationError):
        field.validate({language: INJECTED}, None)  # type: ignore[union-attr]


def test_the_profile_refuses_a_name_with_a_line_break(client_as: Callable[..., Client], demo_user) -> None:
    before = demo_user("student").name_latin
    response = client_as("student").post(
        "/profile/", {"given_name_latin": INJECTED, "preferred_language": "en", "phone": ""}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert User.objects.get(pk=demo_user("student").pk).name_latin == before


def test_the_application_refuses_a_name_with_a_line_break(client_as: Callable[..., Client]) -> None:
    from kakehashi.internships.models import Application, Round

    round_ = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    response = client_as("student").post(
        f"/rounds/{round_.pk}/apply/", {"given_name_latin": INJECTED, "year": "4", "japanese_level": "N4"}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Application.objects.filter(given_name_latin=INJECTED).exists()


@pytest.mark.parametrize(
    ("form_path", "field", "data"),
    [
        ("kakehashi.accounts.forms.AcceptInvitationForm", "given_name_latin", {}),
        ("kakehashi.accounts.forms.AcceptInvitationForm", "family_name_local", {}),
        ("kakehashi.companies.forms.InterestForm", "contact_name", {"name_en": "Acme"}),
        ("kakehashi.companies.forms.InterestForm", "name_en", {}),
        ("kakehashi.internships.forms.InterpreterForm", "name", {}),
    ],
)
def test_forms_with_their_own_name_fields_refuse_a_line_break(form_path: str, field: str, data: dict) -> None:
    from django.utils.module_loading import import_string

    form = import_string(form_path)(data={**data, field: INJECTED})
    form.is_valid()
    assert MESSAGE in form.errors.get(field, [])


@pytest.mark.parametrize("language", ["ja", "mn", "en"])
def test_a_rounds_name_refuses_a_line_break_in_every_language(language: str) -> None:
    from kakehashi.internships.forms import RoundForm

    form = RoundForm(data={f"name_{language}": INJECTED, "key": "k"})
    assert not form.is_valid()
    assert "line breaks" in " ".join(form.errors["name"])


def test_the_invitation_form_refuses_a_name_with_a_line_break() -> None:
    from kakehashi.accounts.forms import InvitationForm
    from kakehashi.accounts.models import Organization

    form = InvitationForm(
        data={"email": "a@example.mn", "family_name_latin": INJECTED, "role": "student", "language": "en"},
        organization=Organization.objects.get(key="must-kosen"),
    )
    assert not form.is_valid()
    assert MESSAGE in form.errors["family_name_latin"]


def test_the_people_import_refuses_a_name_with_a_line_break(client_as: Callable[..., Client]) -> None:
    teacher = client_as("teacher")
    content = 'name_latin,name_local,email,organization,role\n"Anu\r\nBcc: x@example.com",,anu@example.mn,must-kosen,student\n'
    response = teacher.post("/people/import/", {"file": SimpleUploadedFile("people.csv", content.encode())})
    preview = teacher.get(response.url).content.decode()
    assert "1 row has errors" in preview
    assert "The name has a line break or another control character: write it on one line." in preview

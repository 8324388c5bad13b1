"""Only web addresses (http, https) are accepted where a person types a link, and a link already stored
with another scheme (javascript:, data:, vbscript:) is shown as text, never as a link to click."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template
from django.test import Client

from kakehashi.internships.models import Application, Round

pytestmark = pytest.mark.django_db

BAD = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>x</script>",
    "vbscript:msgbox(1)",
]
MESSAGE = "Enter a web address that starts with http:// or https://."


def _url_fields() -> list[tuple[str, models.Field]]:  # type: ignore[type-arg]
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "companies", "internships", "learning"}
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    ]


def test_there_are_link_fields_to_check() -> None:
    names = {name for name, _field in _url_fields()}
    assert {"accounts.Organization.website", "learning.Lesson.video_url"} <= names


@pytest.mark.parametrize("value", [*BAD, "ftp://files.example/cv.pdf"])
def test_every_link_field_of_a_model_refuses_what_is_not_a_web_address(value: str) -> None:
    for name, field in _url_fields():
        with pytest.raises(ValidationError) as refused:
            field.run_validators(value)
        assert refused.value.messages == [MESSAGE], name
        field.run_validators("https://example.com/a")  # a web address passes


@pytest.mark.parametrize("value", BAD)
def test_every_link_field_of_a_form_refuses_what_is_not_a_web_address(value: str) -> None:
    from kakehashi.companies.forms import InterestForm
    from kakehashi.internships.forms import SlotForm

    for form_class, name in ((SlotForm, "meeting_url"), (InterestForm, "website")):
        form = form_class(data={name: value})
        assert not form.is_valid()
        assert MESSAGE in form.errors[name], form_class.__name__


def _student_application() -> Application:
    round_ = Round.objects.get(program__key="jica-dx-2024", key="2026-03")
    return Application.objects.get(round=round_, student__email="student@demo.kakehashi.example")


@pytest.mark.parametrize("value", BAD)
def test_the_application_refuses_a_portfolio_link_that_is_not_a_web_address(
    client_as: Callable[..., Client], value: str
) -> None:
    application = _student_application()
    response = client_as("student").post(
        f"/rounds/{application.round_id}/apply/",
        {
            "family_name_latin": "Baatar",
            "given_name_latin": "Nomin-Erdene",
            "year": "4",
            "japanese_level": "N4",
            "portfolio_links": f"https://github.com/nomin\n{value}",
        },
    )
    assert response.status_code == 200
    assert "Each link must be a web address that starts with http:// or https://." in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert value not in application.portfolio_links


def test_a_stored_link_that_is_not_a_web_address_is_shown_as_text(client_as: Callable[..., Client]) -> None:
    from kakehashi.core.testing.matrix import MatrixContext
    from kakehashi.internships.tests.matrix import must_nominee

    application = Application.objects.get(pk=must_nominee(MatrixContext()))
    Application.objects.filter(pk=application.pk).update(
        portfolio_links="https://github.com/nomin\njavascript:alert(document.cookie)"
    )
    response = client_as("manager").get(f"/rounds/applications/{application.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="https://github.com/nomin"' in page
    assert "javascript:alert(document.cookie)" in page  # shown, so the office can see and fix it
    assert 'href="javascript:' not in page


def test_the_link_filter_makes_a_link_only_of_a_web_address() -> None:
    template = Template('{% load kakehashi %}{{ url|web_link:"Open" }}')
    assert template.render(Context({"url": "https://a.example/x"})) == (
        '<a href="https://a.example/x" rel="noopener noreferrer">Open</a>'
    )
    assert template.render(Context({"url": "javascript:alert(1)"})) == "javascript:alert(1)"
    assert template.render(Context({"url": " data:text/html,<b>"})) == " data:text/html,&lt;b&gt;"

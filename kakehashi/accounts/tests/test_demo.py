from datetime import date

import pytest
from django.apps import apps

from kakehashi.accounts import demo
from kakehashi.accounts.models import Program

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for model in apps.get_app_config("accounts").get_models()
    }


def test_loading_the_demo_twice_changes_nothing():
    before = counts()
    demo.load()
    assert counts() == before


def test_the_two_programs_carry_their_periods_as_data():
    jica = Program.objects.get(key="jica-dx-2024")
    assert (jica.starts_on, jica.ends_on) == (date(2024, 5, 1), date(2027, 4, 30))
    assert jica.budget_jpy == 60_000_000
    assert Program.objects.get(key="nagaoka-pilot-2023").status == "closed"


def test_every_role_has_a_demo_person():
    from kakehashi.accounts.roles import Role

    covered = {role for person in demo.DEMO_PEOPLE for role in person.roles}
    assert covered == set(Role.values)

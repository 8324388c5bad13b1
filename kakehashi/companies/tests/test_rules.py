"""The permission rules, for each demo role."""

import pytest

from kakehashi.companies import rules
from kakehashi.companies.tests.helpers import org, viewer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "view", "edit"),
    [
        ("admin", True, True),
        ("manager", True, True),
        ("accountant", True, False),
        ("city", True, True),
        ("company", False, False),
        ("telecom", False, False),
        ("funder", False, False),
        ("student", False, False),
    ],
)
def test_the_pipeline_is_for_the_city_and_the_program_office(key, view, edit):
    assert rules.can_view_pipeline(viewer(key)) is view
    assert rules.can_edit_pipeline(viewer(key)) is edit


def test_a_company_administrator_sees_and_edits_only_its_own_company():
    company = viewer("company")
    own, other = org("nagaoka-seiki").pk, org("echigo-machinery").pk
    assert rules.can_view_company(company, own)
    assert rules.can_edit_company(company, own)
    assert rules.can_answer_readiness(company, own)
    assert not rules.can_view_company(company, other)
    assert not rules.can_answer_readiness(company, other)
    assert not rules.can_verify_readiness(company)


def test_the_mentor_reads_the_company_but_does_not_answer():
    mentor = viewer("mentor")
    own = org("nagaoka-seiki").pk
    assert rules.can_view_company(mentor, own)
    assert not rules.can_answer_readiness(mentor, own)


@pytest.mark.parametrize(("key", "allowed"), [("city", True), ("manager", True), ("accountant", False)])
def test_verification_is_for_the_city_and_the_program_manager(key, allowed):
    assert rules.can_verify_readiness(viewer(key)) is allowed


def test_the_funder_sees_dashboard_figures_but_no_names():
    funder = viewer("funder")
    assert rules.can_view_dashboard(funder)
    assert not rules.can_see_names_on_dashboard(funder)


def test_support_requests_roles():
    assert rules.can_create_support_request(viewer("company"))
    assert rules.can_create_support_request(viewer("teacher"))
    assert not rules.can_create_support_request(viewer("telecom"))
    assert rules.can_handle_support_request(viewer("telecom"), org("kddi").pk)
    assert not rules.can_handle_support_request(viewer("telecom"), org("mobicom").pk)
    assert not rules.can_use_support_requests(viewer("student"))

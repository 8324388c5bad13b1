"""Search finds organizations, companies, places, cases and offers by their name in any language: a
Mongolian coordinator types the Mongolian name, a Japanese officer the Japanese one."""

import pytest

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, User
from kakehashi.core.permissions import Viewer, build_viewer

pytestmark = pytest.mark.django_db


def viewer(key: str) -> Viewer:
    return build_viewer(User.objects.get(email=demo_email(key)))


@pytest.mark.parametrize("language", ["ja", "mn", "en"])
def test_organizations_are_found_by_their_name_in_every_language(language: str) -> None:
    from kakehashi.accounts.selectors import organizations_visible_to

    mobicom = Organization.objects.get(key="mobicom")
    found = organizations_visible_to(viewer("ngo"), search=mobicom.name[language][:8])
    assert mobicom in found


def test_a_company_in_the_pipeline_is_found_by_its_mongolian_name() -> None:
    from kakehashi.companies.selectors import outreach_companies, pipeline_board

    seiki = Organization.objects.get(key="nagaoka-seiki")
    assert seiki.name["mn"] == "Нагаока Сэйки ХК"
    found = outreach_companies(viewer("city"), search="Сэйки")
    assert [entry.organization for entry in found] == [seiki]
    board = pipeline_board(viewer("city"), search="Сэйки")
    assert sum(column.count for column in board) == 1
    # A prospect not on the platform yet: found by its own Mongolian name, not its organization's.
    prospects = outreach_companies(viewer("city"), search="Ёйта")
    assert [str(entry.name.get("en")) for entry in prospects] == ["Yoita Metalworks Co., Ltd."]


def test_places_are_found_by_their_title_and_company_in_mongolian() -> None:
    from kakehashi.internships.models import Place
    from kakehashi.internships.selectors import places_of

    place = Place.objects.filter(status="approved").select_related("round", "company").first()
    assert place is not None
    by_title = places_of(viewer("manager"), place.round, search=place.title["mn"])
    assert place in by_title
    by_company = places_of(viewer("manager"), place.round, search=place.company.name["mn"])
    assert place in by_company
    assert set(by_company) <= set(Place.objects.filter(company=place.company))


def test_cases_are_found_by_their_host_company_in_mongolian() -> None:
    from kakehashi.operations.selectors import cases_visible_to

    case = cases_visible_to(viewer("manager")).select_related("host").first()
    assert case is not None
    found = cases_visible_to(viewer("manager"), search=case.host.name["mn"])
    assert case in found
    assert {c.host_id for c in found} == {case.host_id}


def test_job_offers_are_found_by_their_company_in_mongolian() -> None:
    from kakehashi.careers.models import JobOffer
    from kakehashi.careers.selectors import offers_visible_to

    offer = JobOffer.objects.select_related("company").first()
    assert offer is not None
    found = offers_visible_to(viewer("manager"), search=offer.company.name["mn"])
    assert offer in found
    assert {o.company_id for o in found} == {offer.company_id}

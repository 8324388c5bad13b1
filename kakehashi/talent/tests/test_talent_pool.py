"""The talent pool: students opt in with consent; the program's companies find, open and invite them."""

import pytest
from django.urls import reverse

from kakehashi.accounts.models import Organization, Program
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind
from kakehashi.talent.models import InvitationStatus, TalentInvitation, TalentProfile, TalentView


@pytest.fixture
def nomin(demo_user):
    return TalentProfile.objects.get(user=demo_user("student"))


def test_a_student_joins_with_consent_and_leaves_at_once(client_as, demo_user):
    client = client_as("student2")
    TalentProfile.objects.filter(user=demo_user("student2")).delete()
    privacy.consent_withdraw(user=demo_user("student2"), kind=ConsentKind.TALENT_POOL)
    page = client.get(reverse("talent:mine"))
    assert "Join the talent pool" in page.content.decode()
    refused = client.post(
        reverse("talent:mine"),
        {"graduation_on": "2027-06-30", "headline": "Robots", "headline_language": "en", "listed": "on"},
    )
    assert refused.status_code == 200  # without agreeing to the consent text, nothing is saved
    assert not TalentProfile.objects.filter(user=demo_user("student2")).exists()
    client.post(
        reverse("talent:mine"),
        {
            "graduation_on": "2027-06-30",
            "headline": "Robots",
            "headline_language": "en",
            "listed": "on",
            "agree": "on",
        },
    )
    assert privacy.has_consent(demo_user("student2"), ConsentKind.TALENT_POOL)
    company = client_as("company")
    assert "Robots" in company.get(reverse("talent:pool")).content.decode()

    client.post(reverse("talent:leave"))
    assert not privacy.has_consent(demo_user("student2"), ConsentKind.TALENT_POOL)
    assert "Robots" not in company.get(reverse("talent:pool")).content.decode()


def test_companies_filter_the_pool_by_verified_japanese_and_skill(client_as, nomin, demo_user):
    from kakehashi.internships.models.japanese import JapaneseResult

    company = client_as("company")
    everyone = company.get(reverse("talent:pool"))
    assert nomin in everyone.context["profiles"]
    JapaneseResult.objects.filter(student=nomin.user).delete()
    assert nomin not in company.get(reverse("talent:pool") + "?japanese=N3").context["profiles"]


def test_opening_a_profile_is_shown_to_the_person(client_as, nomin):
    TalentView.objects.filter(profile=nomin).delete()
    client_as("mentor").get(reverse("talent:profile", args=[nomin.pk]))
    client_as("company").get(reverse("talent:profile", args=[nomin.pk]))
    assert TalentView.objects.filter(profile=nomin).count() == 1  # one company, one day
    mine = client_as("student").get(reverse("talent:mine"))
    assert [view.company.key for view in mine.context["views"]] == ["nagaoka-seiki"]


def test_an_invitation_reaches_the_person_and_their_answer_reaches_the_company(client_as, nomin):
    company = client_as("company")
    TalentInvitation.objects.filter(profile=nomin).delete()
    company.post(
        reverse("talent:profile", args=[nomin.pk]),
        {"company": Organization.objects.get(key="nagaoka-seiki").pk, "message": "Let us talk"},
    )
    invitation = TalentInvitation.objects.get(profile=nomin)
    again = company.post(
        reverse("talent:profile", args=[nomin.pk]), {"company": invitation.company_id, "message": "Again"}
    )
    assert "already invited" in again.content.decode()
    student = client_as("student")
    assert "Let us talk" in student.get(reverse("talent:mine")).content.decode()
    student.post(reverse("talent:answer", args=[invitation.pk]), {"accept": "1"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_a_mentor_opens_profiles_but_only_an_administrator_invites(client_as, nomin):
    mentor = client_as("mentor")
    assert mentor.get(reverse("talent:profile", args=[nomin.pk])).context["form"] is None
    assert mentor.post(reverse("talent:profile", args=[nomin.pk]), {"message": "x"}).status_code == 403


def test_a_profile_of_another_program_is_not_found(client_as, nomin, demo_user):
    other = Program.objects.create(
        key="other-pool", title={"en": "Other"}, starts_on="2026-01-01", ends_on="2027-12-31"
    )
    nomin.program = other
    nomin.save()
    assert client_as("company").get(reverse("talent:profile", args=[nomin.pk])).status_code == 404
    assert nomin not in client_as("company").get(reverse("talent:pool")).context["profiles"]


def test_the_pool_page_costs_the_same_for_more_people(client_as, demo_user, django_assert_max_num_queries):
    company = client_as("company")
    company.get("/")
    with django_assert_max_num_queries(25):
        company.get(reverse("talent:pool"))
    student = demo_user("student2")
    TalentProfile.objects.update_or_create(
        user=student,
        defaults={
            "program": Program.objects.get(key="jica-dx-2024"),
            "graduation_on": "2027-01-01",
            "headline": "x",
            "headline_language": "mn",
        },
    )
    with django_assert_max_num_queries(25):
        company.get(reverse("talent:pool"))


def test_someone_in_the_pool_updates_their_profile_without_agreeing_again(client_as, nomin):
    client = client_as("student")
    assert "agree" not in client.get(reverse("talent:mine")).context["form"].fields
    client.post(
        reverse("talent:mine"),
        {
            "graduation_on": "2027-07-15",
            "headline": "Python and IoT",
            "headline_language": "en",
            "listed": "on",
        },
    )
    nomin.refresh_from_db()
    assert nomin.headline == "Python and IoT"

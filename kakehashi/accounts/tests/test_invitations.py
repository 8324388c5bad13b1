import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kakehashi.accounts.models import Invitation, Membership, Organization, User

pytestmark = pytest.mark.django_db(transaction=False)


def invitation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_administrator_invites_and_the_email_speaks_the_invitees_language(
    client_as, django_capture_on_commit_callbacks
):
    teacher = client_as("teacher")
    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(
            f"/organizations/{college.pk}/members/invite/",
            {
                "email": "Oyun@Example.mn",
                "role": "student",
                "language": "mn",
                "family_name_latin": "Bold",
                "given_name_latin": "Oyun",
                "family_name_local": "Болд",
                "given_name_local": "Оюун",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["oyun@example.mn"]
    assert "дадлага" not in message.subject  # the subject is about joining, not internships
    assert "Kakehashi" in message.subject
    assert re.search(r"[А-Яа-яӨөҮү]", message.body), "the Mongolian invitation should be in Cyrillic"
    invitation = Invitation.objects.get(email="oyun@example.mn")
    assert invitation.is_pending
    # Kept whole (Latin given name first, Cyrillic patronymic first); the acceptance form splits it again.
    assert (invitation.name_latin, invitation.name_local) == ("Oyun Bold", "Болд Оюун")


def test_accepting_an_invitation_creates_the_account_and_the_role(
    client, client_as, django_capture_on_commit_callbacks
):
    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as("teacher").post(
            f"/organizations/{college.pk}/members/invite/",
            {"email": "new.student@example.mn", "role": "student", "language": "en"},
        )
    link = invitation_link(mail.outbox[-1])
    page = client.get(link)
    assert page.status_code == 200
    assert b"MUST Technology College" in page.content
    response = client.post(
        link,
        {
            "family_name_latin": "Bold",
            "given_name_latin": "Bat",
            "family_name_local": "Болд",
            "given_name_local": "Бат",
            "password1": "strong-pass-2026",
            "password2": "strong-pass-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.student@example.mn")
    assert (user.family_name_local, user.given_name_local) == ("Болд", "Бат")
    assert (user.family_name_latin, user.given_name_latin) == ("Bold", "Bat")
    assert user.name_local == "Болд Бат"
    assert Membership.objects.filter(user=user, organization=college, role="student", is_active=True).exists()
    # The new person is signed in, and the link cannot be used twice.
    assert client.get("/").status_code == 200
    assert client.get(link).status_code == 404


def test_a_weak_password_is_refused_and_nothing_is_created(
    client, client_as, django_capture_on_commit_callbacks
):
    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as("teacher").post(
            f"/organizations/{college.pk}/members/invite/",
            {"email": "weak@example.mn", "role": "student", "language": "en"},
        )
    link = invitation_link(mail.outbox[-1])
    response = client.post(
        link, {"given_name_latin": "Weak", "password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert b"too common" in response.content
    assert not User.objects.filter(email="weak@example.mn").exists()


def test_an_expired_invitation_link_is_refused(client, client_as, django_capture_on_commit_callbacks):
    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as("teacher").post(
            f"/organizations/{college.pk}/members/invite/",
            {"email": "late@example.mn", "role": "student", "language": "en"},
        )
    Invitation.objects.filter(email="late@example.mn").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.cookies["kakehashi_language"] = "en"
    response = client.get(invitation_link(mail.outbox[-1]))
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_a_revoked_invitation_sends_nothing_and_its_link_is_dead(
    client, client_as, django_capture_on_commit_callbacks
):
    college = Organization.objects.get(key="must-kosen")
    teacher = client_as("teacher")
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(
            f"/organizations/{college.pk}/members/invite/",
            {"email": "gone@example.mn", "role": "student", "language": "en"},
        )
    invitation = Invitation.objects.get(email="gone@example.mn")
    response = teacher.post(f"/organizations/{college.pk}/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(invitation_link(mail.outbox[-1])).status_code == 404


def test_a_role_that_the_kind_of_organization_lacks_is_refused(client_as):
    college = Organization.objects.get(key="must-kosen")
    response = client_as("manager").post(
        f"/organizations/{college.pk}/members/invite/",
        {"email": "x@example.mn", "role": "mentor", "language": "en"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="x@example.mn").exists()


def test_a_signed_in_person_cannot_take_an_invitation_sent_to_someone_else(
    client_as, django_capture_on_commit_callbacks
):
    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as("teacher").post(
            f"/organizations/{college.pk}/members/invite/",
            {"email": "other@example.mn", "role": "student", "language": "en"},
        )
    link = invitation_link(mail.outbox[-1])
    mentor = client_as("mentor")
    response = mentor.post(link, follow=True)
    assert b"sent to another email address" in response.content
    assert not Membership.objects.filter(
        user__email="mentor@demo.kakehashi.example", organization=college
    ).exists()


def test_removing_a_role_asks_first_and_then_deactivates_it(client_as, demo_user):
    college = Organization.objects.get(key="must-kosen")
    membership = Membership.objects.get(
        user=demo_user("student"), organization=college, program__key="jica-dx-2024"
    )
    teacher = client_as("teacher")
    url = f"/organizations/{college.pk}/members/{membership.pk}/remove/"
    confirm = teacher.get(url)
    assert b"Do you really want to remove" in confirm.content
    membership.refresh_from_db()
    assert membership.is_active
    teacher.post(url)
    membership.refresh_from_db()
    assert not membership.is_active

"""Drawing up and signing an agreement: the set order, the hash of the exact PDF, a change of terms that
voids the signatures given before it, and the notifications each step sends."""

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.agreements import services
from kakehashi.agreements.models import Agreement, AgreementStatus, Party, Signature
from kakehashi.agreements.terms import terms_of
from kakehashi.internships.models import Placement
from kakehashi.notifications.models import Notification
from kakehashi.operations.models import InternCase, StayRecord

from .conftest import ORDER

pytestmark = pytest.mark.django_db


def events_of(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("event", flat=True))


def test_it_is_drawn_up_once_with_a_serial_and_a_pdf_that_matches_its_hash(drawn: Agreement) -> None:
    version = drawn.versions.get()
    assert drawn.serial.startswith("KH-A")
    assert version.number == 1
    assert version.pdf_bytes.startswith(b"%PDF")
    assert hashlib.sha256(version.pdf_bytes).hexdigest() == version.sha256
    assert drawn.next_party == Party.COLLEGE
    assert drawn.language == "mn"  # the demo student reads Mongolian


def test_only_the_program_manager_draws_it_up(case: InternCase, viewer: Callable[[str], Any]) -> None:
    for key in ("teacher", "company", "accountant", "student"):
        with pytest.raises(PermissionDenied):
            services.agreement_draw_up(viewer=viewer(key), case=case)
    assert not Agreement.objects.filter(case=case).exists()


def test_the_parties_sign_in_order_and_the_last_signature_makes_the_signed_pdf(
    drawn: Agreement, sign: Callable[..., Signature], demo_user: Callable[[str], Any]
) -> None:
    version = drawn.versions.get()
    for key, party in zip(ORDER, (Party.COLLEGE, Party.COMPANY, Party.STUDENT, Party.OFFICE), strict=True):
        signature = sign(key, drawn)
        assert signature.party == party
        assert signature.signer == demo_user(key)
        assert signature.signer_name == demo_user(key).display_name
        assert signature.ip_address == "203.0.113.7"
        assert signature.sha256 == version.sha256
    drawn.refresh_from_db()
    assert drawn.status == AgreementStatus.SIGNED
    assert drawn.next_party == ""
    assert drawn.final_pdf_bytes.startswith(b"%PDF")
    assert hashlib.sha256(drawn.final_pdf_bytes).hexdigest() == drawn.final_sha256


@pytest.mark.parametrize("key", ["company", "student", "manager"])
def test_a_party_whose_turn_it_is_not_is_refused(
    drawn: Agreement, sign: Callable[..., Any], key: str
) -> None:
    with pytest.raises(PermissionDenied, match="not your turn"):
        sign(key, drawn)
    assert not Signature.objects.exists()


@pytest.mark.parametrize("key", ["mentor", "safety", "accountant", "city", "admin"])
def test_who_is_no_party_cannot_sign(drawn: Agreement, sign: Callable[..., Any], key: str) -> None:
    with pytest.raises(PermissionDenied):
        sign(key, drawn)


def test_a_signature_on_other_bytes_is_refused_with_the_reason(
    drawn: Agreement, sign: Callable[..., Any]
) -> None:
    with pytest.raises(ValidationError, match="not the current version"):
        sign("teacher", drawn, sha256=hashlib.sha256(b"another document").hexdigest())
    assert not Signature.objects.exists()


def test_a_stored_pdf_that_no_longer_matches_its_hash_is_not_signed(
    drawn: Agreement, sign: Callable[..., Any]
) -> None:
    version = drawn.versions.get()
    version.pdf = "JVBERi0xLjcKdGFtcGVyZWQ="  # "%PDF-1.7\ntampered"
    version.save()
    with pytest.raises(ValidationError, match="does not match its hash"):
        sign("teacher", drawn)


def test_a_change_of_terms_after_signatures_makes_a_new_version_and_voids_them(
    drawn: Agreement,
    sign: Callable[..., Any],
    demo_user: Callable[[str], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    old = drawn.versions.get()
    sign("teacher", drawn)
    sign("company", drawn)
    stay = StayRecord.objects.get(case=drawn.case)
    stay.housing_name = "Nagaoka dormitory B"
    with django_capture_on_commit_callbacks(execute=True):
        stay.save()  # the agreements app hears of it (signals.py)
    new = services.current_version(drawn)
    assert new.number == 2
    assert new.change_note == "housing"
    assert new.sha256 != old.sha256
    voided = Signature.objects.filter(version=old)
    assert {s.party for s in voided} == {Party.COLLEGE, Party.COMPANY}
    assert all(s.voided_at is not None and s.voided_by == new for s in voided)
    drawn.refresh_from_db()
    assert drawn.next_party == Party.COLLEGE
    # Every party is told; the text names the company and the dates, never the student.
    for key in ORDER:
        assert "agreements.new_version" in events_of(demo_user(key))
    texts = Notification.objects.filter(event__startswith="agreements.").values_list("text", flat=True)
    assert not any(demo_user("student").name_latin in text for text in texts)
    # The old bytes cannot be signed any more; the new ones can, from the first party again.
    with pytest.raises(ValidationError, match="not the current version"):
        sign("teacher", drawn, sha256=old.sha256)
    with pytest.raises(PermissionDenied):
        sign("student", drawn)
    assert sign("teacher", drawn).version == new


def test_terms_changed_without_notice_are_caught_when_someone_signs(
    drawn: Agreement, sign: Callable[..., Any]
) -> None:
    sign("teacher", drawn)
    # A change that no signal heard (a bulk update): the signature is refused and a new version drawn up.
    InternCase.objects.filter(pk=drawn.case_id).update(departure_on=drawn.case.departure_on.replace(day=1))
    with pytest.raises(ValidationError, match="terms of the agreement changed"):
        sign("company", drawn)
    assert services.current_version(drawn).number == 2
    assert services.current_version(drawn).change_note == "period"
    assert Signature.objects.filter(voided_at__isnull=True).count() == 0


def test_nothing_changed_means_no_new_version(drawn: Agreement) -> None:
    assert services.agreement_refresh(drawn) is None
    assert drawn.versions.count() == 1


def test_the_parties_are_told_in_turn(
    drawn: Agreement,
    sign: Callable[..., Any],
    demo_user: Callable[[str], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_refresh(drawn)  # nothing: no message
        sign("teacher", drawn)
    assert events_of(demo_user("company")) == ["agreements.your_turn"]
    assert "agreements.your_turn" not in events_of(demo_user("student"))
    with django_capture_on_commit_callbacks(execute=True):
        sign("company", drawn)
        sign("student", drawn)
        sign("manager", drawn)
    assert events_of(demo_user("student"))[-2:] == ["agreements.your_turn", "agreements.signed"]
    assert events_of(demo_user("teacher"))[-1] == "agreements.signed"


def test_terms_come_from_the_place_and_the_application_of_the_placement() -> None:
    placement = Placement.objects.filter(status="accepted").select_related("place", "application").first()
    assert placement is not None
    case = InternCase.objects.get(placement_ref=placement.pk)
    terms = terms_of(case)
    assert terms["place"]["title"]["ja"] == placement.place.title.in_language("ja")
    assert terms["place"]["location"] == placement.place.location
    assert terms["student"]["latin"] == placement.application.name_latin
    assert terms["period"] == [case.arrival_on.isoformat(), case.departure_on.isoformat()]
    assert terms["parties"]["company"]["ja"] == placement.place.company.name.in_language("ja")

"""The program's certificates: serial numbers, a fixed issue date, and one public verification page that
shows only what a certificate states."""

import base64
import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from freezegun import freeze_time

from kakehashi.certificates import services
from kakehashi.certificates.models import CertificateKind, IssuedCertificate
from kakehashi.certificates.qr import qr_data_uri

pytestmark = pytest.mark.django_db

STATEMENT = {
    "ja": "長岡精機で修了しました。",
    "mn": "Нагаока Сэйкид дадлагаа дүүргэв.",
    "en": "Completed at Nagaoka Seiki.",
}


def issue(source: str, kind: CertificateKind = CertificateKind.INTERNSHIP) -> IssuedCertificate:
    return services.issue(kind=kind, source=source, holder="Батсүх Өлзий", statement=STATEMENT)


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


def test_serials_count_per_kind_and_year_and_the_first_issue_date_stays() -> None:
    with freeze_time("2026-12-30"):
        first, second = issue("internship:case:1"), issue("internship:case:2")
        readiness = issue("readiness:organization:1", CertificateKind.READINESS)
    with freeze_time("2027-01-04"):
        again = issue("internship:case:1")
        next_year = issue("internship:case:3")
    assert (first.serial, second.serial, readiness.serial) == ("KH-I26-00001", "KH-I26-00002", "KH-R26-00001")
    assert again.pk == first.pk
    assert again.issued_on == datetime.date(2026, 12, 30)
    assert next_year.serial == "KH-I27-00001"
    assert first.code != second.code


def test_the_holder_name_is_encrypted_at_rest() -> None:
    from django.db import connection

    issue("internship:case:1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_printed FROM certificates_issuedcertificate")
        (stored,) = cursor.fetchone()
    assert "Батсүх" not in stored


def test_a_visitor_sees_what_the_certificate_states_in_their_language_and_nothing_more() -> None:
    certificate = issue("internship:case:1")
    client = Client()
    client.cookies["kakehashi_language"] = "mn"
    page = client.get("/verify/", {"code": f"  {certificate.code.lower()} "}).content.decode()
    assert certificate.serial in page
    assert "Батсүх Өлзий" in page
    assert '<dd lang="mn">Нагаока Сэйкид дадлагаа дүүргэв.</dd>' in page
    assert "長岡精機" not in page
    assert "Completed at" not in page
    assert "internship:case" not in page


def test_an_unknown_code_answers_not_found_with_no_hint_of_others() -> None:
    issue("internship:case:1")
    client = Client()
    client.cookies["kakehashi_language"] = "en"
    page = client.get("/verify/", {"code": "ABCD-EFGH-JKLM"}).content.decode()
    assert "No certificate has this code." in page
    assert "KH-I26" not in page
    assert "Батсүх" not in page
    assert "valid" not in page


def test_lookups_are_limited_per_address() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(services.VERIFY_LIMIT):
        assert client.get("/verify/", {"code": f"AAAA-BBBB-{n:04d}"}).status_code == 200
    assert client.get("/verify/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get("/verify/", {"code": "X"}).status_code == 200


def test_the_qr_code_is_a_vector_image_of_the_address() -> None:
    uri = qr_data_uri("https://kakehashi.example/verify/?code=ABCD-EFGH-JKLM")
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml")
    assert "<path" in svg
    # A longer address needs more modules: the picture depends on what it encodes.
    assert qr_data_uri("https://kakehashi.example/verify/?code=" + "A" * 60) != uri

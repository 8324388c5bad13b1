"""Names: family and given name apart, each language's order to show and to sort, the split of old names."""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import translation

from kakehashi.accounts import names
from kakehashi.accounts.models import User, by_name


def person(
    latin: str = "",
    local: str = "",
    *,
    family_reading: str = "",
    given_reading: str = "",
    **parts: str,
) -> SimpleNamespace:
    return SimpleNamespace(
        name_latin=latin,
        name_local=local,
        family_name_latin=parts.get("family_latin", ""),
        given_name_latin=parts.get("given_latin", ""),
        family_name_local=parts.get("family_local", ""),
        given_name_local=parts.get("given_local", ""),
        family_name_reading=family_reading,
        given_name_reading=given_reading,
    )


YAMADA = person(family_latin="Yamada", given_latin="Taro", family_local="山田", given_local="太郎")
SUKHBAT = person(family_latin="Batbayar", given_latin="Sukhbat", family_local="Батбаяр", given_local="Сүхбат")
SMITH = person(family_latin="Smith", given_latin="Mary")


# --- display ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "language", "full", "short"),
    [
        (YAMADA, "ja", "山田 太郎", "山田"),
        (YAMADA, "en", "Taro Yamada", "Taro"),
        (YAMADA, "mn", "Yamada Taro", "Y. Taro"),
        (SUKHBAT, "mn", "Батбаяр Сүхбат", "Б. Сүхбат"),
        (SUKHBAT, "en", "Sukhbat Batbayar", "Sukhbat"),
        # No Japanese script: Latin, the family name in capitals as on a residence card.
        (SUKHBAT, "ja", "BATBAYAR Sukhbat", "Sukhbat"),
        (SMITH, "en", "Mary Smith", "Mary"),
        (SMITH, "ja", "SMITH Mary", "Mary"),
        (SMITH, "mn", "Smith Mary", "S. Mary"),
        # A given name only: no stray space or initial.
        (person(given_latin="Bat", given_local="Бат"), "mn", "Бат", "Бат"),
        (person(given_latin="Bat", given_local="Бат"), "en", "Bat", "Bat"),
    ],
)
def test_a_name_reads_in_the_order_of_each_language(who, language, full, short):
    assert names.full_name(who, language) == full
    assert names.short_name(who, language) == short


@pytest.mark.django_db
def test_display_name_follows_the_page_language_and_the_profile_shows_both_scripts():
    user = User.objects.create_user(
        email="sukhbat@example.mn",
        family_name_latin="Batbayar",
        given_name_latin="Sukhbat",
        family_name_local="Батбаяр",
        given_name_local="Сүхбат",
    )
    assert (user.name_latin, user.name_local) == ("Sukhbat Batbayar", "Батбаяр Сүхбат")
    with translation.override("mn"):
        assert (user.display_name, user.short_name, str(user)) == (
            "Батбаяр Сүхбат",
            "Б. Сүхбат",
            "Батбаяр Сүхбат",
        )
    with translation.override("en"):
        assert user.display_name == user.get_full_name() == "Sukhbat Batbayar"
        assert user.get_short_name() == "Sukhbat"
    assert user.name_in_both_scripts == "Батбаяр Сүхбат (Sukhbat Batbayar)"


# --- splitting the names kept before ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "local", "expected"),
    [
        # The Latin written as the Cyrillic, patronymic first: the initials tell.
        ("Batbayar Sukhbat", "Батбаяр Сүхбат", ("Batbayar", "Sukhbat", "Батбаяр", "Сүхбат")),
        ("Sukhbat Batbayar", "Батбаяр Сүхбат", ("Batbayar", "Sukhbat", "Батбаяр", "Сүхбат")),
        # The initials cannot tell (both B): given name first, as name_latin is written.
        ("Bat Bold", "Болд Бат", ("Bold", "Bat", "Болд", "Бат")),
        ("Taro Yamada", "山田 太郎", ("Yamada", "Taro", "山田", "太郎")),
        ("YAMADA Taro", "山田　太郎", ("YAMADA", "Taro", "山田", "太郎")),  # ideographic space
        ("Taro Yamada", "山田太郎", ("Yamada", "Taro", "", "山田太郎")),  # no space: given only
        ("Mary Anne Smith", "", ("Smith", "Mary Anne", "", "")),
        ("Bat", "", ("", "Bat", "", "")),
        ("", "", ("", "", "", "")),
    ],
)
def test_a_single_line_name_is_split_by_each_scripts_convention(latin, local, expected):
    parts = names.split_full_names(latin, local)
    assert (parts.family_latin, parts.given_latin, parts.family_local, parts.given_local) == expected
    # Nothing is lost: every word lands in one part.
    assert sorted(f"{parts.family_latin} {parts.given_latin}".split()) == sorted(latin.split())
    assert sorted(f"{parts.family_local} {parts.given_local}".split()) == sorted(local.split())


@pytest.mark.django_db
def test_the_data_migration_splits_every_stored_name_and_keeps_every_word():
    from importlib import import_module

    migration = import_module("kakehashi.accounts.migrations.0009_split_names")
    old = [
        ("Batbayar Sukhbat", "Батбаяр Сүхбат"),
        ("Misaki Takahashi", "高橋 美咲"),
        ("Mary  Smith", ""),
        ("Bat", ""),
        ("Mary Anne Smith", ""),
        ("Taro Yamada", "山田太郎"),
    ]
    # As the rows were before 0006: whole names, no parts, no sort keys.
    rows = User.objects.bulk_create(
        User(email=f"old{i}@example.mn", name_latin=latin, name_local=local)
        for i, (latin, local) in enumerate(old)
    )
    ids = [row.pk for row in rows]
    blank = dict.fromkeys(
        ["family_name_latin", "given_name_latin", "family_name_local", "given_name_local"], ""
    )
    User.objects.filter(pk__in=ids).update(**blank, sort_key_ja="", sort_key_mn="", sort_key_en="")
    for pk, (latin, local) in zip(ids, old, strict=True):
        User.objects.filter(pk=pk).update(name_latin=latin, name_local=local)
    before = list(User.objects.filter(pk__in=ids).order_by("pk").values_list("name_latin", "name_local"))
    assert not User.objects.filter(pk__in=ids).exclude(given_name_latin="", sort_key_en="").exists()
    migration.split_names(django_apps, SimpleNamespace(connection=connection))
    after = User.objects.filter(pk__in=ids).order_by("pk")
    for (latin, local), user in zip(before, after, strict=True):
        # The single-line names are rewritten from the parts: the same words.
        assert sorted(user.name_latin.split()) == sorted(latin.split())
        assert user.name_local == local
        assert sorted(f"{user.family_name_latin} {user.given_name_latin}".split()) == sorted(latin.split())
        assert sorted(f"{user.family_name_local} {user.given_name_local}".split()) == sorted(local.split())
        assert all((user.sort_key_ja, user.sort_key_mn, user.sort_key_en))
    sukhbat = after.get(email="old0@example.mn")
    assert (sukhbat.family_name_local, sukhbat.given_name_local) == ("Батбаяр", "Сүхбат")
    assert sukhbat.name_latin == "Sukhbat Batbayar"
    takahashi = after.get(email="old1@example.mn")
    assert (takahashi.family_name_latin, takahashi.given_name_local) == ("Takahashi", "美咲")


@pytest.mark.django_db
def test_code_that_still_sets_the_whole_name_is_split_and_the_old_reading_dropped():
    user = User.objects.create_user(
        email="hanako@example.jp",
        family_name_latin="Yamada",
        given_name_latin="Hanako",
        family_name_local="山田",
        given_name_local="花子",
        family_name_reading="やまだ",
        given_name_reading="はなこ",
    )
    user.name_latin, user.name_local = "Hanako Suzuki", "鈴木 花子"
    user.save(update_fields=["name_latin", "name_local"])
    user.refresh_from_db()
    assert (user.family_name_local, user.given_name_local, user.family_name_latin) == (
        "鈴木",
        "花子",
        "Suzuki",
    )
    assert (user.family_name_reading, user.given_name_reading) == ("", ""), (
        "やまだ is not the reading of 鈴木"
    )
    with translation.override("ja"):
        assert user.display_name == "鈴木 花子"


@pytest.mark.django_db
def test_an_anonymised_person_keeps_no_part_reading_or_sort_key_of_the_name(demo_user):
    from kakehashi.privacy.personal_data import ANONYMOUS_NAME, anonymise

    user = demo_user("manager")
    assert user.family_name_reading == "たかはし"
    anonymise(user)
    user.refresh_from_db()
    values = [
        getattr(user, f.name) for f in User._meta.concrete_fields if isinstance(getattr(user, f.name), str)
    ]
    assert not any(
        word in value for value in values for word in ("Takahashi", "Misaki", "高橋", "美咲", "たかはし")
    )
    with translation.override("ja"):
        assert user.display_name == ANONYMOUS_NAME


# --- sorting ----------------------------------------------------------------------------------------


def _sorted(people: list[SimpleNamespace], language: str) -> list[str]:
    return [names.full_name(p, language) for p in sorted(people, key=lambda p: names.sort_key(p, language))]


def test_mongolian_names_sort_in_the_mongolian_alphabet_not_by_code_point():
    cyrillic = [
        "Отгон Бат",
        "Өлзий Бат",
        "Пүрэв Бат",
        "Улаан Бат",
        "Үүрийн Бат",
        "Хулан Бат",
        "Ёндон Бат",
        "Жаргал Бат",
    ]
    people = [person(family_local=n.split()[0], given_local=n.split()[1]) for n in cyrillic]
    expected = [
        "Ёндон Бат",
        "Жаргал Бат",
        "Отгон Бат",
        "Өлзий Бат",
        "Пүрэв Бат",
        "Улаан Бат",
        "Үүрийн Бат",
        "Хулан Бат",
    ]
    assert _sorted(people, "mn") == expected
    assert sorted(cyrillic) != expected, "plain Unicode order puts Ё, Ө and Ү elsewhere"


def test_mongolian_names_sort_by_patronymic_then_given_name():
    people = [
        person(family_local="Бат", given_local="Сүх"),
        person(family_local="Бат", given_local="Анар"),
        person(family_local="Батбаяр", given_local="Анар"),
    ]
    assert _sorted(people, "mn") == ["Бат Анар", "Бат Сүх", "Батбаяр Анар"]


def test_japanese_names_sort_by_their_reading_in_gojuon_order():
    people = [
        person(family_local="山田", given_local="太郎", family_reading="やまだ", given_reading="たろう"),
        person(family_local="伊藤", given_local="誠", family_reading="イトウ", given_reading="マコト"),
        person(family_local="馬場", given_local="健", family_reading="ばば", given_reading="けん"),
        person(family_local="原", given_local="遥", family_reading="はら", given_reading="はるか"),
        person(family_local="加藤", given_local="大輔", family_reading="かとう", given_reading="だいすけ"),
        person(family_local="大野", given_local="亮", family_reading="オーノ", given_reading="りょう"),
        person(family_local="小野", given_local="舞", family_reading="おの", given_reading="まい"),
    ]
    # 馬場 (ばば) sorts as はは, before 原 (はら) — code points put ば after はら; katakana sorts as hiragana;
    # オーノ reads おおの: after おの.
    assert _sorted(people, "ja") == [
        "伊藤 誠",
        "小野 舞",
        "大野 亮",
        "加藤 大輔",
        "馬場 健",
        "原 遥",
        "山田 太郎",
    ]


def test_voiced_kana_come_right_after_the_plain_one_of_the_same_reading():
    plain = person(family_local="佐藤", given_local="一", family_reading="さとう", given_reading="はじめ")
    voiced = person(family_local="座藤", given_local="一", family_reading="ざとう", given_reading="はじめ")
    after = person(family_local="佐藤", given_local="二", family_reading="さとう", given_reading="ひとし")
    # The whole reading decides first (さとう はじめ = ざとう はじめ < さとう ひとし), the voicing breaks the tie.
    assert _sorted([after, voiced, plain], "ja") == ["佐藤 一", "座藤 一", "佐藤 二"]


def test_english_lists_sort_by_family_name_then_given_name():
    people = [
        person(family_latin="Smith", given_latin="Mary"),
        person(family_latin="Adams", given_latin="Zoe"),
        person(family_latin="Öberg", given_latin="Ann"),
        person(family_latin="Adams", given_latin="John"),
    ]
    assert _sorted(people, "en") == ["John Adams", "Zoe Adams", "Ann Öberg", "Mary Smith"]


def test_sort_keys_are_digits_so_no_database_collation_reorders_them():
    for language in ("ja", "mn", "en"):
        for who in (YAMADA, SUKHBAT, SMITH):
            assert names.sort_key(who, language).isdigit()


@pytest.mark.django_db
def test_people_made_in_bulk_get_their_parts_and_sort_keys():
    (user,) = User.objects.bulk_create(
        [User(email="bulk@example.mn", name_latin="Sukhbat", name_local="Сүхбат")]
    )
    user.refresh_from_db()
    assert (user.given_name_local, user.sort_key_mn) == ("Сүхбат", names.sort_key(user, "mn"))


@pytest.mark.django_db
def test_the_database_orders_people_as_each_language_sorts():
    made = [
        User.objects.create_user(
            email="o@example.mn",
            family_name_latin="Otgon",
            given_name_latin="A",
            family_name_local="Отгон",
            given_name_local="А",
        ),
        User.objects.create_user(
            email="oe@example.mn",
            family_name_latin="Olzii",
            given_name_latin="B",
            family_name_local="Өлзий",
            given_name_local="Б",
        ),
        User.objects.create_user(
            email="p@example.mn",
            family_name_latin="Purev",
            given_name_latin="C",
            family_name_local="Пүрэв",
            given_name_local="В",
        ),
    ]
    people = User.objects.filter(pk__in=[u.pk for u in made])
    assert [u.email for u in people.order_by(*by_name("mn"))] == [
        "o@example.mn",
        "oe@example.mn",
        "p@example.mn",
    ]
    assert [u.email for u in people.order_by(*by_name("en"))] == [
        "oe@example.mn",
        "o@example.mn",
        "p@example.mn",
    ]
    with translation.override("mn"):
        assert by_name() == ("sort_key_mn", "id")
    assert by_name("de", prefix="user__") == ("user__sort_key_en", "user__id"), (
        "a fourth language sorts as en"
    )


def test_the_people_list_is_in_the_order_of_the_page_language(demo_user):
    from kakehashi.accounts import selectors
    from kakehashi.core.permissions import build_viewer

    viewer = build_viewer(demo_user("manager"))

    def order(language: str) -> list[str]:
        with translation.override(language):
            emails = list(selectors.people_visible_to(viewer).values_list("email", flat=True))
        return [e.split("@")[0] for e in emails if e.split("@")[0] in ("safety", "funder")]

    # 伊藤 (いとう) before 井上 (いのうえ) in Japanese; Inoue before Ito in English.
    assert order("ja") == ["safety", "funder"]
    assert order("en") == ["funder", "safety"]


# --- the forms, the import and the API --------------------------------------------------------------


def test_the_profile_form_has_the_parts_in_the_languages_order_and_saves_them(client_as, demo_user):
    ja = client_as("manager", "ja")
    form = ja.get("/profile/").context["form"]
    assert list(form.fields)[:6] == [
        "family_name_latin",
        "given_name_latin",
        "family_name_local",
        "given_name_local",
        "family_name_reading",
        "given_name_reading",
    ]
    assert form.initial["family_name_local"] == "高橋"
    en_fields = list(client_as("manager", "en").get("/profile/").context["form"].fields)
    assert en_fields[:2] == ["given_name_latin", "family_name_latin"], "English asks the given name first"
    response = ja.post(
        "/profile/",
        {
            "family_name_latin": "Takahashi",
            "given_name_latin": "Misa",
            "family_name_local": "高橋",
            "given_name_local": "美沙",
            "family_name_reading": "タカハシ",
            "given_name_reading": "ミサ",
            "preferred_language": "ja",
            "phone": "",
        },
    )
    assert response.status_code == 302
    user = demo_user("manager")
    assert (user.name_latin, user.name_local, user.name_reading) == (
        "Misa Takahashi",
        "高橋 美沙",
        "タカハシ ミサ",
    )


def test_a_reading_that_is_not_kana_is_refused(client_as, demo_user):
    response = client_as("manager", "en").post(
        "/profile/",
        {
            "given_name_latin": "Misaki",
            "family_name_reading": "Takahashi",
            "preferred_language": "ja",
            "phone": "",
        },
    )
    assert response.status_code == 200
    assert "family_name_reading" in response.context["form"].errors
    assert demo_user("manager").family_name_reading == "たかはし"


def test_an_import_with_name_part_columns_stores_the_parts(client_as, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kakehashi.accounts.models import PeopleImport

    teacher = client_as("teacher")
    csv = (
        "family_name_latin,given_name_latin,family_name_local,given_name_local,family_name_reading,given_name_reading,"
        "email,organization,role\n"
        "Batbayar,Sukhbat,Батбаяр,Сүхбат,バトバヤル,スフバト,sukhbat@example.mn,must-kosen,student\n"
        ",Anu,,Ану,,,anu@example.mn,must-kosen,student\n"
    )
    response = teacher.post("/people/import/", {"file": SimpleUploadedFile("people.csv", csv.encode())})
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.errors == []
    preview = teacher.get(response.url).content.decode()
    assert (
        '<td>Batbayar / <span lang="mn">Батбаяр</span> <small lang="ja">(バトバヤル)</small></td>' in preview
    )
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(f"/people/import/{batch.pk}/apply/")
    sukhbat = User.objects.get(email="sukhbat@example.mn")
    assert (sukhbat.family_name_local, sukhbat.given_name_local, sukhbat.name_reading) == (
        "Батбаяр",
        "Сүхбат",
        "バトバヤル スフバト",
    )
    assert sukhbat.sort_key_mn == names.sort_key(sukhbat, "mn") != ""
    anu = User.objects.get(email="anu@example.mn")
    assert (anu.family_name_latin, anu.given_name_latin, anu.name_local) == ("", "Anu", "Ану")


def test_an_import_row_with_a_reading_in_latin_letters_is_refused(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kakehashi.accounts.models import PeopleImport

    teacher = client_as("teacher")
    csv = "given_name_latin,family_name_reading,email,organization,role\nAnu,anu,anu@example.mn,must-kosen,student\n"
    teacher.post("/people/import/", {"file": SimpleUploadedFile("people.csv", csv.encode())})
    batch = PeopleImport.objects.get(uploaded_by__email="teacher@demo.kakehashi.example")
    assert batch.errors[0]["messages"] == ["Write the reading in hiragana or katakana."]


def test_an_import_without_any_name_column_names_the_missing_columns(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    teacher = client_as("teacher")
    csv = "email,organization,role\nanu@example.mn,must-kosen,student\n"
    page = teacher.post("/people/import/", {"file": SimpleUploadedFile("p.csv", csv.encode())}, follow=True)
    assert "name_latin / family_name_latin / given_name_latin" in page.content.decode()


def test_the_api_shows_and_changes_the_callers_name_in_parts(client, demo_user):
    from kakehashi.accounts.services import api_token_create

    _token, token = api_token_create(user=demo_user("teacher"), name="t")
    auth = {"Authorization": f"Bearer {token}", "Accept-Language": "mn"}
    me = client.get("/api/v1/me", headers=auth).json()
    assert me["name"]["display"] == me["name_local"] == "Ганболд Батбаяр", (
        "the whole name stays for old clients"
    )
    changed = client.put(
        "/api/v1/me/name",
        {
            "family_latin": "Ganbold",
            "given_latin": "Batbayar",
            "family_local": "Ганболд",
            "given_local": "Батбаяр",
        },
        content_type="application/json",
        headers=auth,
    )
    assert changed.status_code == 200
    assert changed.json()["short"] == "Г. Батбаяр"
    assert demo_user("teacher").name_local == "Ганболд Батбаяр"
    refused = client.put(
        "/api/v1/me/name",
        {"family_local": "Ганболд", "given_reading": "x"},
        content_type="application/json",
        headers=auth,
    )
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["errors"]} == {"given_latin", "given_reading"}
    assert demo_user("teacher").name_local == "Ганболд Батбаяр", "a refused change changes nothing"


def test_the_acceptance_form_offers_the_invited_name_split(
    client, client_as, django_capture_on_commit_callbacks
):
    from django.core import mail

    from kakehashi.accounts.models import Organization
    from kakehashi.accounts.tests.test_invitations import invitation_link

    college = Organization.objects.get(key="must-kosen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as("teacher").post(
            f"/organizations/{college.pk}/members/invite/",
            {
                "email": "bat@example.mn",
                "role": "student",
                "language": "mn",
                "family_name_latin": "Bold",
                "given_name_latin": "Bat",
                "family_name_local": "Болд",
                "given_name_local": "Бат",
            },
        )
    form = client.get(invitation_link(mail.outbox[-1])).context["form"]
    assert (form.initial["family_name_latin"], form.initial["given_name_latin"]) == ("Bold", "Bat")
    assert (form.initial["family_name_local"], form.initial["given_name_local"]) == ("Болд", "Бат")


def test_a_name_in_another_script_than_the_page_is_marked_with_its_language():
    from django.template import Context, Template
    from django.utils import translation

    from kakehashi.accounts.names import NameOnPage

    page = Template("<p>{{ name }}</p>")
    with translation.override("ja"):
        assert (
            page.render(Context({"name": NameOnPage("Батбаяр Сүхбат")}))
            == '<p><span lang="mn">Батбаяр Сүхбат</span></p>'
        )
        assert page.render(Context({"name": NameOnPage("山田 太郎")})) == "<p>山田 太郎</p>"
        assert (
            page.render(Context({"name": NameOnPage("<b>Яма</b>")}))
            == '<p><span lang="mn">&lt;b&gt;Яма&lt;/b&gt;</span></p>'
        )
    with translation.override("mn"):
        assert (
            page.render(Context({"name": NameOnPage("山田 太郎")}))
            == '<p><span lang="ja">山田 太郎</span></p>'
        )
        assert f"{NameOnPage('山田 太郎')}" == "山田 太郎"  # outside HTML: the plain text
        assert type(str(NameOnPage("x"))) is str

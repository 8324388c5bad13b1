"""addresses_by_id gives what reverse() gives, for any id, with the script prefix of the request."""

import pytest
from django.urls import reverse, set_script_prefix

from kakehashi.core.addresses import addresses_by_id


@pytest.mark.parametrize("name", ["operations:case_detail", "accounts:person_detail", "learning:gradebook"])
def test_the_addresses_are_those_reverse_gives(name: str) -> None:
    address_of = addresses_by_id(name)
    for pk in (1, 7, 42, 2147483646, 99):
        assert address_of(pk) == reverse(name, args=[pk])


def test_the_script_prefix_is_kept() -> None:
    set_script_prefix("/kakehashi/")
    try:
        address_of = addresses_by_id("operations:case_detail")
        assert address_of(5) == reverse("operations:case_detail", args=[5])
        assert address_of(5).startswith("/kakehashi/")
    finally:
        set_script_prefix("/")


def test_an_id_is_printed_as_a_number() -> None:
    address_of = addresses_by_id("operations:case_detail")
    with pytest.raises(ValueError, match="invalid literal"):
        address_of("1/../../admin")  # type: ignore[arg-type]

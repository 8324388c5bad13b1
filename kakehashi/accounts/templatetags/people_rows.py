"""The people list's rows, drawn in Python: 25 people a page with their organizations and roles went
through the template language at several times the cost of a string each (issue 18: the rendering was 9 of
a 21 ms page), as the board's rows did (operations/templatetags/operations_board.py)."""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from kakehashi.accounts.models import User
from kakehashi.core.addresses import addresses_by_id

register = template.Library()


@register.simple_tag
def people_rows(people: Iterable[User]) -> SafeString:
    """One row a person: the name linking to the person's page, then each visible membership (accounts.
    selectors.people_visible_to) as "organization: role", one a line. Names go through
    `conditional_escape`, which keeps their `lang` span (names.NameOnPage, translated texts); each role is
    worded once a page."""
    address_of = addresses_by_id("accounts:person_detail")  # User.get_absolute_url, reversed once
    roles: dict[str, str] = {}
    rows = []
    for person in people:
        held = []
        for membership in person.visible_memberships:  # type: ignore[attr-defined]
            if membership.role not in roles:
                roles[membership.role] = conditional_escape(membership.get_role_display())
            held.append(f"{conditional_escape(membership.organization.name)}: {roles[membership.role]}")
        rows.append(
            "<tr>\n"
            f'      <td><a href="{conditional_escape(address_of(person.pk))}">'
            f"{conditional_escape(person.display_name)}</a></td>\n"
            f"      <td>{'<br>'.join(held)}</td>\n"
            "    </tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308  # nosec B308 B703 - every value above is escaped

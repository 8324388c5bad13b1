from datetime import date, datetime, time, timedelta
from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils import formats
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from kakehashi.core import dates, numbers, times
from kakehashi.core.i18n import localized
from kakehashi.core.multilingual import written
from kakehashi.core.multilingual.text import TranslatedText
from kakehashi.core.multilingual.text import language_name as name_of_language
from kakehashi.core.validators import is_web_url

register = template.Library()


@register.filter
def loc(obj: Any, field: str) -> str:
    """{{ course|loc:"title" }}: the field in the viewer's language, else the first one filled in."""
    return localized(obj, field)


@register.filter
def with_lang(text: Any) -> str:
    """{{ course.title|with_lang }}: the text in the reader's language; when it is shown in another language
    (nothing written in the reader's yet), wrapped in <span lang="…"> so screen readers switch voice
    (WCAG 3.1.2). Not for attributes: there use {{ course.title }}."""
    if isinstance(text, TranslatedText) and text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.lang, str(text))
    return conditional_escape(str(text))


@register.filter(name="as_written")
def as_written(text: Any, language: str | None = None) -> SafeString:
    """{{ report.comment|as_written }}, {{ report.body|as_written:report.language }}: free text as its author
    wrote it, in a <span lang="…"> when it is in another language than the page's (read from its script
    unless the writer's language is given); "日本語 / English" pairs get one per half. Not for attributes."""
    return written.as_written(text, language or None)


@register.filter
def lang_attr(text: Any, language: str | None = None) -> SafeString:
    """<p{{ answer.note|lang_attr }}>{{ answer.note|linebreaksbr }}</p>: ` lang="…"` for the element that
    holds a free text in another language than the page's, nothing when it is in the page's."""
    lang = written.written_lang(text, language or None)
    return format_html(' lang="{}"', lang) if lang else SafeString("")


@register.filter
def as_code(values: Any) -> SafeString:
    """{{ assignment.extensions|as_code }}: keys people type as they are (file types, column names), each in
    <code lang="en">, so that a reader of any language sees them as code, not as words of the page."""
    items = [values] if isinstance(values, str) else list(values or [])
    return format_html_join(", ", '<code lang="en">{}</code>', ((item,) for item in items))


@register.filter
def language_name(code: str) -> str:
    """{{ person.preferred_language|language_name }}: the language named in the page's language."""
    return name_of_language(code)


@register.filter
def person_name(text: Any) -> Any:
    """{{ company.contact_name|person_name }}: a name kept as one line of text (a contact person), marked with
    the `lang` of its script when that is not the page's ("山田 太郎" on a Mongolian page), as a user's
    display_name is (accounts.names.NameOnPage). Not for attributes."""
    from kakehashi.accounts.names import NameOnPage

    return NameOnPage(str(text or ""))


@register.inclusion_tag("includes/missing_languages.html")
def missing_languages(*texts: Any) -> dict[str, Any]:
    """For editors: the languages that one or more texts of a record are not written in yet."""
    missing: list[str] = []
    for text in texts:
        if isinstance(text, TranslatedText):
            missing += [code for code in text.missing() if code not in missing]
    names = dict(settings.LANGUAGES)
    # Each language named in itself, marked as such ("日本語" on an English page).
    return {
        "missing": [
            (code, format_html('<span lang="{}">{}</span>', code, names.get(code, code))) for code in missing
        ]
    }


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed: keeps search and filters across pages."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """(code, name) of each language, named in itself (settings.LANGUAGES, not translated)."""
    return list(settings.LANGUAGES)


@register.filter
def duration_words(value: timedelta) -> str:
    """A whole number of days, hours or minutes in words: "1 day", "5 minutes"."""
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


@register.filter
def web_link(url: Any, label: Any = "") -> SafeString:
    """A link to `url` only if it is an http(s) address; anything else (javascript:, data:, stored before
    links were checked) is shown as text, so nobody clicks it. `label` defaults to the address."""
    if url and is_web_url(url):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, label or url)
    return conditional_escape(url or "")


@register.filter
def in_both_zones(value: datetime, zone: str) -> str:
    """{{ slot.starts_at|in_both_zones:home_zone }}: "2026-12-15 10:00 (Ulaanbaatar) / 11:00 (Tokyo)",
    the viewer's side first (kakehashi.core.times.home_zone), both zones named."""
    return times.both_zones(value, zone or times.TOKYO)


@register.filter
def in_zone_of(value: datetime | None, user: Any) -> str:
    """{{ session.starts_at|in_zone_of:request.user }}: the time as that person reads it, their side's zone
    first, both named (kakehashi.core.times.for_recipient), in the page's language."""
    if value is None:
        return ""
    return times.both_zones(value, _viewer_zone(user))


def _viewer_zone(user: Any) -> str:
    return times.home_zone(user) if getattr(user, "is_authenticated", False) else times.TOKYO


@register.filter
def in_my_zone(value: datetime | None, user: Any) -> str:
    """{{ notification.created_at|in_my_zone:request.user }}: the date and time on the viewer's clocks, their
    zone named: "2026 оны 12 сарын 6, 14:00 (Улаанбаатар)", "2026年12月6日 15:00 (東京)"."""
    if value is None:
        return ""
    return times.wall(value, _viewer_zone(user))


@register.filter
def time_in_my_zone(value: datetime | None, user: Any) -> str:
    """{{ checkin.at|time_in_my_zone:request.user }}: the time of day only, "14:00 (Улаанбаатар)"."""
    if value is None:
        return ""
    return times.wall(value, _viewer_zone(user), with_date=False)


@register.filter
def clock(value: datetime | time | None, zone: str) -> str:
    """{{ case.checkin_deadline|clock:"Asia/Tokyo" }}: a time of day on the clocks of `zone`, the zone named
    ("21:00 (Tokyo)"); a datetime is first moved to that zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return times.wall(value, zone, with_date=False)
    return f"{formats.time_format(value, 'TIME_FORMAT')} ({times.zone_label(zone)})"


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """{{ 3578939|number }}: "3,578,939", grouped the page's language's way; {{ x|number:1 }} one decimal."""
    return numbers.format_number(value, decimals=None if decimals in (None, "") else int(decimals))


@register.filter
def yen(value: Any) -> str:
    """{{ 60000000|yen }}: "¥60,000,000" (Japanese pages: "60,000,000円")."""
    return numbers.format_money(value, numbers.JPY)


@register.filter
def tugrik(value: Any) -> str:
    """{{ 1250000|tugrik }}: "₮1,250,000"."""
    return numbers.format_money(value, numbers.MNT)


@register.filter
def money(value: Any, currency: str = numbers.JPY) -> str:
    """{{ amount|money:expense.currency }}: an amount in its currency (JPY or MNT)."""
    return numbers.format_money(value, currency or numbers.JPY)


@register.filter
def written_date(value: date | datetime | None, language: str = "") -> str:
    """{{ day|written_date }}: "2026年12月6日", "2026 оны 12 сарын 6", "6 Dec 2026" (the page's language,
    or the one given)."""
    return dates.written_date(value, language or None)


@register.simple_tag
def date_range(start: date | None, end: date | None, language: str = "") -> str:
    """{% date_range program.starts_on program.ends_on %}: "2024年5月1日～2027年4月30日"."""
    return dates.written_range(start, end, language or None)


@register.filter
def era_date(value: date | datetime | None) -> str:
    """{{ day|era_date }}: the Japanese era form, "令和8年12月6日", for Japanese documents that need it."""
    return dates.era_date(value)


@register.filter
def due_for(value: date | datetime | None, user: Any) -> str:
    """A Today item's deadline as `user` reads it: a date in the page's language, a time in their zone
    first with the other side's beside it, both zones named (kakehashi.core.today.due_text)."""
    from kakehashi.core.today import due_text

    return due_text(value, user)


class ScrollTableNode(template.Node):
    def __init__(self, label: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),  # already escaped: NodeList.render returns a SafeString
        )


@register.tag
def scrolltable(parser: template.base.Parser, token: template.base.Token) -> ScrollTableNode:
    """{% scrolltable _("Budget against actual") %}<table>…</table>{% endscrolltable %}: a table that scrolls
    sideways in its own named, keyboard-reachable box on a phone (its first column stays in view), so the
    page itself never does."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrolltable takes one argument: the region's label")
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(parser.compile_filter(bits[1]), nodelist)

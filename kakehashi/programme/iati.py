"""The program as an IATI 2.03 activity file, built from the platform's data.

Validated against the official 2.03 schema (reference/iati-2.03/, from the pyIATI 0.4.1 package).
"""

from datetime import date
from decimal import Decimal
from functools import cache

from django.db.models import Sum
from django.utils import timezone
from lxml import etree

from kakehashi.accounts.models import Participation, Program
from kakehashi.accounts.roles import OrganizationKind
from kakehashi.core.multilingual.query import translated_order
from kakehashi.core.multilingual.text import TranslatedText
from kakehashi.programme import selectors
from kakehashi.programme.models import Expense, Level, Measure
from kakehashi.programme.reference import IATI_SCHEMA, load

CODES = load("iati_codes")
# IATI organisation type and role by the kind of organization on the platform.
ORG_TYPE: dict[str, str] = {
    OrganizationKind.PROGRAM_OFFICE: "22",
    OrganizationKind.CITY: "11",
    OrganizationKind.JAPANESE_COLLEGE: "80",
    OrganizationKind.PARTNER_COLLEGE: "80",
    OrganizationKind.NGO: "24",
    OrganizationKind.TELECOM: "70",
    OrganizationKind.HOST_COMPANY: "70",
    OrganizationKind.FUNDER: "10",
}
SECTORS = {"11330": 40, "11430": 30, "16020": 30}
RESULT_TYPE: dict[str, str] = {Level.GOAL: "3", Level.PURPOSE: "2", Level.OUTPUT: "1"}
STATUS = {"planned": "1", "active": "2", "closed": "4"}


def _narrative(parent: etree._Element, *texts: tuple[str, str]) -> None:
    for language, text in texts:
        if text:
            element = etree.SubElement(parent, "narrative")
            element.set("{http://www.w3.org/XML/1998/namespace}lang", language)
            element.text = text


def _languages(text: TranslatedText) -> tuple[tuple[str, str], ...]:
    """Every language a text is written in, English (the activity's default language) first."""
    return tuple(sorted(text.items(), key=lambda item: item[0] != "en"))


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})


def _num(value: Decimal | int) -> str:
    return format(Decimal(value).normalize(), "f")


def activity_identifier(program: Program) -> str:
    reporting = (
        program.funder.iati_ref if program.funder and program.funder.iati_ref else CODES["reporting_org_jica"]
    )
    return f"{reporting}-{program.key}"


def build(program: Program) -> bytes:
    root = etree.Element(
        "iati-activities",
        version="2.03",
        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    activity = _sub(
        root,
        "iati-activity",
        last_updated_datetime=timezone.now().replace(microsecond=0).isoformat(),
        default_currency="JPY",
    )
    activity.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    _sub(activity, "iati-identifier").text = activity_identifier(program)
    funder = program.funder
    reporting = _sub(
        activity,
        "reporting-org",
        ref=(funder.iati_ref if funder and funder.iati_ref else CODES["reporting_org_jica"]),
        type="10",
    )
    _narrative(reporting, ("en", funder.name.in_language("en") if funder else "JICA"))
    _narrative(_sub(activity, "title"), *_languages(program.title))
    description = _sub(activity, "description", type="1")
    purpose = program.logframe.filter(level=Level.PURPOSE).first()
    _narrative(description, *_languages(purpose.summary if purpose else program.title))

    participations = (
        Participation.objects.filter(program=program)
        .select_related("organization")
        .order_by("organization__kind", translated_order("organization__name", "en"))
    )
    for participation in participations:
        org = participation.organization
        if org.kind == OrganizationKind.FUNDER:
            role = "1"
        elif org.kind == OrganizationKind.PROGRAM_OFFICE:
            role = "4"
        elif org.kind in (OrganizationKind.CITY,):
            role = "2"
        else:
            role = "4"
        attributes = {"role": role, "type": ORG_TYPE.get(org.kind, "90")}
        if org.iati_ref:
            attributes["ref"] = org.iati_ref
        element = _sub(activity, "participating-org", **attributes)
        _narrative(element, *_languages(org.name))

    _sub(activity, "activity-status", code=STATUS.get(program.status, "2"))
    _sub(activity, "activity-date", iso_date=program.starts_on.isoformat(), type="1")
    if program.starts_on <= timezone.localdate():
        _sub(activity, "activity-date", iso_date=program.starts_on.isoformat(), type="2")
    _sub(activity, "activity-date", iso_date=program.ends_on.isoformat(), type="3")
    _sub(activity, "recipient-country", code=CODES["recipient_country"], percentage="100")
    for code, percentage in SECTORS.items():
        _sub(activity, "sector", vocabulary="1", code=code, percentage=str(percentage))

    table = selectors.budget_table(program)
    for year in table.years:
        start = max(date(year, 4, 1), program.starts_on)
        end = min(date(year + 1, 3, 31), program.ends_on)
        if start > end:
            continue
        budget = _sub(activity, "budget", type="1", status="2")
        _sub(budget, "period-start", iso_date=start.isoformat())
        _sub(budget, "period-end", iso_date=end.isoformat())
        _sub(budget, "value", currency="JPY", value_date=start.isoformat()).text = str(
            table.total.budget.get(year, 0)
        )

    # One transaction per month of approved expenses: what was spent, never to whom.
    months = (
        Expense.objects.filter(program=program, status__in=selectors.SPENT)
        .values("fiscal_year", "spent_on__year", "spent_on__month")
        .annotate(total=Sum("amount_jpy"))
        .order_by("spent_on__year", "spent_on__month")
    )
    for month in months:
        day = date(month["spent_on__year"], month["spent_on__month"], 1)
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code="4")
        _sub(transaction, "transaction-date", iso_date=day.isoformat())
        _sub(transaction, "value", currency="JPY", value_date=day.isoformat()).text = str(month["total"])
        _narrative(_sub(transaction, "description"), ("en", f"Expenditure {day:%Y-%m}"))

    for element in selectors.logframe_of(program):
        if element.level not in RESULT_TYPE:
            continue
        indicators = list(element.indicators.all())
        if not indicators:
            continue
        result = _sub(activity, "result", type=RESULT_TYPE[element.level], aggregation_status="1")
        _narrative(_sub(result, "title"), *_languages(element.summary))
        for indicator in indicators:
            node = _sub(
                result,
                "indicator",
                measure="2" if indicator.measure == Measure.PERCENTAGE else "1",
                ascending="1",
            )
            _narrative(_sub(node, "title"), *_languages(indicator.title))
            if indicator.baseline is not None:
                _sub(
                    node,
                    "baseline",
                    year=str(program.starts_on.year),
                    iso_date=program.starts_on.isoformat(),
                    value=_num(indicator.baseline),
                )
            targets = {t.period_end: t.value for t in indicator.targets.all()}
            values = {v.period_end: v.value for v in indicator.values.all() if v.value is not None}
            start = program.starts_on
            for period_end in sorted(set(targets) | set(values)):
                period = _sub(node, "period")
                _sub(period, "period-start", iso_date=start.isoformat())
                _sub(period, "period-end", iso_date=period_end.isoformat())
                if period_end in targets:
                    _sub(period, "target", value=_num(targets[period_end]))
                if period_end in values:
                    _sub(period, "actual", value=_num(values[period_end]))
                start = period_end
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))


def validate(xml: bytes) -> list[str]:
    """The schema's complaints about the document; empty when it is valid."""
    checker = schema()
    document = etree.fromstring(xml)
    if checker.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in checker.error_log]  # type: ignore[attr-defined]

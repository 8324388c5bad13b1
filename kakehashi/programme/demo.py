"""The demo of program management for "jica-dx-2024": the full logframe, a ¥60M budget over three fiscal
years, expenses up to the day of loading (the last ones waiting for approval), draft reports for the past
quarters, and the indicators' values recorded from the platform's figures at each fiscal year's end and at
the end of the last quarter, so that the dashboard shows what the reports compute. Keyed, so loading twice
changes nothing."""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.programme.models import (
    BudgetLine,
    Currency,
    Expense,
    ExpenseStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Level,
    LogframeElement,
    Measure,
    MeetingRecord,
    Report,
    ReportKind,
    fiscal_year_of,
)
from kakehashi.programme.periods import quarter_of, quarters_between
from kakehashi.programme.reference import load as load_reference

PROGRAM_KEY = "jica-dx-2024"
# ¥60M over fiscal years 2024-2026 by JICA category (FY2027 is the final month, April 2027: no budget).
BUDGET = {
    "direct_personnel": (5_400_000, 7_200_000, 6_800_000),
    "indirect": (1_200_000, 1_500_000, 1_300_000),
    "overseas_airfare": (1_400_000, 2_000_000, 1_800_000),
    "overseas_per_diem": (900_000, 1_300_000, 1_200_000),
    "overseas_activity": (1_100_000, 1_500_000, 1_400_000),
    "infrastructure": (2_500_000, 1_500_000, 500_000),
    "equipment": (2_000_000, 1_500_000, 500_000),
    "training_in_japan_hosting": (2_200_000, 3_300_000, 3_300_000),
    "training_in_japan_operation": (2_000_000, 2_500_000, 2_200_000),
}
# Payees: organizations, and a few people (shown to the program office only).
PAYEES = {
    "direct_personnel": [("長岡産業活性化協会 人件費", False)],
    "indirect": [("長岡産業活性化協会", False)],
    "overseas_airfare": [("MIAT Mongolian Airlines", False), ("Japan Airlines", False)],
    "overseas_per_diem": [("Batbayar Ganbold", True), ("Koji Yamamoto", True)],
    "overseas_activity": [("Mobicom Corporation LLC", False), ("Sarangerel Dorj", True)],
    "infrastructure": [("KDDI Corporation", False)],
    "equipment": [("Yukiguni IT Solutions Inc.", False)],
    "training_in_japan_hosting": [("Hotel New Otani Nagaoka", False), ("Nomin-Erdene Baatar", True)],
    "training_in_japan_operation": [("長岡工業高等専門学校", False)],
}
MNT_CATEGORIES = {"overseas_per_diem", "overseas_activity"}
MNT_RATE = Decimal("0.044")  # JPY per tögrög
ACTIVITY_PLAN = {
    "1-1": ((2024, 5, 1), (2025, 3, 31)),
    "1-2": ((2024, 9, 1), (2026, 12, 31)),
    "1-3": ((2025, 4, 1), (2027, 3, 31)),
    "2-1": ((2024, 7, 1), (2026, 12, 31)),
    "2-2": ((2024, 5, 1), (2026, 10, 31)),
    "2-3": ((2024, 10, 1), (2025, 9, 30)),
    "3-1": ((2024, 10, 1), (2026, 11, 30)),
    "3-2": ((2025, 1, 1), (2027, 1, 31)),
    "3-3": ((2025, 2, 15), (2027, 3, 15)),
    "3-4": ((2025, 4, 1), (2027, 4, 30)),
}
TARGETS = {  # by the indicator's platform figure: target at the end of each fiscal year
    "internships.interns": (8, 10, 12),
    "internships.host_companies": (8, 10, 12),
    "internships.applicants_per_round": (70, 80, 90),
    "learning.courses_published": (3, 6, 8),
    "companies.ready": (8, 15, 20),
    "careers.offer_rate": (30, 50, 60),
    "careers.hired": (1, 6, 12),
}


def _date(parts: tuple[int, int, int]) -> date:
    return date(*parts)


def last_quarter_end(today: date) -> date:
    """The end of the last quarter finished before `today`."""
    return quarter_of(today)[0] - timedelta(days=1)


def _texts(entry: dict[str, Any]) -> dict[str, str]:
    """{language: text} of one entry of the logframe file (written in ja, mn and en)."""
    return {code: str(entry[code]) for code in ("ja", "mn", "en") if entry.get(code)}


def load_logframe(program: Program, today: date) -> None:
    frame = load_reference("logframe")
    order = 0

    def element(
        level: str, key: str, summary: dict[str, str], parent: LogframeElement | None = None, **extra: object
    ) -> LogframeElement:
        nonlocal order
        order += 1
        obj, _created = LogframeElement.objects.update_or_create(
            program=program,
            level=level,
            key=key,
            defaults={"summary": summary, "parent": parent, "order": order, **extra},
        )
        return obj

    def indicators(owner: LogframeElement, entries: list[dict[str, Any]]) -> None:
        for position, entry in enumerate(entries):
            source = str(entry.get("source", ""))
            # By the platform figure it reads (each names one): a reworded title updates the same indicator.
            indicator, _created = Indicator.objects.update_or_create(
                element=owner,
                source=source,
                defaults={
                    "title": _texts(entry),
                    "measure": Measure.PERCENTAGE if entry.get("measure") == "percentage" else Measure.UNIT,
                    # As stored (two decimals), so that loading again records no change in the audit log.
                    "baseline": None
                    if entry.get("baseline") is None
                    else Decimal(str(entry["baseline"])).quantize(Decimal("0.01")),
                    "means_of_verification": "Kakehashi platform records"
                    if source
                    else "Program office records",
                    "order": position,
                },
            )
            for year, value in zip((2024, 2025, 2026), TARGETS.get(source, ()), strict=False):
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator, period_end=date(year + 1, 3, 31), defaults={"value": value}
                )

    goal_entry, purpose_entry = frame["overall_goal"], frame["project_purpose"]
    goal = element(Level.GOAL, "G", _texts(goal_entry), assumptions=_texts(goal_entry["assumptions"]))
    indicators(goal, goal_entry["indicators"])
    purpose = element(
        Level.PURPOSE,
        "P",
        _texts(purpose_entry),
        parent=goal,
        assumptions=_texts(purpose_entry["assumptions"]),
    )
    indicators(purpose, purpose_entry["indicators"])
    for output in frame["outputs"]:
        out = element(
            Level.OUTPUT,
            output["key"],
            _texts(output),
            parent=purpose,
            assumptions=_texts(frame["output_assumptions"]),
        )
        indicators(out, output["indicators"])
        for activity in output["activities"]:
            key = str(activity["key"])
            start, end = ACTIVITY_PLAN.get(key, ((2024, 5, 1), (2027, 4, 30)))
            planned_start, planned_end = _date(start), _date(end)
            actual_start = planned_start + timedelta(days=14) if planned_start <= today else None
            actual_end = planned_end + timedelta(days=10) if planned_end <= today else None
            element(
                Level.ACTIVITY,
                key,
                _texts(activity),
                parent=out,
                planned_start=planned_start,
                planned_end=planned_end,
                actual_start=actual_start,
                actual_end=actual_end,
            )


def load_indicator_values(program: Program, today: date) -> None:
    """The platform's figures recorded at each fiscal year's end so far and at the last quarter's end, as
    building a report records them: the dashboard and the reports show the same values."""
    from kakehashi.programme.services import snapshot_program

    last = last_quarter_end(today)
    ends = {date(year, 3, 31) for year in range(program.starts_on.year + 1, last.year + 1)} | {last}
    recorded = set(
        IndicatorValue.objects.filter(indicator__element__program=program).values_list(
            "period_end", flat=True
        )
    )
    for period_end in sorted(end for end in ends if program.starts_on < end <= last):
        if period_end not in recorded:  # recorded once: loading again changes nothing
            snapshot_program(program, period_end)


def load_budget(program: Program) -> None:
    for category, amounts in BUDGET.items():
        for year, amount in zip((2024, 2025, 2026), amounts, strict=True):
            BudgetLine.objects.update_or_create(
                program=program, fiscal_year=year, category=category, defaults={"amount_jpy": amount}
            )


def generated_expenses(program: Program, until: date, seed: int = 2024) -> list[Expense]:
    """Two to four expenses a month in each category, about 85% of the budget's pace; deterministic."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    expenses: list[Expense] = []
    month = program.starts_on.replace(day=1)
    while month <= until:
        year = fiscal_year_of(month)
        for category, amounts in BUDGET.items():
            if year - 2024 >= len(amounts):
                continue
            monthly = amounts[year - 2024] / 12 * 0.85
            for number in range(rng.randint(2, 4) if monthly else 0):
                payee, is_person = rng.choice(PAYEES[category])
                jpy = Decimal(round(monthly / 3 * rng.uniform(0.6, 1.4)))
                currency = Currency.MNT if category in MNT_CATEGORIES and rng.random() < 0.5 else Currency.JPY
                amount = (jpy / MNT_RATE).quantize(Decimal(1)) if currency == Currency.MNT else jpy
                rate = MNT_RATE if currency == Currency.MNT else Decimal(1)
                spent_on = month + timedelta(days=rng.randint(0, 27))
                if spent_on > until:
                    continue
                expenses.append(
                    Expense(
                        program=program,
                        spent_on=spent_on,
                        fiscal_year=fiscal_year_of(spent_on),
                        category=category,
                        description=f"{category.replace('_', ' ').capitalize()} {spent_on:%Y-%m} #{number + 1}",
                        payee=payee,
                        payee_is_person=is_person,
                        amount=amount,
                        currency=currency,
                        rate=rate,
                        amount_jpy=int((amount * rate).quantize(Decimal(1))),
                        status=ExpenseStatus.SETTLED
                        if spent_on < until - timedelta(days=60)
                        else ExpenseStatus.APPROVED,
                    )
                )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return expenses


def load_expenses(program: Program) -> None:
    if Expense.objects.filter(program=program).exists():
        return  # generated once; people's own entries are never replaced
    accountant = User.objects.filter(email=demo_email("accountant")).first()
    today = timezone.localdate()
    expenses = generated_expenses(program, today)
    # The three latest, of the past fortnight, are entered and wait for approval.
    waiting = {
        id(e)
        for e in sorted(expenses, key=lambda e: e.spent_on)[-3:]
        if e.spent_on >= today - timedelta(days=14)
    }
    for expense in expenses:
        expense.entered_by = accountant
        if id(expense) in waiting:
            expense.status = ExpenseStatus.ENTERED
        else:
            expense.approved_by = accountant
    Expense.objects.bulk_create(expenses)
    from kakehashi.programme.selectors import spending_changed

    spending_changed()  # a bulk insert sends no signal


def load_reports(program: Program, today: date) -> None:
    for start, end in quarters_between(program.starts_on, min(last_quarter_end(today), program.ends_on)):
        Report.objects.get_or_create(
            program=program,
            kind=ReportKind.QUARTERLY_EXPENDITURE,
            period_end=end,
            defaults={
                "period_start": start,
                "summary": "本四半期は計画どおり活動を実施した。",
                "progress_notes": "カリキュラム開発、受入企業の準備支援、インターンシップの募集を進めた。",
                "issues": "為替変動（MNT/JPY）に留意し、現地活動費を管理する。",
                "next_steps": "次四半期も計画に沿って活動を継続する。",
            },
        )


MEETINGS = [
    (
        date(2024, 5, 20),
        "事業開始にあたっての打合せ",
        "JICA東京センター",
        ["jica", "naze", "nagaoka-city"],
        "Misaki Takahashi (NAZE), Keiko Inoue (JICA), Yuki Kobayashi (Nagaoka City)",
        "事業計画（PDM）、予算執行計画、報告の様式と時期",
        "PDMの指標と目標値を確認した。四半期ごとに支出状況報告書を提出する。",
        "NAZEは第1四半期の支出状況報告書を7月末までに提出する。",
    ),
    (
        date(2025, 4, 15),
        "2025年度計画と費目間流用の確認",
        "オンライン",
        ["jica", "naze"],
        "Misaki Takahashi (NAZE), Naoki Watanabe (NAZE), Keiko Inoue (JICA)",
        "2024年度実績、2025年度計画、基盤整備費の執行",
        "基盤整備費の一部を2025年度に繰り越すことを確認した。",
        "費目間流用の届出を5月中に提出する。",
    ),
]


def load_meetings(program: Program) -> None:
    for held_on, title, place, organizations, attendees, agenda, decisions, follow_up in MEETINGS:
        record, _created = MeetingRecord.objects.update_or_create(
            program=program,
            held_on=held_on,
            title=title,
            defaults={
                "place": place,
                "attendees": attendees,
                "agenda": agenda,
                "decisions": decisions,
                "follow_up": follow_up,
            },
        )
        record.organizations.set(Organization.objects.filter(key__in=organizations))


@transaction.atomic
def load() -> None:
    program = Program.objects.filter(key=PROGRAM_KEY).first()
    if program is None:
        return
    today = timezone.localdate()
    load_logframe(program, today)
    load_budget(program)
    load_expenses(program)
    load_reports(program, today)
    load_meetings(program)
    load_indicator_values(program, today)

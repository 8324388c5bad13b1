"""What each kind of report to JICA contains, in order: the sections the grassroots technical cooperation
guidelines ask of it, each filled from the platform's figures or from the narrative the office writes.

A section is a template in templates/programme/pdf/sections/<key>.html; its heading is the Japanese text
below (the reports are filed in Japanese, whatever the reader's language). A narrative section names the
Report field it prints; the report's edit form asks only for the narratives its kind prints.
"""

from dataclasses import dataclass

from kakehashi.programme.models import Report, ReportKind


@dataclass(frozen=True)
class Section:
    key: str
    heading_ja: str
    narrative: str = ""  # the Report field printed in this section, if any


LAYOUTS: dict[str, tuple[Section, ...]] = {
    ReportKind.MONTHLY: (
        Section("narrative", "当月の活動概要", "summary"),
        Section("activities_in_period", "活動の進捗", "progress_notes"),
        Section("period_spending", "当月の支出"),
        Section("narrative", "課題と対応", "issues"),
        Section("narrative", "翌月の予定", "next_steps"),
    ),
    ReportKind.QUARTERLY_WORK: (
        Section("narrative", "当四半期の概要", "summary"),
        Section("activities", "活動の進捗", "progress_notes"),
        Section("indicators", "成果指標の達成状況"),
        Section("narrative", "課題と対応", "issues"),
        Section("narrative", "次四半期の予定", "next_steps"),
    ),
    ReportKind.QUARTERLY_EXPENDITURE: (
        Section("period_budget", "当四半期の費目別支出"),
        Section("budget", "累計の執行状況（年度別）"),
        Section("narrative", "特記事項", "issues"),
    ),
    ReportKind.COMPLETION: (
        Section("narrative", "事業の概要", "summary"),
        Section("indicators_goal", "上位目標・プロジェクト目標の達成状況"),
        Section("indicators_outputs", "成果の達成状況"),
        Section("activities", "活動実績", "progress_notes"),
        Section("budget", "投入実績（経費）"),
        Section("narrative", "課題と教訓", "issues"),
        Section("narrative", "事業終了後の展開", "next_steps"),
    ),
    ReportKind.EXPENSE_SETTLEMENT: (
        Section("settlement", "費目別精算"),
        Section("expense_lines", "支出明細"),
        Section("narrative", "特記事項", "issues"),
    ),
}


@dataclass(frozen=True)
class FilledSection:
    key: str
    heading_ja: str
    narrative: str  # the field's name, or "" for a section of figures only
    text: str  # what the office wrote in that field


def sections_of(report: Report) -> tuple[FilledSection, ...]:
    """The report's sections in order, each with the narrative the office wrote for it."""
    return tuple(
        FilledSection(s.key, s.heading_ja, s.narrative, getattr(report, s.narrative) if s.narrative else "")
        for s in LAYOUTS[report.kind]
    )


def narratives_of(kind: str) -> list[str]:
    """The Report fields this kind prints, in the order they appear."""
    return [section.narrative for section in LAYOUTS[kind] if section.narrative]

"""What companies' readiness and network support ask of each person today (kakehashi.core.today): a
company's readiness answers returned to it and required items not yet answered; the answers waiting for
the city's or the office's verification; the telecom engineer's open support requests."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from kakehashi.companies import rules, selectors
from kakehashi.companies.models import AnswerStatus, ReadinessAnswer, ReadinessItem, SupportStatus
from kakehashi.core.permissions import Viewer
from kakehashi.core.today import INFO, NOW, SOON, TodayItem

AREA = "companies"
OPEN_REQUESTS = (SupportStatus.OPEN, SupportStatus.IN_PROGRESS)


def items(viewer: Viewer) -> list[TodayItem]:
    if viewer.program is None:
        return []
    found: list[TodayItem] = []
    answering = [org for org in selectors.my_company_ids(viewer) if rules.can_answer_readiness(viewer, org)]
    if answering and not viewer.is_platform_admin:
        found += _company(answering)
    if rules.can_verify_readiness(viewer):
        waiting = selectors.answers_to_verify(viewer).aggregate(n=Count("pk"), first=Min("updated_at"))
        if waiting["n"]:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d readiness answer waits for your verification.",
                        "%(count)d readiness answers wait for your verification.",
                        waiting["n"],
                    )
                    % {"count": waiting["n"]},
                    reverse("companies:verify_queue"),
                    count=waiting["n"],
                    urgency=SOON,
                )
            )
    if rules.telecom_organization_ids(viewer):
        found += _telecom(viewer)
    return found


def _company(organization_ids: list[int]) -> list[TodayItem]:
    required = ReadinessItem.objects.filter(is_active=True, required=True).count()
    rows = {
        row["organization_id"]: row
        for row in ReadinessAnswer.objects.filter(organization_id__in=organization_ids, item__is_active=True)
        .values("organization_id")
        .annotate(
            returned=Count("pk", filter=Q(status=AnswerStatus.RETURNED)),
            answered_required=Count("pk", filter=Q(item__required=True)),
        )
        .order_by()
    }
    found = []
    for org in organization_ids:
        row = rows.get(org, {"returned": 0, "answered_required": 0})
        url = reverse("companies:readiness", args=[org])
        if row["returned"]:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d readiness answer was returned to you: correct it.",
                        "%(count)d readiness answers were returned to you: correct them.",
                        row["returned"],
                    )
                    % {"count": row["returned"]},
                    url,
                    count=row["returned"],
                    urgency=NOW,
                )
            )
        missing = max(required - row["answered_required"], 0)
        if missing:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d required readiness item still to answer.",
                        "%(count)d required readiness items still to answer.",
                        missing,
                    )
                    % {"count": missing},
                    url,
                    count=missing,
                    urgency=INFO,
                )
            )
    return found


def _telecom(viewer: Viewer) -> list[TodayItem]:
    figures = (
        selectors.support_requests(viewer)
        .filter(telecom_id__in=rules.telecom_organization_ids(viewer), status__in=OPEN_REQUESTS)
        .aggregate(
            open=Count("pk", filter=Q(status=SupportStatus.OPEN)),
            in_progress=Count("pk", filter=Q(status=SupportStatus.IN_PROGRESS)),
        )
    )
    found = []
    if figures["open"]:
        found.append(
            TodayItem(
                "support",
                ngettext(
                    "%(count)d new network support request.",
                    "%(count)d new network support requests.",
                    figures["open"],
                )
                % {"count": figures["open"]},
                reverse("companies:support_list") + "?status=open",
                count=figures["open"],
                urgency=NOW,
            )
        )
    if figures["in_progress"]:
        found.append(
            TodayItem(
                "support",
                ngettext(
                    "%(count)d network support request in progress.",
                    "%(count)d network support requests in progress.",
                    figures["in_progress"],
                )
                % {"count": figures["in_progress"]},
                reverse("companies:support_list") + "?status=in_progress",
                count=figures["in_progress"],
                urgency=INFO,
            )
        )
    return found

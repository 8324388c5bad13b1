"""Reads of applications: the submitted applications the viewer screens (all, a college's, or a
company's confirmed nominees), one application by id, the student's own application in a round, and an
applicant's skill profile from the learning app."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.core import cached_figures
from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import Application, Choice, Nomination, Round, applications_by_name


def applications_visible_to(
    viewer: Viewer, round_: Round, *, search: str = "", college_id: int | None = None, nomination: str = ""
) -> QuerySet[Application]:
    """Submitted applications the viewer screens: the office and the NGO see all, a teacher their college,
    a company the confirmed nominees who ranked one of its places."""
    apps = Application.objects.filter(round=round_, submitted_at__isnull=False).select_related("college")
    if rules.sees_all_applicants(viewer) and rules.can_see_round(viewer, round_):
        pass
    elif rules.college_ids(viewer):
        apps = apps.filter(college_id__in=rules.college_ids(viewer))
    elif rules.company_ids(viewer):
        apps = apps.filter(
            nomination=Nomination.NOMINATED,
            confirmed_at__isnull=False,
            pk__in=Choice.objects.filter(
                place__company_id__in=rules.company_ids(viewer), place__round=round_
            ).values("application_id"),
        )
    else:
        return Application.objects.none()
    if search:
        apps = apps.filter(
            Q(name_latin__icontains=search) | Q(name_cyrillic__icontains=search) | Q(skills__icontains=search)
        )
    if college_id:
        apps = apps.filter(college_id=college_id)
    if nomination:
        apps = apps.filter(nomination=nomination)
    # In the order the page's language sorts names (family name first, docs/names.md), by the name the
    # student wrote on the application (its own sort key; index internships_app_sort_<language>).
    return apps.order_by(*applications_by_name())


APPLICANTS = "applicants"  # the cached_figures kind of the applicant counts


def applicants_changed(**_kwargs: object) -> None:
    """Forget the cached applicant counts (a signal receiver for applications, choices and places, and
    called by the writes that send no signal: the demo's bulk inserts)."""
    cached_figures.changed(APPLICANTS)


def applicants_count(
    viewer: Viewer,
    round_: Round,
    applications: QuerySet[Application],
    *,
    search: str = "",
    nomination: str = "",
) -> int:
    """The number of `applications` (applications_visible_to with these filters) for the pager: cached by
    what decides the visible set (the viewer's reach, the round, the filter) until an application, a choice
    or a place changes; counting 100,000 applications was most of the page. A search is counted each time."""
    if search:
        return applications.count()
    reach = (
        rules.sees_all_applicants(viewer) and rules.can_see_round(viewer, round_),
        tuple(sorted(rules.college_ids(viewer))),
        tuple(sorted(rules.company_ids(viewer))),
    )
    return cached_figures.figure(APPLICANTS, (round_.pk, nomination, reach), applications.count)


def can_list_applicants(viewer: Viewer) -> bool:
    return rules.sees_all_applicants(viewer) or bool(rules.college_ids(viewer) or rules.company_ids(viewer))


def application_for(viewer: Viewer, application_id: int) -> Application:
    application = (
        Application.objects.select_related("round", "college", "student").filter(pk=application_id).first()
    )
    if application is None or not rules.can_see_round(viewer, application.round):
        raise Http404
    if application.student_id == viewer.user.pk:
        return application
    if not applications_visible_to(viewer, application.round).filter(pk=application.pk).exists():
        raise Http404
    return application


def my_application(viewer: Viewer, round_: Round) -> Application | None:
    return Application.objects.filter(round=round_, student=viewer.user).select_related("college").first()


def skill_profile(application: Application) -> Any:
    """The learning app's skill profile of the applicant (the caller checked the viewer may see it)."""
    from kakehashi.learning.selectors import skill_profile as learning_skill_profile

    return learning_skill_profile(application.student)

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import Viewer
from kakehashi.learning import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if rules.can_see_catalogue(viewer):
        items.append((reverse("learning:course_list"), str(_("Courses"))))
    if rules.can_study(viewer):
        items.append((reverse("learning:dashboard"), str(_("My learning"))))
    if rules.can_see_cohorts(viewer):
        # A cohort's page leads to its classes and its gradebook.
        items.append((reverse("learning:cohort_list"), str(_("Cohorts"))))
    if rules.can_grade(viewer):
        items.append((reverse("learning:grading_list"), str(_("Grading"))))
    return items

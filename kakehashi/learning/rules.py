"""Who may do what in the curriculum. Services and selectors call these; views never test roles.

Policy (also in docs/learning.md and in tests/matrix.py):
- Course authors and instructors (NIT Nagaoka) write courses and see every cohort, gradebook and submission.
- The program office reads everything (and edits the skill taxonomy); it does not write courses.
- Partner teachers see the cohorts they teach (another cohort: 404), the courses of those cohorts and
  the teacher track (teaching guides, answer keys, class plans), and grade their cohorts' work. In the
  students page and the gradebook of a cohort they teach they see the learners of their own college only.
- Students see the published student-track courses of their cohorts; teacher-only material answers 404.
- Cohorts (college, intake, courses, members) are managed by the program manager and the instructors of
  NIT Nagaoka. A cohort's class sessions are scheduled by them and by the cohort's own partner teachers.
- Everyone else (city, safety officer, NGO, telecom, company roles, the funder) sees the course catalogue:
  titles only. Learner data and course content answer 403.
"""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer

WRITER_ROLES = frozenset({Role.INSTRUCTOR, Role.COURSE_AUTHOR})


def can_write_courses(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(*WRITER_ROLES)


def is_staff(viewer: Viewer) -> bool:
    """Sees every course, cohort and learner of the program."""
    return can_write_courses(viewer) or viewer.is_program_office


def is_teacher(viewer: Viewer) -> bool:
    return viewer.has_role(Role.PARTNER_TEACHER)


def is_learner(viewer: Viewer) -> bool:
    return viewer.has_role(Role.STUDENT)


def can_study(viewer: Viewer) -> bool:
    """May open course content at all (which courses: selectors decide)."""
    return is_staff(viewer) or is_teacher(viewer) or is_learner(viewer)


def can_see_teacher_material(viewer: Viewer) -> bool:
    return is_staff(viewer) or is_teacher(viewer)


def can_see_cohorts(viewer: Viewer) -> bool:
    return is_staff(viewer) or is_teacher(viewer) or is_learner(viewer)


def can_grade(viewer: Viewer) -> bool:
    return can_write_courses(viewer) or is_teacher(viewer)


def can_edit_skills(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_see_catalogue(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or bool(viewer.roles)


# The program manager runs the program; the Nagaoka instructors teach every cohort. The accountant and
# course authors read cohorts but do not change who is in them.
COHORT_MANAGER_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.INSTRUCTOR})


def can_manage_cohorts(viewer: Viewer) -> bool:
    """Create and edit cohorts, add and remove their learners and teachers."""
    return viewer.is_platform_admin or viewer.has_role(*COHORT_MANAGER_ROLES)


def can_schedule_classes(viewer: Viewer, *, teaches_cohort: bool) -> bool:
    """Create, edit and cancel a cohort's class sessions: cohort managers, and the cohort's partner teachers."""
    return can_manage_cohorts(viewer) or (is_teacher(viewer) and teaches_cohort)


def can_follow_learners(viewer: Viewer, *, teaches_cohort: bool) -> bool:
    """See a cohort's learners' progress and grades (the students page and the gradebook): staff, and the
    partner teachers who teach the cohort."""
    return is_staff(viewer) or (is_teacher(viewer) and teaches_cohort)


def learner_college_ids(viewer: Viewer) -> frozenset[int] | None:
    """The colleges whose learners the viewer follows in a cohort; None means every college (staff).

    A partner teacher sees only the learners of her own college, also in a cohort that mixes colleges."""
    if is_staff(viewer):
        return None
    return frozenset(org for org, role in viewer.roles if role == Role.PARTNER_TEACHER)


def can_follow_some_learners(viewer: Viewer) -> bool:
    """Open the students page at all (which cohorts and learners: the selectors decide)."""
    return is_staff(viewer) or is_teacher(viewer)

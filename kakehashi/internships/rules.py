"""Who may do what in an internship round. Services and selectors call these; views never test roles."""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import Application, InterviewSlot, Phase, Place, PlaceStatus, Round


def _in_program(viewer: Viewer, round_: Round) -> bool:
    return viewer.is_platform_admin or (viewer.program is not None and viewer.program.pk == round_.program_id)


def can_see_round(viewer: Viewer, round_: Round) -> bool:
    return _in_program(viewer, round_)


def can_manage_rounds(viewer: Viewer) -> bool:
    """The program office opens, moves and closes phases and runs the matching."""
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_manage_round(viewer: Viewer, round_: Round) -> bool:
    return _in_program(viewer, round_) and can_manage_rounds(viewer)


def company_ids(viewer: Viewer) -> frozenset[int]:
    """The host companies the viewer administers."""
    return frozenset(org for org, role in viewer.roles if role == Role.COMPANY_ADMIN)


def college_ids(viewer: Viewer) -> frozenset[int]:
    """The partner colleges whose applicants the viewer screens."""
    return frozenset(org for org, role in viewer.roles if role == Role.PARTNER_TEACHER)


def student_college_ids(viewer: Viewer) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role == Role.STUDENT)


def sees_all_applicants(viewer: Viewer) -> bool:
    return viewer.is_program_office or viewer.has_role(Role.NGO_COORDINATOR)


def can_write_place(viewer: Viewer, round_: Round, company_id: int) -> bool:
    return _in_program(viewer, round_) and company_id in company_ids(viewer) and round_.is_in(Phase.PLACES)


def can_edit_place(viewer: Viewer, place: Place) -> bool:
    return (
        can_write_place(viewer, place.round, place.company_id) and place.status != PlaceStatus.APPROVED
    ) or can_manage_round(viewer, place.round)


def can_review_place(viewer: Viewer, place: Place) -> bool:
    return can_manage_round(viewer, place.round)


def can_apply(viewer: Viewer, round_: Round) -> bool:
    return _in_program(viewer, round_) and bool(student_college_ids(viewer))


def can_change_application(viewer: Viewer, application: Application) -> bool:
    """The student's own application, while applications are open."""
    return application.student_id == viewer.user.pk and application.round.is_in(Phase.APPLICATIONS)


def can_nominate(viewer: Viewer, application: Application) -> bool:
    return (
        application.college_id in college_ids(viewer)
        and application.is_submitted
        and application.round.is_in(Phase.SCREENING)
    )


def can_confirm(viewer: Viewer, application: Application) -> bool:
    return (
        (viewer.has_role(Role.NGO_COORDINATOR) or viewer.is_platform_admin)
        and application.nomination != "pending"
        and application.round.is_in(Phase.SCREENING)
    )


def can_rank_applicants(viewer: Viewer, place: Place) -> bool:
    return place.company_id in company_ids(viewer) and place.round.is_in(Phase.INTERVIEWS, Phase.RANKINGS)


def can_run_matching(viewer: Viewer, round_: Round) -> bool:
    return can_manage_round(viewer, round_) and round_.is_in(Phase.MATCHING, Phase.SECOND_RUN)


def can_export(viewer: Viewer, round_: Round) -> bool:
    return _in_program(viewer, round_) and viewer.is_program_office


def can_offer_interviews(viewer: Viewer, place: Place) -> bool:
    return place.company_id in company_ids(viewer) and place.round.is_in(Phase.SCREENING, Phase.INTERVIEWS)


def can_book_interview(viewer: Viewer, application: Application) -> bool:
    return (
        application.student_id == viewer.user.pk
        and application.is_confirmed
        and application.round.is_in(Phase.INTERVIEWS)
    )


def can_arrange_interpreters(viewer: Viewer, round_: Round) -> bool:
    """The NGO coordinator and the program office find interpreters for the interviews that asked for one."""
    return _in_program(viewer, round_) and (viewer.is_program_office or viewer.has_role(Role.NGO_COORDINATOR))


def can_submit_japanese(viewer: Viewer) -> bool:
    """A student of a partner college records their JLPT or NAT-TEST result."""
    return bool(student_college_ids(viewer))


def can_verify_japanese(viewer: Viewer) -> bool:
    """The program office checks each certificate against the result before screening uses the level."""
    return can_manage_rounds(viewer)


def sees_places_of_every_status(viewer: Viewer, round_: Round) -> bool:
    """Places waiting for review, returned or withdrawn: the office's and their companies' to see. Everyone
    else sees approved places only, so a status filter means nothing to them."""
    return can_manage_round(viewer, round_) or bool(company_ids(viewer))


def can_move_interview(viewer: Viewer, slot: InterviewSlot) -> bool:
    """The place's company and the program manager move or cancel a booked interview; a student asks them."""
    return slot.place.company_id in company_ids(viewer) or can_manage_round(viewer, slot.place.round)


def can_score_interview(viewer: Viewer, slot: InterviewSlot) -> bool:
    """The people of the place's company write their scorecards of its interviews."""
    return slot.place.company_id in company_ids(viewer)

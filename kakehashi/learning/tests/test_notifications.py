"""The learning app tells people through the one door (kakehashi.notifications): a class tomorrow (the
day before, as each person's clock reads it, the zone named), a grade released, an assignment due within a
day to those who have not handed it in; each once, the delivery log remembering whom it told."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from kakehashi.accounts.models import Program, User
from kakehashi.core.permissions import build_viewer
from kakehashi.core.scheduling import registered_jobs
from kakehashi.learning import services
from kakehashi.learning.models import Assignment, ClassSession, Cohort, CohortMember, CohortRole
from kakehashi.learning.tests.helpers import course
from kakehashi.notifications.models import Delivery, Notification
from kakehashi.notifications.services import zones_of

pytestmark = pytest.mark.django_db
Demo = Callable[[str], User]


def _people(demo_user: Demo, *keys: str) -> list[User]:
    User.objects.filter(email__in=[demo_user(k).email for k in keys]).update(preferred_language="en")
    return [demo_user(k) for k in keys]


def _cohort(learners: list[User], teachers: list[User]) -> Cohort:
    cohort = Cohort.objects.create(
        program=Program.objects.get(key="jica-dx-2024"),
        key="notified",
        college=learners[0].memberships.first().organization,  # type: ignore[union-attr]
        intake="2030",
        title={"en": "Notified cohort"},
    )
    cohort.courses.set([course()])
    CohortMember.objects.bulk_create(
        [CohortMember(cohort=cohort, user=u, role=CohortRole.LEARNER) for u in learners]
        + [CohortMember(cohort=cohort, user=u, role=CohortRole.TEACHER) for u in teachers]
    )
    return cohort


def told(event: str) -> dict[int, str]:
    return dict(Notification.objects.filter(event=event).values_list("user_id", "text"))


def test_a_class_is_told_the_day_before_as_each_persons_clock_reads_it(demo_user: Demo) -> None:
    student, instructor = _people(demo_user, "student", "instructor")
    assert zones_of([student, instructor]) == {student.pk: "Asia/Ulaanbaatar", instructor.pk: "Asia/Tokyo"}
    cohort = _cohort([student], [instructor])
    # 11 March 2030, 00:30 in Nagaoka = 10 March, 23:30 in Ulaanbaatar.
    starts = datetime(2030, 3, 10, 15, 30, tzinfo=UTC)
    ClassSession.objects.create(
        cohort=cohort,
        title={"en": "Late lecture", "ja": "夜の講義", "mn": "Оройн лекц"},
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="online",
        time_zone="Asia/Tokyo",
        meeting_url="https://meet.example.org/late",
    )
    # 9 March, 09:30 in Nagaoka, 08:30 in Ulaanbaatar: tomorrow for the student only.
    first = datetime(2030, 3, 9, 0, 30, tzinfo=UTC)
    assert services.class_reminders(now=first) == 1
    texts = told("learning.class_tomorrow")
    assert list(texts) == [student.pk]
    assert "Late lecture" in texts[student.pk]
    assert "https://meet.example.org/late" in texts[student.pk]
    # The student's own zone first, named; Nagaoka's time (the next day) beside it.
    own, other = texts[student.pk].split(" / ")
    assert "23:30 (Ulaanbaatar)" in own
    assert "00:30 (Tokyo)" in other
    assert services.class_reminders(now=first + timedelta(hours=1)) == 0  # run again: nobody twice
    # A day later: tomorrow for the instructor (in Nagaoka); the student is not told again.
    assert services.class_reminders(now=first + timedelta(days=1)) == 1
    texts = told("learning.class_tomorrow")
    assert set(texts) == {student.pk, instructor.pk}
    assert "00:30 (Tokyo)" in texts[instructor.pk].split(" / ")[0]
    assert Delivery.objects.filter(event="learning.class_tomorrow", channel="email").count() == 2


def test_a_class_that_moves_is_told_again(demo_user: Demo) -> None:
    student, instructor = _people(demo_user, "student", "instructor")
    session = ClassSession.objects.create(
        cohort=_cohort([student], [instructor]),
        title={"en": "Lab"},
        starts_at=datetime(2030, 3, 10, 3, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 10, 5, 0, tzinfo=UTC),
        mode="on_site",
        time_zone="Asia/Ulaanbaatar",
        location="Room 101",
    )
    now = datetime(2030, 3, 9, 1, 0, tzinfo=UTC)
    assert services.class_reminders(now=now) == 2
    assert "Room 101" in told("learning.class_tomorrow")[student.pk]
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    session.save()
    assert services.class_reminders(now=now + timedelta(minutes=5)) == 2


def _assignment(due_at: datetime) -> Assignment:
    assignment = course().assignments.get()
    assignment.due_at = due_at
    assignment.save()
    Assignment.objects.exclude(pk=assignment.pk).update(due_at=None)
    return assignment


def test_an_assignment_due_within_a_day_is_told_to_who_has_not_handed_it_in(demo_user: Demo) -> None:
    student, student2, instructor = _people(demo_user, "student", "student2", "instructor")
    _cohort([student, student2], [instructor])
    now = timezone.now()
    assignment = _assignment(now + timedelta(hours=30))
    services.assignment_submit(viewer=build_viewer(student2), assignment=assignment, text="Done early.")
    assert services.assignment_reminders(now=now) == 0  # 30 hours away: not yet
    later = now + timedelta(hours=7)
    told_now = services.assignment_reminders(now=later)
    texts = told("learning.assignment_due")
    assert student.pk in texts
    assert student2.pk not in texts  # handed in
    assert instructor.pk not in texts  # a teacher, not a learner
    assert told_now == len(texts)
    assert "you have not handed it in" in texts[student.pk]
    assert "(Ulaanbaatar)" in texts[student.pk].split(" / ")[0]
    assert services.assignment_reminders(now=later + timedelta(hours=1)) == 0  # once
    # The deadline moves: the learners who have still not handed it in hear of the new one.
    Assignment.objects.filter(pk=assignment.pk).update(due_at=assignment.due_at + timedelta(hours=2))
    assert services.assignment_reminders(now=later + timedelta(hours=2)) == told_now
    # Past the deadline: nothing more.
    assert services.assignment_reminders(now=now + timedelta(days=3)) == 0


def test_a_released_grade_is_told_to_the_learner_once(demo_user: Demo) -> None:
    (student,) = _people(demo_user, "student")
    teacher = build_viewer(demo_user("teacher"))
    assignment = _assignment(timezone.now() + timedelta(days=5))
    submission = services.assignment_submit(viewer=build_viewer(student), assignment=assignment, text="v1")
    assert not told("learning.grade_released")
    levels = {c.pk: 0 for c in assignment.criteria.all()}
    services.submission_grade(viewer=teacher, submission=submission, levels=levels, comments={})
    texts = told("learning.grade_released")
    assert list(texts) == [student.pk]
    assert "100 of 100" in texts[student.pk]
    assert assignment.title.in_language("en") in texts[student.pk]
    note = Notification.objects.get(event="learning.grade_released")
    assert note.url == assignment.get_absolute_url()
    services.submission_grade(viewer=teacher, submission=submission, levels=levels, comments={})
    assert Notification.objects.filter(event="learning.grade_released").count() == 1  # regraded: once


def test_the_learning_reminders_are_scheduled() -> None:
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["learning.class_reminders"].every == timedelta(days=1)
    assert jobs["learning.assignment_reminders"].every == timedelta(hours=1)

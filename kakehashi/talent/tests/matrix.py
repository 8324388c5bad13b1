from kakehashi.core.testing.matrix import MatrixContext, Row, expect

STUDENTS = {"student", "student2"}
# Companies of the program (administrators and mentors) search the pool; so does the program office.
SEARCHERS = {"admin", "manager", "accountant", "company", "mentor"}


def nomin_profile(c: MatrixContext) -> int:
    from kakehashi.talent.models import TalentProfile

    return TalentProfile.objects.get(user=c.user("student")).pk


def invitation_to_nomin(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> int:
        from kakehashi.talent.models import TalentInvitation

        return TalentInvitation.objects.create(
            profile_id=nomin_profile(c),
            company=c.org("nagaoka-seiki"),
            invited_by=c.user("company"),
            message="Hi",
        ).pk

    return c.once("talent-invitation", make)


ROWS = [
    Row("talent:pool", expect(SEARCHERS)),
    Row("talent:mine", expect(STUDENTS)),
    Row("talent:leave", expect(STUDENTS, yes=302), method="post"),
    Row(
        "talent:answer",
        expect({"student"}, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"invitation_id": invitation_to_nomin(c)},
        data=lambda c: {"accept": "1"},
    ),
    # The person sees their own profile; companies and the office of the program open it; others: 403.
    Row("talent:profile", expect(SEARCHERS | {"student"}), kwargs=lambda c: {"profile_id": nomin_profile(c)}),
    Row("talent:invitations_sent", expect(SEARCHERS)),
]

"""The engine's explanations (codes and ranks) as sentences in the viewer's language."""

from typing import Any

from django.utils.translation import gettext as _


def student_lines(explanation: dict[str, Any] | None, place_names: dict[str, str]) -> list[str]:
    """Why the student got their place and not one they ranked higher."""
    if not explanation:
        return [_("You took no part in this matching run.")]
    lines = []
    assigned = explanation.get("assigned")
    if assigned:
        lines.append(
            _("You were matched to “%(place)s”, your choice number %(rank)s.")
            % {"place": place_names.get(assigned, assigned), "rank": explanation.get("rank") or "-"}
        )
    else:
        lines.append(_("You were not matched to any place in this run."))
    for why in explanation.get("higher", []):
        lines.append(reason_line(why, place_names))
    return lines


def reason_line(why: dict[str, Any], place_names: dict[str, str]) -> str:
    values = {
        "place": place_names.get(why.get("place", ""), why.get("place", "")),
        "rank": why.get("your_rank") or "-",
        "last": why.get("last_admitted_rank") or "-",
    }
    code = why.get("reason")
    if code == "not_ranked":
        return _("“%(place)s”: the company did not rank you.") % values
    if code == "no_seats":
        return _("“%(place)s”: the place has no seats.") % values
    if code == "ranked_below_admitted":
        return (
            _(
                "“%(place)s”: the place is full; the company ranked you %(rank)s and the last student it took %(last)s."
            )
            % values
        )
    if code == "group_cap":
        return (
            _("“%(place)s”: the place took its limit of students from your college, all ranked above you.")
            % values
        )
    if code == "tie_lottery":
        return (
            _(
                "“%(place)s”: you were tied at rank %(rank)s with the last student it took, and the lottery put that student first."
            )
            % values
        )
    return _("“%(place)s”: this result is not stable for this place.") % values

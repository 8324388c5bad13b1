"""Every text of the curriculum written in several languages moves from its `_ja/_en/_mn` columns onto one
TranslatedField, and the quiz choices and rubric levels become texts per language too:
a choice is {"ja": …, "mn": …, "en": …}, a level {"points": 4, "label": {"ja": …, "mn": …, "en": …}}."""

from typing import Any

from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import check_constraints_now, triplets_to_translated

OLD_LANGUAGES = ("ja", "en", "mn")


def _texts(data: dict[str, Any]) -> dict[str, str]:
    return {
        code: text.strip()
        for code, text in data.items()
        if code != "points" and isinstance(text, str) and text.strip()
    }


def choices_and_levels_to_translated(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    Question = apps.get_model("learning", "Question")
    for question in Question.objects.using(alias).exclude(choices=[]).only("pk", "choices"):
        question.choices = [_texts(choice) for choice in question.choices or []]
        question.save(update_fields=["choices"])
    RubricCriterion = apps.get_model("learning", "RubricCriterion")
    for criterion in RubricCriterion.objects.using(alias).only("pk", "levels"):
        criterion.levels = [
            level if "label" in level else {"points": level.get("points", 0), "label": _texts(level)}
            for level in criterion.levels or []
        ]
        criterion.save(update_fields=["levels"])
    check_constraints_now(schema_editor)


def choices_and_levels_back(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    RubricCriterion = apps.get_model("learning", "RubricCriterion")
    for criterion in RubricCriterion.objects.using(alias).only("pk", "levels"):
        levels = []
        for level in criterion.levels or []:
            label = level.get("label") or {}
            levels.append({"points": level.get("points", 0), **{c: label.get(c, "") for c in OLD_LANGUAGES}})
        criterion.levels = levels
        criterion.save(update_fields=["levels"])
    check_constraints_now(schema_editor)
    # A choice {"ja": …, "en": …} is already what the old code read (a missing language reads as "").


def title(max_length: int = 200) -> TranslatedField:
    return TranslatedField(verbose_name="title", max_length=max_length)


class Migration(migrations.Migration):
    dependencies = [("learning", "0009_cohort_order_by_translated_college_name")]

    operations = [
        # The default order no longer names a column per language (selectors sort with translated_order).
        migrations.AlterModelOptions(
            name="course",
            options={"ordering": ("track", "pk"), "verbose_name": "course", "verbose_name_plural": "courses"},
        ),
        *triplets_to_translated(
            "learning",
            "course",
            {
                "title": title(),
                "summary": TranslatedField(verbose_name="summary", multiline=True, blank=True),
            },
        ),
        *triplets_to_translated("learning", "module", {"title": title()}),
        *triplets_to_translated(
            "learning",
            "lesson",
            {
                "title": title(),
                "body": TranslatedField(verbose_name="text in Markdown", multiline=True, blank=True),
            },
        ),
        *triplets_to_translated(
            "learning",
            "exercise",
            {
                "title": title(),
                "prompt": TranslatedField(verbose_name="task in Markdown", multiline=True, blank=True),
            },
        ),
        *triplets_to_translated("learning", "quiz", {"title": title()}),
        *triplets_to_translated(
            "learning",
            "question",
            {
                "text": TranslatedField(verbose_name="question", multiline=True),
                "feedback": TranslatedField(verbose_name="feedback", multiline=True, blank=True),
            },
        ),
        *triplets_to_translated(
            "learning",
            "assignment",
            {
                "title": title(),
                "brief": TranslatedField(verbose_name="brief in Markdown", multiline=True, blank=True),
            },
        ),
        *triplets_to_translated("learning", "rubriccriterion", {"title": title()}),
        *triplets_to_translated("learning", "cohort", {"title": title()}),
        *triplets_to_translated("learning", "classsession", {"title": title()}),
        *triplets_to_translated(
            "learning", "skill", {"name": TranslatedField(verbose_name="name", max_length=120)}
        ),
        migrations.RunPython(choices_and_levels_to_translated, choices_and_levels_back, elidable=False),
    ]

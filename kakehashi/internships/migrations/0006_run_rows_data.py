"""Existing runs' assignment and explanations move from the run's result JSON into rows (one per
application, one per place); the result keeps its summary and problems. Reversible: going back puts
the rows into the JSON again."""

from typing import Any

from django.db import migrations

BATCH = 1000


def _rows_from_json(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("internships", "MatchingRun")
    RunAssignment = apps.get_model("internships", "RunAssignment")
    RunPlace = apps.get_model("internships", "RunPlace")
    Application = apps.get_model("internships", "Application")
    Place = apps.get_model("internships", "Place")
    for run_id in list(Run.objects.order_by("pk").values_list("pk", flat=True)):
        instance, result = Run.objects.filter(pk=run_id).values_list("instance", "result").get()
        if not isinstance(result, dict) or "assignment" not in result:
            continue
        assignment: dict[str, str | None] = result["assignment"]
        explanations = result.get("explanations") or {}
        students = explanations.get("students") or {}
        place_explanations = explanations.get("places") or {}
        capacities = {entry["id"]: entry.get("capacity", 0) for entry in (instance or {}).get("places", [])}
        app_ids = set(
            Application.objects.filter(pk__in=[int(key[1:]) for key in assignment]).values_list(
                "pk", flat=True
            )
        )
        place_keys = set(capacities) | {key for key in assignment.values() if key} | set(place_explanations)
        place_ids = set(
            Place.objects.filter(pk__in=[int(key[1:]) for key in place_keys]).values_list("pk", flat=True)
        )
        rows = []
        assigned: dict[str, int] = {}
        for student, place in assignment.items():
            if place:
                assigned[place] = assigned.get(place, 0) + 1
            if int(student[1:]) not in app_ids:
                continue  # the application was deleted since: its row would have gone with it
            explanation = students.get(student) or {}
            place_id = int(place[1:]) if place and int(place[1:]) in place_ids else None
            rows.append(
                RunAssignment(
                    run_id=run_id,
                    application_id=int(student[1:]),
                    place_id=place_id,
                    rank=explanation.get("rank"),
                    explanation=explanation,
                )
            )
        RunAssignment.objects.bulk_create(rows, batch_size=BATCH)
        RunPlace.objects.bulk_create(
            (
                RunPlace(
                    run_id=run_id,
                    place_id=int(key[1:]),
                    capacity=capacities.get(key, (place_explanations.get(key) or {}).get("capacity", 0)),
                    assigned=assigned.get(key, 0),
                    explanation=place_explanations.get(key) or {},
                )
                for key in sorted(place_keys)
                if int(key[1:]) in place_ids
            ),
            batch_size=BATCH,
        )
        small = {key: value for key, value in result.items() if key not in ("assignment", "explanations")}
        # The digest is made again from the rows when the run's page is first opened.
        Run.objects.filter(pk=run_id).update(result=small, digest={})


def _json_from_rows(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("internships", "MatchingRun")
    RunAssignment = apps.get_model("internships", "RunAssignment")
    RunPlace = apps.get_model("internships", "RunPlace")
    for run_id in list(Run.objects.order_by("pk").values_list("pk", flat=True)):
        result = Run.objects.filter(pk=run_id).values_list("result", flat=True).get()
        rows = list(
            RunAssignment.objects.filter(run_id=run_id)
            .order_by("application_id")
            .values_list("application_id", "place_id", "explanation")
        )
        if not rows:
            continue
        places = list(
            RunPlace.objects.filter(run_id=run_id).order_by("place_id").values_list("place_id", "explanation")
        )
        result = dict(result or {})
        result["assignment"] = {f"a{app}": (f"p{place}" if place else None) for app, place, _ in rows}
        students = {f"a{app}": explanation for app, _, explanation in rows if explanation}
        place_explanations = {f"p{place}": explanation for place, explanation in places if explanation}
        if students or place_explanations:
            result["explanations"] = {"students": students, "places": place_explanations}
        Run.objects.filter(pk=run_id).update(result=result, digest={})
        RunAssignment.objects.filter(run_id=run_id).delete()
        RunPlace.objects.filter(run_id=run_id).delete()


class Migration(migrations.Migration):
    dependencies = [("internships", "0005_run_rows")]

    operations = [migrations.RunPython(_rows_from_json, _json_from_rows, elidable=False)]

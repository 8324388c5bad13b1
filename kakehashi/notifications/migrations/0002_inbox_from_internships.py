"""The in-app notifications written before the one door (internships.Notification, which the rounds,
interviews and safety notices all wrote) move into the one inbox, read or unread as they were, with their
time, text and link; then the old table goes (internships 0008)."""

from django.db import migrations

# The old kinds, and the event of the catalog each became (a kind not named keeps "internships.<kind>").
EVENT_OF_KIND = {
    "phase_opened": "internships.phase_opened",
    "deadline": "internships.deadline",
    "result_published": "internships.result_published",
    "nomination": "internships.nominated",
    "place_reviewed": "internships.place_reviewed",
    "interview": "internships.interview_booked",
    "safety_email_failed": "operations.safety_email_failed",
}


def _event_sql() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN '{event}'" for kind, event in EVENT_OF_KIND.items())
    return f"CASE kind {cases} ELSE 'internships.' || kind END"


def copy_into_inbox(apps, schema_editor):
    # One INSERT ... SELECT: the rows keep their creation time (a model's auto_now_add would not), and a
    # million rows do not pass through Python.
    about = "CASE WHEN round_id IS NULL THEN '' ELSE 'round:' || CAST(round_id AS VARCHAR(20)) END"
    schema_editor.execute(
        "INSERT INTO notifications_notification (user_id, event, text, url, created_at, read_at, about) "
        f"SELECT user_id, {_event_sql()}, text, url, created_at, read_at, {about} "
        "FROM internships_notification ORDER BY id"
    )


def copy_back(apps, schema_editor):
    kinds = {event: kind for kind, event in EVENT_OF_KIND.items()}
    cases = " ".join(f"WHEN '{event}' THEN '{kind}'" for event, kind in kinds.items())
    round_id = (
        "CASE WHEN about LIKE 'round:%%' THEN CAST(SUBSTR(about, 7) AS INTEGER) ELSE NULL END"
    )
    schema_editor.execute(
        "INSERT INTO internships_notification (user_id, kind, text, url, created_at, read_at, round_id) "
        f"SELECT user_id, CASE event {cases} ELSE SUBSTR(event, 13, 30) END, text, url, created_at, read_at, "
        f"{round_id} FROM notifications_notification "
        "WHERE event LIKE 'internships.%%' OR event = 'operations.safety_email_failed' ORDER BY id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("internships", "0004_web_links_and_single_line_names"),
    ]

    operations = [migrations.RunPython(copy_into_inbox, copy_back, elidable=False)]

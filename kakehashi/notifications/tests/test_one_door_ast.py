"""Every notification goes through `notify()`: read by the syntax tree, no module of kakehashi/ outside
kakehashi/notifications (tests and migrations aside) sends email, talks to SMTP or writes the door's rows.

The grep of test_door.py reads the text; this reads what the code does, so that an alias
(`from django.core import mail as m; m.send_mail(...)`, `from kakehashi.notifications import models`)
does not slip past it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KAKEHASHI = ROOT / "kakehashi"

# Modules that may reach the mail machinery themselves, and why: none tells a person about an event.
MAY_SEND_EMAIL = {
    "kakehashi/core/logging.py": "server errors mailed to the operators (ADMINS) by Django's log handler",
    "kakehashi/core/testing/slow_tasks.py": "a test task that checks a killed worker sends its email once",
}
MAIL_MODULES = ("django.core.mail", "smtplib", "email.mime", "email.message")
SENDING_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
    "send_messages",
    "SMTP",
    "SMTP_SSL",
}
# The door's rows: written only by kakehashi/notifications (reading them elsewhere is fine).
DOOR_MODELS = {
    "Notification",
    "Delivery",
    "Message",
    "ChatLink",
    "LinkCode",
    "PushSubscription",
    "Preference",
}
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "bulk_update", "delete"}


def door_breaches(source: str) -> list[str]:
    """What in this module's code sends mail or writes the door's rows, as "line: what"."""
    tree = ast.parse(source)
    found: list[str] = []
    door_names: set[str] = set()  # local names bound to the door's models
    door_modules: set[str] = set()  # local names bound to kakehashi.notifications.models
    mail_modules: set[str] = set()  # local names bound to a mail module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(MAIL_MODULES):
                found.append(f"{node.lineno}: imports {node.module}")
            if node.module == "django.core":
                for alias in node.names:
                    if alias.name == "mail":
                        mail_modules.add(alias.asname or alias.name)
                        found.append(f"{node.lineno}: imports django.core.mail")
            if node.module == "kakehashi.notifications.models":
                door_names.update(a.asname or a.name for a in node.names if a.name in DOOR_MODELS)
            if node.module == "kakehashi.notifications":
                door_modules.update(a.asname or a.name for a in node.names if a.name == "models")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(MAIL_MODULES):
                    found.append(f"{node.lineno}: imports {alias.name}")
                    mail_modules.add(alias.asname or alias.name.split(".")[0])
                if alias.name == "kakehashi.notifications.models" and alias.asname:
                    door_modules.add(alias.asname)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        # send_mail(...), m.send_mail(...), connection.send_messages(...)
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in SENDING_NAMES:
            found.append(f"{node.lineno}: calls {name}")
        # Notification(...), models.Delivery(...)
        model = _door_model(func, door_names, door_modules)
        if model:
            found.append(f"{node.lineno}: builds {model}")
        # Notification.objects.create(...), models.Message.objects.bulk_create(...)
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            manager = func.value
            # Notification.objects.filter(...).update(...): walk down the chain to the model.
            while isinstance(manager, ast.Call) and isinstance(manager.func, ast.Attribute):
                manager = manager.func.value
            if isinstance(manager, ast.Attribute) and manager.attr == "objects":
                model = _door_model(manager.value, door_names, door_modules)
                if model:
                    found.append(f"{node.lineno}: {model}.objects ... .{func.attr}()")
    return found


def _door_model(node: ast.expr, door_names: set[str], door_modules: set[str]) -> str:
    if isinstance(node, ast.Name) and node.id in door_names:
        return node.id
    if (
        isinstance(node, ast.Attribute)
        and node.attr in DOOR_MODELS
        and isinstance(node.value, ast.Name)
        and node.value.id in door_modules
    ):
        return node.attr
    return ""


def _modules() -> list[Path]:
    return sorted(
        path
        for path in KAKEHASHI.rglob("*.py")
        if path.relative_to(KAKEHASHI).parts[0] != "notifications"
        and "tests" not in path.parts
        and "migrations" not in path.parts
    )


def test_no_module_outside_the_door_sends_mail_or_writes_its_rows() -> None:
    breaches = {}
    for path in _modules():
        name = str(path.relative_to(ROOT))
        if name in MAY_SEND_EMAIL:
            continue
        found = door_breaches(path.read_text())
        if found:
            breaches[name] = found
    assert breaches == {}, f"tell people through kakehashi.notifications.services.notify: {breaches}"


def test_the_modules_allowed_to_mail_still_exist_and_need_it() -> None:
    for name in MAY_SEND_EMAIL:
        assert door_breaches((ROOT / name).read_text()), f"{name} no longer mails: drop it from the list"


def test_the_reader_finds_each_way_round_the_door() -> None:
    cases = {
        "from django.core.mail import send_mail\nsend_mail('s', 'b', 'f', ['t'])": 2,
        "from django.core import mail as m\nm.EmailMessage('s', 'b').send()": 2,
        "import smtplib\nsmtplib.SMTP('localhost').sendmail('a', 'b', 'c')": 2,
        "from kakehashi.notifications.models import Notification\nNotification.objects.create(user=u)": 1,
        "from kakehashi.notifications.models import Delivery as D\nD(event='x').save()": 1,
        "from kakehashi.notifications import models as n\nn.Message.objects.bulk_create([])": 1,
        "from kakehashi.notifications.models import Delivery\n"
        "Delivery.objects.filter(pk=1).update(status='sent')": 1,
        "from kakehashi.notifications.models import Notification\n"
        "Notification.objects.filter(user=u).exists()": 0,
        "from kakehashi.notifications.services import notify\nnotify([u], 'learning.grade_released', {})": 0,
        "Message = object\nMessage()": 0,  # another module's Message is no business of the door
    }
    for source, expected in cases.items():
        assert len(door_breaches(source)) == expected, (source, door_breaches(source))

"""The domain apps, and the modules each may contribute by convention.

Each app in DOMAIN_APPS may have:
- `urls.py` (mounted at the prefix in kakehashi/urls.py),
- `navigation.py` with `nav_items(viewer) -> list[tuple[url, label]]` for the main menu,
- `demo.py` with `load() -> None`, run by `manage.py load_demo` in the order below,
- `api.py` with a ninja `router`, mounted under /api/v1/,
- `tests/matrix.py` with `ROWS`, the app's rows of the URL x role matrix,
- `schedule.py` with `JOBS`, its periodic jobs (kakehashi/core/scheduling.py),
- `today.py` with `items(viewer) -> list[TodayItem]`, what the person has to do today (kakehashi/core/today.py).
Shared files never need editing when an app adds one of these.
"""

import importlib
from importlib.util import find_spec
from types import ModuleType

# In dependency order: the demo of an app may use the demo data of the apps before it.
DOMAIN_APPS = (
    "accounts",
    "privacy",
    "notifications",
    "companies",
    "learning",
    "internships",
    "operations",
    "careers",
    "programme",
    "certificates",
    "agreements",
    "talent",
    "translations",
    "conversations",
)


def app_modules(submodule: str) -> list[tuple[str, ModuleType]]:
    """(app, module) for each domain app that has `kakehashi.<app>.<submodule>`."""
    found = []
    for app in DOMAIN_APPS:
        name = f"kakehashi.{app}.{submodule}"
        if find_spec(f"kakehashi.{app}") is not None and find_spec(name) is not None:
            found.append((app, importlib.import_module(name)))
    return found

from django.urls import URLPattern, URLResolver, include, path

from kakehashi.api import urls as api_urls
from kakehashi.core.registry import app_modules

# Where each domain app's pages live; an app without urls.py is simply not mounted.
PREFIXES = {
    "privacy": "privacy/",
    "notifications": "notifications/",
    "companies": "companies/",
    "learning": "learning/",
    "internships": "rounds/",
    "operations": "operations/",
    "careers": "careers/",
    "programme": "programme/",
    "certificates": "verify/",
    "agreements": "agreements/",
    "talent": "talent/",
    "translations": "translations/",
    "conversations": "conversations/",
}

# Without the database and context processors, with the request id (kakehashi.core.views.server_error).
handler500 = "kakehashi.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kakehashi.core.urls")),
    path("", include("kakehashi.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api_urls.urls()),
]
urlpatterns += [
    path(PREFIXES[app], include(module)) for app, module in app_modules("urls") if app in PREFIXES
]
urlpatterns += api_urls.unknown_paths

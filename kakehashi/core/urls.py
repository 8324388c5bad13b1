from django.urls import path

from kakehashi.core import health, icons, pwa, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<str:name>/run/", views.job_run, name="job_run"),
    path("metrics", views.metrics, name="metrics"),
    path("favicon.ico", icons.favicon, name="favicon"),
    # The installable app: at the root, so that the service worker's scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    # Answered by health.ProbeMiddleware before the other middleware; here for reverse() and the matrix.
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
]

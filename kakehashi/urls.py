from django.conf import settings
from django.urls import include, path

from kakehashi.api.urls import api

urlpatterns = [
    path("", include("kakehashi.core.urls")),
    path("", include("kakehashi.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

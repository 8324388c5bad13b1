from django.urls import include, path

from kakehashi.api.urls import api

urlpatterns = [
    path("", include("kakehashi.core.urls")),
    path("", include("kakehashi.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
]

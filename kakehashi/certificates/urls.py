from django.urls import path

from kakehashi.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.verify, name="verify"),
]

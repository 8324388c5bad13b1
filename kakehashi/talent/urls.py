from django.urls import path

from kakehashi.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("me/", views.mine, name="mine"),
    path("me/leave/", views.leave, name="leave"),
    path("me/invitations/<int:invitation_id>/answer/", views.answer, name="answer"),
    path("people/<int:profile_id>/", views.profile, name="profile"),
    path("invitations/", views.invitations_sent, name="invitations_sent"),
]

from django.urls import path

from kakehashi.notifications import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/chat/<str:channel>/", views.chat_link, name="chat_link"),
    path("webhooks/line/", webhooks.line, name="webhook_line"),
    path("webhooks/messenger/", webhooks.messenger, name="webhook_messenger"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("safety-deliveries/", views.safety_deliveries, name="safety_deliveries"),
]

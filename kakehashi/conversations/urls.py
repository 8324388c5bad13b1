from django.urls import path

from kakehashi.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new, name="new"),
    path("new/office/", views.start_with_office, name="start_office"),
    path("new/<int:person_id>/", views.start, name="start"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("<int:thread_id>/interpreter/", views.interpreter, name="interpreter"),
    path("<int:thread_id>/files/<int:message_id>/", views.attachment, name="attachment"),
]

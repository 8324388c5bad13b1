from django.urls import path

from kakehashi.careers import views

app_name = "careers"
urlpatterns = [
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/respond/", views.offer_respond, name="offer_respond"),
    path("offers/<int:offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("hires/<int:hire_id>/", views.hire_detail, name="hire_detail"),
    path("hires/<int:hire_id>/documents/", views.hire_pack, name="hire_pack"),
    path("hires/<int:hire_id>/documents.zip", views.hire_pack_download, name="hire_pack_download"),
    path("hires/<int:hire_id>/residence/", views.residence_period_add, name="residence_period_add"),
    path("hires/<int:hire_id>/job-change/", views.job_change_record, name="job_change_record"),
    path("retention/<int:check_id>/", views.retention_answer, name="retention_answer"),
    path("alumni/", views.alumni_list, name="alumni_list"),
    path("alumni/me/", views.alumni_profile, name="alumni_profile"),
]

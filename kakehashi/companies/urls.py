from django.urls import path

from kakehashi.companies import views

app_name = "companies"
urlpatterns = [
    path("join/", views.public_call, name="public_call"),
    path("join/thanks/", views.public_thanks, name="public_thanks"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("pipeline/", views.board, name="board"),
    path("pipeline/list/", views.outreach_list, name="outreach_list"),
    path("pipeline/new/", views.outreach_create, name="outreach_create"),
    path("pipeline/<int:company_id>/", views.outreach_detail, name="outreach_detail"),
    path("pipeline/<int:company_id>/edit/", views.outreach_edit, name="outreach_edit"),
    path("pipeline/<int:company_id>/move/", views.outreach_move, name="outreach_move"),
    path("pipeline/activities/<int:activity_id>/done/", views.activity_done, name="activity_done"),
    path("pipeline/import/", views.import_upload, name="import_upload"),
    path("pipeline/import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("pipeline/import/<int:import_id>/apply/", views.import_apply, name="import_apply"),
    path("pipeline/import/<int:import_id>/discard/", views.import_discard, name="import_discard"),
    path("mine/", views.my_company, name="my_company"),
    path("<int:organization_id>/", views.profile, name="profile"),
    path("<int:organization_id>/edit/", views.profile_edit, name="profile_edit"),
    path("<int:organization_id>/readiness/", views.readiness, name="readiness"),
    path("<int:organization_id>/readiness/certificate.pdf", views.certificate, name="certificate"),
    path("<int:organization_id>/readiness/<int:item_id>/", views.answer_edit, name="answer_edit"),
    path("<int:organization_id>/readiness/<int:item_id>/review/", views.answer_review, name="answer_review"),
    path("<int:organization_id>/readiness/<int:item_id>/file/", views.answer_file, name="answer_file"),
    path("readiness/verify/", views.verify_queue, name="verify_queue"),
    path("readiness/items/", views.item_list, name="item_list"),
    path("readiness/items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("seminars/", views.seminar_list, name="seminar_list"),
    path("seminars/<int:seminar_id>/", views.seminar_detail, name="seminar_detail"),
    path("support/", views.support_list, name="support_list"),
    path("support/new/", views.support_create, name="support_create"),
    path("support/<int:request_id>/", views.support_detail, name="support_detail"),
    path("support/<int:request_id>/status/", views.support_status, name="support_status"),
]

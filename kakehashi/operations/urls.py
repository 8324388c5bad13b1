from django.urls import path

from kakehashi.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("me/", views.my_case, name="my_case"),
    path("checkin/", views.checkin, name="checkin"),
    path("board/", views.board, name="board"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("safety-settings/", views.safety_settings, name="safety_settings"),
    path("alerts/<int:alert_id>/call-list/", views.call_list, name="call_list"),
    path("c/<str:token>/", views.checkin_link, name="checkin_link"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("support-items/", views.support_item_list, name="support_item_list"),
    path("support-items/<int:item_id>/edit/", views.support_item_edit, name="support_item_edit"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/tasks/<int:task_id>/", views.task_edit, name="task_edit"),
    path("cases/<int:case_id>/residence/", views.residence, name="residence"),
    path("cases/<int:case_id>/residence/edit/", views.residence_edit, name="residence_edit"),
    path("cases/<int:case_id>/residence/pack/", views.residence_pack, name="residence_pack"),
    path(
        "cases/<int:case_id>/residence/pack.zip",
        views.residence_pack_download,
        name="residence_pack_download",
    ),
    path(
        "cases/<int:case_id>/residence/pack/<slug:key>.pdf",
        views.residence_pack_document,
        name="residence_pack_document",
    ),
    path(
        "cases/<int:case_id>/residence/pack/<slug:key>/signed/",
        views.residence_pack_signed,
        name="residence_pack_signed",
    ),
    path("cases/<int:case_id>/travel/", views.travel, name="travel"),
    path("cases/<int:case_id>/travel/edit/", views.travel_edit, name="travel_edit"),
    path("cases/<int:case_id>/sensitive/", views.sensitive, name="sensitive"),
    path("cases/<int:case_id>/sheet/", views.sheet, name="sheet"),
    path("cases/<int:case_id>/certificate/", views.certificate, name="certificate"),
    path("cases/<int:case_id>/incidents/new/", views.incident_create, name="incident_create"),
    path("cases/<int:case_id>/reports/", views.report_week, name="report_week"),
    path("cases/<int:case_id>/reports/write/", views.report_write, name="report_write"),
    path("cases/<int:case_id>/evaluations/<str:kind>/", views.evaluation_edit, name="evaluation_edit"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:incident_id>/close/", views.incident_close, name="incident_close"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
]

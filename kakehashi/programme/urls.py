from django.urls import path

from kakehashi.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/snapshot/", views.indicators_snapshot, name="indicators_snapshot"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/value/", views.indicator_value, name="indicator_value"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path("budget/", views.budget, name="budget"),
    path("budget/edit/", views.budget_edit, name="budget_edit"),
    path("expenses/", views.expense_list, name="expense_list"),
    path("expenses/new/", views.expense_create, name="expense_create"),
    path("expenses/<int:expense_id>/", views.expense_detail, name="expense_detail"),
    path("expenses/<int:expense_id>/edit/", views.expense_edit, name="expense_edit"),
    path("expenses/<int:expense_id>/approve/", views.expense_approve, name="expense_approve"),
    path("expenses/<int:expense_id>/settle/", views.expense_settle, name="expense_settle"),
    path("expenses/<int:expense_id>/receipt/", views.expense_receipt, name="expense_receipt"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/build/", views.report_build, name="report_build"),
    path("reports/<int:report_id>/status/", views.report_status, name="report_status"),
    path("reports/<int:report_id>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:record_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:record_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:record_id>/pdf/", views.meeting_pdf, name="meeting_pdf"),
    path("iati.xml", views.iati_export, name="iati_export"),
]

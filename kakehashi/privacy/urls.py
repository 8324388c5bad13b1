from django.urls import path

from kakehashi.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("mfa-required/", views.mfa_required, name="mfa_required"),
    path("consent/", views.consent_list, name="consent_list"),
    path("consent/<slug:kind>/give/", views.consent_give, name="consent_give"),
    path("consent/<slug:kind>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("record/", views.record_edit, name="record_edit"),
    path("records/<int:record_id>/", views.record_detail, name="record_detail"),
    path("export/", views.export, name="export"),
    path("deletion/", views.deletion_request, name="deletion_request"),
    path("sensitive-reads/", views.sensitive_read_list, name="sensitive_read_list"),
    path("sensitive-reads/export.csv", views.sensitive_read_export, name="sensitive_read_export"),
    path("deletion-requests/", views.deletion_request_list, name="deletion_request_list"),
    path(
        "deletion-requests/<int:request_id>/", views.deletion_request_decide, name="deletion_request_decide"
    ),
]

from django.urls import path

from kakehashi.agreements import views

app_name = "agreements"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("cases/<int:case_id>/", views.detail, name="detail"),
    path("cases/<int:case_id>/draw-up/", views.draw_up, name="draw_up"),
    path("cases/<int:case_id>/sign/", views.sign, name="sign"),
    path("cases/<int:case_id>/v<int:number>.pdf", views.version_pdf, name="version_pdf"),
    path("cases/<int:case_id>/signed.pdf", views.signed_pdf, name="signed_pdf"),
]

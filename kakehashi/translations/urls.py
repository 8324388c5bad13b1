from django.urls import path

from kakehashi.translations import views

app_name = "translations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("workbook.xlsx", views.export, name="export"),
    path("import/", views.upload, name="upload"),
    path("import/<int:import_id>/", views.preview, name="preview"),
    path("import/<int:import_id>/apply/", views.apply, name="apply"),
    path("import/<int:import_id>/discard/", views.discard, name="discard"),
]

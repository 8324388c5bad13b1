from django.urls import path

from kakehashi.internships import views

app_name = "internships"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("japanese/", views.my_japanese, name="my_japanese"),
    path("japanese/review/", views.japanese_review_list, name="japanese_review_list"),
    path("japanese/<int:result_id>/review/", views.japanese_review, name="japanese_review"),
    path("japanese/<int:result_id>/certificate/", views.japanese_certificate, name="japanese_certificate"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/phase/", views.round_phase, name="round_phase"),
    path("<int:round_id>/places/", views.place_list, name="place_list"),
    path("<int:round_id>/places/new/", views.place_create, name="place_create"),
    path("<int:round_id>/apply/", views.application_edit, name="application_edit"),
    path("<int:round_id>/ranking/", views.my_ranking, name="my_ranking"),
    path("<int:round_id>/applicants/", views.applicant_list, name="applicant_list"),
    path("<int:round_id>/interviews/", views.my_interviews, name="my_interviews"),
    path("<int:round_id>/interpreters/", views.interpreter_list, name="interpreter_list"),
    path("<int:round_id>/interpreters/<int:slot_id>/", views.interpreter_edit, name="interpreter_edit"),
    path("<int:round_id>/runs/", views.run_list, name="run_list"),
    path("<int:round_id>/runs/compare/", views.run_compare, name="run_compare"),
    path("<int:round_id>/result/", views.result, name="result"),
    path("<int:round_id>/export.xlsx", views.round_export, name="round_export"),
    path("places/<int:place_id>/", views.place_detail, name="place_detail"),
    path("places/<int:place_id>/edit/", views.place_edit, name="place_edit"),
    path("places/<int:place_id>/review/", views.place_review, name="place_review"),
    path("places/<int:place_id>/ranking/", views.place_ranking, name="place_ranking"),
    path("places/<int:place_id>/interviews/", views.place_interviews, name="place_interviews"),
    path("places/<int:place_id>/not-placed/", views.place_not_placed, name="place_not_placed"),
    path("interviews/<int:slot_id>/invite.ics", views.interview_ics, name="interview_ics"),
    path("interviews/<int:slot_id>/cancel/", views.interview_cancel, name="interview_cancel"),
    path("interviews/<int:slot_id>/move/", views.interview_move, name="interview_move"),
    path("interviews/<int:slot_id>/scorecard/", views.interview_scorecard, name="interview_scorecard"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path("applications/<int:application_id>/cv/", views.application_cv, name="application_cv"),
    path(
        "applications/<int:application_id>/nominate/", views.application_nominate, name="application_nominate"
    ),
    path("applications/<int:application_id>/confirm/", views.application_confirm, name="application_confirm"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/input.json", views.run_input, name="run_input"),
    path("runs/<int:run_id>/check/", views.run_check, name="run_check"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("placements/<int:placement_id>/answer/", views.placement_answer, name="placement_answer"),
]

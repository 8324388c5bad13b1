from django.urls import path

from kakehashi.accounts.views import (
    imports,
    invitations,
    members,
    organizations,
    people,
    profile,
    programs,
)

app_name = "accounts"
urlpatterns = [
    path("programs/", programs.program_list, name="program_list"),
    path("programs/new/", programs.program_create, name="program_create"),
    path("programs/<int:program_id>/", programs.program_detail, name="program_detail"),
    path("programs/<int:program_id>/edit/", programs.program_edit, name="program_edit"),
    path("programs/switch/", programs.program_switch, name="program_switch"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path(
        "organizations/<int:organization_id>/", organizations.organization_detail, name="organization_detail"
    ),
    path(
        "organizations/<int:organization_id>/edit/", organizations.organization_edit, name="organization_edit"
    ),
    path("organizations/<int:organization_id>/members/", members.member_list, name="member_list"),
    path("organizations/<int:organization_id>/members/invite/", members.member_invite, name="member_invite"),
    path(
        "organizations/<int:organization_id>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/import/", imports.import_upload, name="import_upload"),
    path("people/import/<int:import_id>/", imports.import_preview, name="import_preview"),
    path("people/import/<int:import_id>/apply/", imports.import_apply, name="import_apply"),
    path("people/import/<int:import_id>/discard/", imports.import_discard, name="import_discard"),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.api_tokens, name="api_tokens"),
    path("profile/tokens/<int:token_id>/revoke/", profile.api_token_revoke, name="api_token_revoke"),
]

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.accounts import names, selectors, services
from kakehashi.accounts.forms import InvitationForm
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import can_manage_members, require, viewer_for


@login_required
def member_list(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    return render(
        request,
        "accounts/member_list.html",
        {
            "organization": organization,
            "page": paginate(request, selectors.members_of(viewer, organization)),
            "invitations": selectors.invitations_of(viewer, organization),
        },
    )


@login_required
def member_invite(request: HttpRequest, organization_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    require(can_manage_members(viewer, organization))
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            parts = names.NameParts(
                family_latin=form.cleaned_data["family_name_latin"],
                given_latin=form.cleaned_data["given_name_latin"],
                family_local=form.cleaned_data["family_name_local"],
                given_local=form.cleaned_data["given_name_local"],
            )
            invitation = services.invitation_create(
                viewer=viewer,
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
                name_latin=parts.latin,
                name_local=parts.local,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:member_list", organization.pk)
    return render(
        request,
        "accounts/member_invite.html",
        {"organization": organization, "form": form, "invitation_days": settings.INVITATION_VALID_DAYS},
    )


@login_required
def member_remove(request: HttpRequest, organization_id: int, membership_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the role."""
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    membership = selectors.membership_for(viewer, organization, membership_id)
    if request.method == "POST":
        try:
            services.membership_deactivate(viewer=viewer, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(person)s no longer has the role %(role)s.")
                % {"person": membership.user.display_name, "role": membership.get_role_display()},
            )
        return redirect("accounts:member_list", organization.pk)
    return render(
        request,
        "accounts/member_remove.html",
        {"organization": organization, "membership": membership},
    )


@login_required
def invitation_revoke(request: HttpRequest, organization_id: int, invitation_id: int) -> HttpResponse:
    """GET asks for confirmation; POST revokes."""
    viewer = viewer_for(request)
    organization = selectors.organization_for(viewer, organization_id)
    invitation = selectors.invitation_for(viewer, organization, invitation_id)
    if request.method == "POST":
        services.invitation_revoke(viewer=viewer, invitation=invitation)
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
        return redirect("accounts:member_list", organization.pk)
    return render(
        request,
        "accounts/invitation_revoke.html",
        {"organization": organization, "invitation": invitation},
    )

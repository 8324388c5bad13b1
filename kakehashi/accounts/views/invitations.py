from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kakehashi.accounts import names, services
from kakehashi.accounts.forms import AcceptInvitationForm

BACKEND = "kakehashi.accounts.auth_backends.ModelBackend"


def _name_parts_initial(name_latin: str, name_local: str) -> dict[str, str]:
    """The name the inviter typed, split into the form's family and given name inputs."""
    parts = names.split_full_names(name_latin, name_local)
    return {
        "family_name_latin": parts.family_latin,
        "given_name_latin": parts.given_latin,
        "family_name_local": parts.family_local,
        "given_name_local": parts.given_local,
    }


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. A new person sets a name and password; a known one confirms."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A newcomer has chosen no language yet: speak the one the invitation was written in.
        translation.activate(invitation.language)
    user = request.user if request.user.is_authenticated else None
    form = None
    if user is None:
        form = AcceptInvitationForm(
            request.POST or None,
            initial=_name_parts_initial(invitation.name_latin, invitation.name_local),
        )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            data = form.cleaned_data if form is not None else {}
            accepted = services.invitation_accept(
                invitation=invitation,
                user=user,  # type: ignore[arg-type]
                name_parts=form.name_parts() if form is not None else None,
                password=data.get("password1", ""),
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                form.add_error(None, error)
        else:
            if user is None:
                login(request, accepted, backend=BACKEND)
            messages.success(
                request,
                _("Welcome to %(organization)s.") % {"organization": invitation.organization.name},
            )
            return redirect("core:home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "signed_in_as": user},
    )

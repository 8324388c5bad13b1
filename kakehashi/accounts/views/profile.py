from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kakehashi.accounts import services
from kakehashi.accounts.forms import ApiTokenForm, ProfileForm
from kakehashi.accounts.models import User
from kakehashi.core.language import remember_language


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        # The saved language wins over what this browser chose before.
        remember_language(response, user.preferred_language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@never_cache
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Lists tokens; POST creates one and shows it once."""
    user = _user(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=_user(request), token_id=token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("accounts:api_tokens")

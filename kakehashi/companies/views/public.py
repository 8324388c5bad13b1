"""The public call for host companies, open without sign-in: the interest form (with its signed start
time, honeypot and rate limit against robots) that makes a prospect of the company, and the thank-you page.
"""

import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from kakehashi.companies import services
from kakehashi.companies.forms import InterestForm
from kakehashi.core.client_address import client_ip

INTEREST_SALT = "kakehashi.companies.interest"


def public_call(request: HttpRequest) -> HttpResponse:
    """The call for host companies: no sign-in; the form makes a prospect of the company."""
    program = services.open_call_program()
    form = InterestForm(
        request.POST or None, initial={"started": signing.dumps(time.time(), salt=INTEREST_SALT)}
    )
    if request.method == "POST" and program is not None and form.is_valid():
        data = form.cleaned_data
        if data.get("homepage"):
            # A robot filled the hidden field: thank it and keep nothing.
            return redirect("companies:public_thanks")
        try:
            started = float(
                signing.loads(data["started"], salt=INTEREST_SALT, max_age=services.MAX_FORM_AGE_SECONDS)
            )
        except (signing.BadSignature, TypeError, ValueError):
            started = 0.0
        if services.interest_form_too_fast(started):
            form.add_error(None, _("Please take a moment to check the form, then send it again."))
            fresh = request.POST.copy()
            fresh["started"] = signing.dumps(time.time(), salt=INTEREST_SALT)
            form.data = fresh
        elif services.interest_rate_limited(client_ip(request)):
            form.add_error(
                None, _("Too many forms were sent from your network. Please try again in an hour.")
            )
        else:
            try:
                services.interest_submit(
                    program=program, data=data, language=translation.get_language() or "ja"
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("companies:public_thanks")
    return render(request, "companies/public_call.html", {"form": form, "program": program})


def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "companies/public_thanks.html")

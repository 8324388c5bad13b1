"""The public verification page: no sign-in; a code shows what its certificate states, or a plain
"not found"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.certificates import selectors, services
from kakehashi.core.client_address import client_ip


def verify(request: HttpRequest) -> HttpResponse:
    code = selectors.normalised(request.GET.get("code", ""))
    if code and services.verify_rate_limited(client_ip(request)):
        return render(request, "certificates/verify.html", {"code": code, "limited": True}, status=429)
    found = selectors.verified(code) if code else None
    return render(request, "certificates/verify.html", {"code": code, "certificate": found})

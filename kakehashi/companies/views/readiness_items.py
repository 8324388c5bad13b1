"""The readiness checklist's items: the list and an item edited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.companies import selectors, services
from kakehashi.companies.forms import ReadinessItemForm
from kakehashi.core.permissions import viewer_for


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return render(request, "companies/item_list.html", {"items": selectors.readiness_items(viewer)})


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    item = selectors.readiness_item_to_edit(viewer, item_id)
    form = ReadinessItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_item_save(viewer=viewer, item=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The readiness item was saved."))
            return redirect("companies:item_list")
    return render(request, "companies/item_form.html", {"form": form, "item": item})

"""Meeting records (打合簿): the searchable list (also as CSV or Excel), a record created, edited and
shown, and the record as a Japanese PDF.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.pdf import html_to_pdf
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.programme import exports, rules, selectors, services
from kakehashi.programme.forms import MeetingForm
from kakehashi.programme.models import MeetingRecord
from kakehashi.programme.views._common import _add_errors, _fmt


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    records = selectors.meetings_for(viewer, search=search)
    sees_attendees = rules.sees_personal_data(viewer)
    if fmt := _fmt(request):
        headers = [_("Date"), _("Subject"), _("Organizations present"), _("What was agreed")]
        return exports.table_response(
            fmt,
            "meetings",
            headers,
            (
                [r.held_on, r.title, ", ".join(str(o.name) for o in r.organizations.all()), r.decisions]
                for r in records
            ),
            title=_("Meeting records"),
        )
    return render(
        request,
        "programme/meeting_list.html",
        {
            "page": paginate(request, records),
            "search": search,
            "can_record": rules.can_record_meetings(viewer),
            "sees_attendees": sees_attendees,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_record_meetings(viewer))
    return _meeting_form(request, viewer, MeetingRecord())


@login_required
def meeting_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    require(rules.can_record_meetings(viewer))
    return _meeting_form(request, viewer, record)


def _meeting_form(request: HttpRequest, viewer: Viewer, record: MeetingRecord) -> HttpResponse:
    assert viewer.program is not None
    form = MeetingForm(request.POST or None, instance=record, program=viewer.program)
    if request.method == "POST" and form.is_valid():
        organizations = form.cleaned_data["organizations"]
        try:
            record = services.meeting_save(
                viewer=viewer, record=form.save(commit=False), organizations=organizations
            )
        except ValidationError as error:
            _add_errors(form, error) if hasattr(error, "error_dict") else form.add_error(None, error)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The meeting record was saved."))
            return redirect(record)
    return render(
        request, "programme/meeting_form.html", {"form": form, "record": record if record.pk else None}
    )


@login_required
def meeting_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "record": record,
            "can_record": rules.can_record_meetings(viewer),
            "sees_attendees": rules.sees_personal_data(viewer),
        },
    )


@login_required
def meeting_pdf(request: HttpRequest, record_id: int) -> HttpResponse:
    """The meeting record as a Japanese PDF; small, so built while the person waits."""

    viewer = viewer_for(request)
    record = selectors.meeting_for(viewer, record_id)
    with translation.override("ja"):
        html = render_to_string(
            "programme/pdf/meeting.html",
            {"record": record, "program": record.program, "sees_attendees": rules.sees_personal_data(viewer)},
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{record.held_on:%Y%m%d}-{record.pk}.pdf"'
    )
    return response

"""The inbox (threads with unread counts, searched and paged), a thread (its messages paged, the newest page
first, with the form to write and the interpreter action), starting a thread, and attachments."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.models import User
from kakehashi.conversations import rules, selectors, services
from kakehashi.conversations.forms import MessageForm, StartForm
from kakehashi.conversations.models import Side
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.privacy.uploads import serve_upload


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.threads_visible_to(viewer, search=search))
    context = {"page": page, "search": search, "can_start": _can_start(viewer)}
    template = "conversations/inbox.html#results" if request.htmx else "conversations/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _can_start(viewer: Viewer) -> bool:
    return (
        rules.can_start_as_company(viewer)
        or rules.can_start_as_office(viewer)
        or rules.can_write_to_office(viewer)
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Whom the viewer may write to: a company its nominated students and interns; anyone the program office."""
    viewer = viewer_for(request)
    require(rules.can_use(viewer))
    students: list[User] = []
    if rules.can_start_as_company(viewer):
        ids = set()
        for company_id in sorted(rules.company_ids(viewer)):
            ids |= set(selectors.nominated_student_ids(viewer, company_id).values_list("pk", flat=True))
        students = list(User.objects.filter(pk__in=ids).order_by("name_latin", "pk"))
    return render(
        request,
        "conversations/new.html",
        {
            "students": students,
            "is_company": rules.can_start_as_company(viewer),
            "is_office": rules.can_start_as_office(viewer),
            "to_office": rules.can_write_to_office(viewer),
        },
    )


def _start_page(request: HttpRequest, person: User | None, side: str) -> HttpResponse:
    viewer = viewer_for(request)
    form = StartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                viewer=viewer,
                person=person or viewer.user,
                side=side,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment") or None,
            )
        except ValidationError as error:
            form.add_error("attachment" if form.cleaned_data.get("attachment") else None, error)
        else:
            return redirect(thread)
    return render(request, "conversations/start.html", {"form": form, "person": person, "side": side})


@login_required
def start(request: HttpRequest, person_id: int) -> HttpResponse:
    """A company writes to a student nominated to it; the program office writes to anyone in the program."""
    viewer = viewer_for(request)
    require(rules.can_use(viewer))
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or person.pk == viewer.user.pk:
        raise Http404
    if rules.can_start_as_company(viewer):
        selectors.company_for_student(viewer, person)  # 404 for a student not nominated to the company
        side = Side.COMPANY
    else:
        require(rules.can_start_as_office(viewer))
        person = selectors.person_in_program(viewer, person_id)
        side = Side.OFFICE
    return _start_page(request, person, side)


@login_required
def start_with_office(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_use(viewer))
    require(rules.can_write_to_office(viewer))
    return _start_page(request, None, Side.OFFICE)


@login_required
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The thread, newest messages first seen. A message sent through HTMX redraws the conversation in
    place (the form included); without JavaScript the form posts and the page comes back at the newest."""
    viewer = viewer_for(request)
    conversation = selectors.thread_for(viewer, thread_id)
    participants = selectors.participants_of(conversation)
    present = frozenset(p.user_id for p in participants)
    can_write = rules.can_write(viewer, conversation, present)
    form = MessageForm(request.POST or None, request.FILES or None)
    sent = False
    if request.method == "POST":
        require(can_write, _("You can read this conversation, but not write in it."))
        if form.is_valid():
            try:
                services.message_post(
                    viewer=viewer,
                    thread=conversation,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment") or None,
                )
            except ValidationError as error:
                form.add_error("attachment" if form.cleaned_data.get("attachment") else None, error)
            else:
                if not request.htmx:  # type: ignore[attr-defined]
                    return redirect(f"{conversation.get_absolute_url()}#latest")
                sent = True
                form = MessageForm()
                conversation.refresh_from_db(fields=["last_message_at"])
    paginator = Paginator(selectors.messages_of(conversation), 30)
    # The newest messages first seen: without ?page=, the last page.
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    services.thread_mark_read(viewer=viewer, thread=conversation)
    services.thread_read_record(viewer=viewer, thread=conversation, participant_ids=present)
    context = {
        "thread": conversation,
        "page": page,
        "form": form,
        "can_write": can_write,
        "participants": participants,
        "sent": sent,
        "can_request_interpreter": can_write and conversation.interpreter_requested_at is None,
    }
    htmx = request.method == "POST" and request.htmx  # type: ignore[attr-defined]
    return render(
        request, "conversations/thread.html#conversation" if htmx else "conversations/thread.html", context
    )


@login_required
@require_POST
def interpreter(request: HttpRequest, thread_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    conversation = selectors.thread_for(viewer, thread_id)
    try:
        services.interpreter_request(viewer=viewer, thread=conversation)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, _("An interpreter was asked for: they can now read and write here."))
    return redirect(f"{conversation.get_absolute_url()}#latest")


@login_required
def attachment(request: HttpRequest, thread_id: int, message_id: int) -> FileResponse:
    viewer = viewer_for(request)
    conversation = selectors.thread_for(viewer, thread_id)
    message = conversation.messages.filter(pk=message_id).exclude(attachment="").first()
    if message is None:
        raise Http404
    services.thread_read_record(
        viewer=viewer,
        thread=conversation,
        participant_ids=selectors.participant_ids(conversation),
        message=message,
    )
    return serve_upload(message.attachment, filename=message.attachment_name or None, inline_images=True)

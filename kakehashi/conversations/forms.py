from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from kakehashi.conversations.services import MAX_BYTES, MAX_LENGTH


def _attachment_help() -> str:
    return str(_("PDF, PNG, JPEG, Excel or Word, at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        # Lazy: translated in the language of each request, not of whoever imported the form.
        help_text=lazy(_attachment_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )


class StartForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)

    field_order = ("subject", "body", "attachment")

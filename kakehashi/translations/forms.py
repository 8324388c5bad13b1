from django import forms
from django.utils.translation import gettext_lazy as _


class TranslationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook with the translations (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

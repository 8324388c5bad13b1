"""Form widgets shared by the apps."""

import os
from dataclasses import dataclass
from typing import Any

from django import forms


@dataclass(frozen=True)
class _CurrentFile:
    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input that shows the current file by a link to the download view (`download_url`, set by
    the form), which checks the viewer's permission. Django's own widget links to the storage's URL: on
    object storage a presigned bucket URL handed out by the edit page, on the disk a /media/ path that
    nothing serves."""

    download_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _CurrentFile(
                name=os.path.basename(getattr(value, "name", "") or ""), url=self.download_url
            )
        return context

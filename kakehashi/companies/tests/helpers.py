"""Small helpers shared by the companies tests."""

import io
import time
import zipfile

from django.core import signing

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.core.testing.uploads import real_image


def viewer(key: str) -> Viewer:
    return build_viewer(User.objects.get(email=demo_email(key)))


def program() -> Program:
    return Program.objects.get(key="jica-dx-2024")


def org(key: str) -> Organization:
    return Organization.objects.get(key=key)


def started_token(seconds_ago: float = 10) -> str:
    from kakehashi.companies.views import INTEREST_SALT

    return signing.dumps(time.time() - seconds_ago, salt=INTEREST_SALT)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = real_image("PNG")


def office_file(kind: str) -> bytes:
    """A minimal .xlsx or .docx: a zip with [Content_Types].xml and the part folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml" if kind == "xlsx" else "word/document.xml", "<x/>")
    return buffer.getvalue()

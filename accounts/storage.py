"""Private files (resumes): stored outside every public URL, and sent only by the
site's views, as hardened downloads."""

import os
import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT with no public URL (resumes).

    The location is read when used, not when the class is built, so a test (or a
    deployment) can move it with the setting.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


private_storage = PrivateFileStorage()


def download_name(name):
    """A file name safe for Content-Disposition: letters, digits and . - _ ( ) and spaces; ends in .pdf."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]", "_", name).strip(" .") or "resume"
    name = name[:100]
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def resume_response(field_file, name):
    """Serve a stored resume as a download that no browser will render or cache.

    attachment + nosniff: never shown inline, never guessed to be HTML.
    The sandbox CSP: even if opened, it runs nothing and loads nothing.
    no-store: a shared computer's cache keeps no copy of someone's CV.
    """
    if not field_file:
        raise Http404("No resume.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The resume file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(name or "resume.pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response

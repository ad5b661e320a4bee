"""Stored files, served only through views that apply the same scoping as the data.

Nothing under MEDIA_ROOT has a public URL, not even with DEBUG on: each kind of stored file
has a view in its own app (mounted under /files/ by wastewatch/urls.py) that finds its owner
among the objects the user may read (404 otherwise, as for the data itself) and then hands
the file over with `protected_file_response`. In production the web server sends the bytes
(PROTECTED_MEDIA_SERVER: "nginx" answers with X-Accel-Redirect to an `internal` location,
"apache" with X-Sendfile); "django" streams them from the application.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def protected_file_response(
    stored: FieldFile, *, filename: str | None = None, as_attachment: bool = True
) -> HttpResponse:
    """The response that delivers a stored file the caller has already been allowed to read."""
    if not stored:
        raise Http404
    name = filename or Path(stored.name).name
    server = settings.PROTECTED_MEDIA_SERVER
    if server == "django":
        try:
            handle = stored.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(handle, as_attachment=as_attachment, filename=name)
    response = HttpResponse(
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment, name)
    if server == "nginx":
        response["X-Accel-Redirect"] = f"{settings.PROTECTED_MEDIA_INTERNAL_URL}{stored.name}"
    else:
        response["X-Sendfile"] = str(Path(default_storage.path(stored.name)))
    return response

"""Stored files, served only through views that apply the same scoping as the data.

Nothing under MEDIA_ROOT has a public URL, not even with DEBUG on: each kind of stored file
has a view here that finds its owner among the objects the user may read (404 otherwise, as
for the data itself) and then hands the file over. In production the web server sends the
bytes (PROTECTED_MEDIA_SERVER: "nginx" answers with X-Accel-Redirect to an `internal`
location, "apache" with X-Sendfile); "django" streams them from the application.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import content_disposition_header

from evaluation.models import IndicatorValue
from evaluation.selectors import evaluation_list
from monitoring.ledger.selectors import upload_batch_list

SERVERS = ("django", "nginx", "apache")


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


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator value's evidence, for the readers of its evaluation."""
    value = get_object_or_404(
        IndicatorValue.objects.filter(evaluation__in=evaluation_list(user=request.user)), pk=pk
    )
    return protected_file_response(value.evidence)


@login_required
def ledger_upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded ledger as it was sent, for its uploader, regulators and staff."""
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    return protected_file_response(batch.file, filename=batch.original_name)


urlpatterns = [
    path("evidence/<int:pk>/", evidence_file, name="evidence"),
    path("ledger-uploads/<int:pk>/", ledger_upload_file, name="ledger-upload"),
]

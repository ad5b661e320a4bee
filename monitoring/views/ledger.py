"""Portal pages for ledger uploads: upload, follow the batch, read its report, confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.filters import UploadBatchFilter
from monitoring.ledger.messages import batch_changes, batch_errors, batch_message
from monitoring.ledger.selectors import upload_batch_list
from monitoring.ledger.services import ledger_upload_confirm, upload_batch_create
from monitoring.ledger.template import error_report_csv, ledger_template_file
from monitoring.models import UploadBatch
from parks.selectors import enterprise_list_reportable
from wastewatch.files import protected_file_response
from wastewatch.paging import list_page
from wastewatch.roles import reads_whole_city
from wastewatch.tabular import FileRejected, upload_read

SHOWN_ROWS = 200
PAGE_SIZE = 25


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ledger file (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


@login_required
def ledger_upload_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            body = upload_read(upload, limit=settings.LEDGER_UPLOAD_MAX_BYTES)
            batch, created = upload_batch_create(actor=request.user, name=upload.name, data=body)
        except FileRejected as rejected:
            form.add_error("file", str(rejected))
        except PermissionDenied as denied:
            form.add_error("file", str(denied))
        except ValidationError as invalid:
            form.add_error("file", invalid.message_dict.get("file", invalid.messages))
        else:
            if not created:
                messages.info(
                    request,
                    _(
                        "This file was uploaded before: here is its batch. "
                        "It is never ingested twice."
                    ),
                )
            return redirect("monitoring:ledger-upload-detail", pk=batch.pk)
    batches = upload_batch_list(user=request.user).order_by("-uploaded_at", "-pk")
    filters = UploadBatchFilter(request.GET, queryset=batches, request=request)
    page, query = list_page(request, filters.qs, PAGE_SIZE)
    return render(
        request,
        "monitoring/ledger_upload_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query,
            "can_upload": enterprise_list_reportable(user=request.user).exists(),
            "template_language": _template_language(request),
        },
    )


def _file_readable(request: HttpRequest, batch: UploadBatch) -> bool:
    return batch.uploaded_by_id == request.user.pk or reads_whole_city(request.user)


def _in_progress(batch: UploadBatch) -> bool:
    return batch.status in (UploadBatch.Status.RECEIVED, UploadBatch.Status.VALIDATING)


def _percent(batch: UploadBatch) -> int:
    return int(100 * batch.rows_checked / batch.rows_total) if batch.rows_total else 0


@login_required
def ledger_upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    return render(
        request,
        "monitoring/ledger_upload_detail.html",
        {
            "batch": batch,
            "in_progress": _in_progress(batch),
            "percent": _percent(batch),
            "message": batch_message(batch),
            "errors": batch_errors(batch.errors[:SHOWN_ROWS]),
            "changes": batch_changes(batch.changes[:SHOWN_ROWS]),
            "shown_rows": SHOWN_ROWS,
            "can_download": _file_readable(request, batch),
            "can_confirm": batch.status == UploadBatch.Status.AWAITING_CONFIRMATION
            and batch.uploaded_by_id == request.user.pk,
        },
    )


@login_required
def ledger_upload_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's progress, which its page asks for every 2 seconds (htmx) while the file is
    checked; once it is done, the page is told to reload itself once to show the report."""
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    response = render(
        request,
        "monitoring/_ledger_upload_progress.html",
        {"batch": batch, "in_progress": _in_progress(batch), "percent": _percent(batch)},
    )
    if not _in_progress(batch):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def ledger_upload_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    try:
        ledger_upload_confirm(actor=request.user, batch=batch)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(request, _("The correction was applied."))
    return redirect("monitoring:ledger-upload-detail", pk=batch.pk)


@login_required
def ledger_upload_error_report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    response = HttpResponse(error_report_csv(batch.errors), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="upload-{batch.pk}-errors.csv"'
    return response


def _template_language(request: HttpRequest) -> str:
    """The template's language: the one asked for (?lang=), else the page's."""
    asked = request.GET.get("lang") or get_language() or ""
    return "en" if asked.startswith("en") else "zh-hans"


@login_required
def ledger_template(request: HttpRequest, file_format: str) -> HttpResponse:
    body, kind, name = ledger_template_file(
        file_format=file_format, language=_template_language(request)
    )
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def ledger_upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded ledger as it was sent, for its uploader, regulators and staff: the
    uploader's colleagues read its report and figures, not the file (which may hold rows,
    sheets and columns the platform never took in)."""
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    if not _file_readable(request, batch):
        raise Http404
    return protected_file_response(batch.file, filename=batch.original_name)

"""Portal pages for ledger uploads: upload, follow the batch, read its report, confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from monitoring.ledger.selectors import upload_batch_list
from monitoring.ledger.services import ledger_upload_confirm, upload_batch_create
from monitoring.ledger.template import (
    error_report_csv,
    ledger_template_csv,
    ledger_template_xlsx,
)
from monitoring.models import UploadBatch
from parks.selectors import enterprise_list_reportable
from wastewatch.files import protected_file_response
from wastewatch.tabular import FileRejected, upload_read

SHOWN_ROWS = 200


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
    return render(
        request,
        "monitoring/ledger_upload_list.html",
        {
            "form": form,
            "batches": upload_batch_list(user=request.user)[:50],
            "can_upload": enterprise_list_reportable(user=request.user).exists(),
        },
    )


@login_required
def ledger_upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    in_progress = batch.status in (UploadBatch.Status.RECEIVED, UploadBatch.Status.VALIDATING)
    return render(
        request,
        "monitoring/ledger_upload_detail.html",
        {
            "batch": batch,
            "in_progress": in_progress,
            "percent": int(100 * batch.rows_checked / batch.rows_total) if batch.rows_total else 0,
            "errors": batch.errors[:SHOWN_ROWS],
            "changes": batch.changes[:SHOWN_ROWS],
            "shown_rows": SHOWN_ROWS,
            "can_confirm": batch.status == UploadBatch.Status.AWAITING_CONFIRMATION
            and batch.uploaded_by_id == request.user.pk,
        },
    )


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


@login_required
def ledger_template(request: HttpRequest, file_format: str) -> HttpResponse:
    language = "en" if request.GET.get("lang") == "en" else "zh-hans"
    if file_format == "csv":
        response = HttpResponse(ledger_template_csv(language=language), content_type="text/csv")
    else:
        response = HttpResponse(
            ledger_template_xlsx(language=language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="ledger-template.{file_format}"'
    return response


@login_required
def ledger_upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded ledger as it was sent, for its uploader, regulators and staff."""
    batch = get_object_or_404(upload_batch_list(user=request.user), pk=pk)
    return protected_file_response(batch.file, filename=batch.original_name)

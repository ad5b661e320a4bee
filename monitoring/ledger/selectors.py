"""Reads of uploads and ledger figures, scoped by role."""

from django.db.models import QuerySet

from monitoring.models import LedgerEntry, UploadBatch
from parks.selectors import enterprise_list
from wastewatch.roles import User, reads_whole_city


def upload_batch_list(*, user: User) -> QuerySet[UploadBatch]:
    """Uploads the user may see: their own; regulators and staff see all."""
    batches = UploadBatch.objects.select_related("uploaded_by")
    if reads_whole_city(user):
        return batches
    if not user.is_authenticated:
        return batches.none()
    return batches.filter(uploaded_by=user)


def ledger_entry_list(*, user: User, current_only: bool = True) -> QuerySet[LedgerEntry]:
    """Ledger figures of the enterprises the user may read; with current_only=False, the
    superseded versions too (the history of each figure)."""
    entries = LedgerEntry.objects.filter(enterprise__in=enterprise_list(user=user))
    if current_only:
        entries = entries.filter(superseded_at__isnull=True)
    return entries.select_related("enterprise", "category", "created_by", "batch")

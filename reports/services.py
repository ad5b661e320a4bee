"""Issuing compliance reports and declarations: idempotent, immutable, versioned.

A report is built from the figures recorded by its cut-off (now), hashed, and compared with
the latest version of the same scope, span, period and language: the same figures make no new
version (the latest is returned); different ones make the next version, whose `changes` say
what changed since the previous one (the ledger corrections applied since its cut-off, and the
rows of each section). Files are written once, with their SHA-256 and size, and never
rewritten."""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from monitoring.ledger.selectors import ledger_corrections
from parks.models import Enterprise, Park
from parks.selectors import park_enterprise_ids
from reports.content import ReportContent, report_content
from reports.declaration import (
    declaration_content,
    declarations_due_after,
    span_months,
    span_start,
)
from reports.formats import csv_zip_bytes, xlsx_bytes
from reports.models import (
    ComplianceReport,
    ReportBuild,
    ReportDownload,
    ReportFile,
    period_label,
)
from reports.pdf import pdf_bytes
from wastewatch.db_router import replica_reads
from wastewatch.locks import advisory_xact_lock
from wastewatch.roles import User, is_regulator, is_staff_admin

logger = logging.getLogger(__name__)

Language = ComplianceReport.Language
Span = ComplianceReport.Span


@dataclass
class Issued:
    report: ComplianceReport
    created: bool


def report_can_issue(*, user: User) -> bool:
    """The regulator and staff issue reports on demand; the schedule issues the rest."""
    return user.is_authenticated and (is_regulator(user) or is_staff_admin(user))


Progress = Callable[[str], None]  # told each ReportBuild.Step as it starts


def report_issue(
    *,
    park: Park | None,
    period: date,
    language: str = Language.ZH_HANS,
    actor: User | None = None,
    enterprise: Enterprise | None = None,
    span: str = Span.MONTH,
    progress: Progress | None = None,
) -> Issued:
    """The report of `park` (None: the city) for the month `period`, or with `enterprise`
    that enterprise's declaration for the `span` (month, quarter or year) holding `period`,
    issued if its figures differ from the latest version's (see the module's note).

    The figures and the files are made before the transaction that stores them, so that
    `progress` can be seen while they are (and no lock is held for their seconds); the
    transaction then makes sure no other issue stored the same figures or took the version
    number meanwhile."""
    tell = progress or (lambda step: None)
    if enterprise is None:
        if span != Span.MONTH:
            raise ValueError("City and park reports are monthly; only declarations span more.")
        period = period.replace(day=1)
        scope = ComplianceReport.Scope.CITY if park is None else ComplianceReport.Scope.PARK
        where = "city" if park is None else park.code
    else:
        if park is not None:
            raise ValueError("A declaration is an enterprise's, not a park's.")
        period = span_start(span, period)
        scope, where = ComplianceReport.Scope.ENTERPRISE, enterprise.credit_code
    label = period_label(span, period)
    versions = ComplianceReport.objects.filter(
        scope=scope, park=park, enterprise=enterprise, span=span, period=period, language=language
    ).order_by("-version")

    tell(ReportBuild.Step.FIGURES)
    with replica_reads():  # the figures read from the read replica, if any, once caught up
        if enterprise is None:
            content = report_content(park=park, period=period, language=language)
        else:
            content = declaration_content(
                enterprise=enterprise, span=span, period=period, language=language
            )
    digest = content.figures_sha256()
    latest = versions.first()
    if latest is not None and latest.figures_sha256 == digest:
        return Issued(latest, created=False)
    version = latest.version + 1 if latest else 1
    issued_at = timezone.now()
    files = _files(content, version=version, issued_at=issued_at, tell=tell)

    tell(ReportBuild.Step.STORE)
    with transaction.atomic():
        # One issue at a time per scope and span: two at once must not both make version n + 1.
        advisory_xact_lock(f"report-issue:{scope}:{where}:{label}")
        latest = versions.select_for_update().first()
        if latest is not None and latest.figures_sha256 == digest:
            return Issued(latest, created=False)  # issued by another meanwhile
        if (latest.version + 1 if latest else 1) != version:  # another version came in between
            version = latest.version + 1
            files = _files(content, version=version, issued_at=issued_at, tell=lambda step: None)
        report = ComplianceReport.objects.create(
            scope=scope,
            park=park,
            enterprise=enterprise,
            span=span,
            period=period,
            language=language,
            version=version,
            cutoff=content.cutoff,
            issued_at=issued_at,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
            figures_sha256=digest,
            changes=_changes(content, latest),
        )
        stem = f"{where}-{label}-{language}-v{version}"
        for kind, data in files.items():
            extension = "zip" if kind == ReportFile.Format.CSV else kind
            stored = ReportFile(
                report=report,
                format=kind,
                sha256=hashlib.sha256(data).hexdigest(),
                size_bytes=len(data),
            )
            stored.file.save(f"{stem}.{extension}", ContentFile(data), save=False)
            stored.save()
    return Issued(report, created=True)


def _files(
    content: ReportContent, *, version: int, issued_at: datetime, tell: Progress
) -> dict[str, bytes]:
    files = {}
    for kind, write in (
        (ReportFile.Format.XLSX, xlsx_bytes),
        (ReportFile.Format.CSV, csv_zip_bytes),
        (ReportFile.Format.PDF, pdf_bytes),
    ):
        tell(kind)
        files[kind] = write(content, version=version, issued_at=issued_at)
    return files


def report_build_request(
    *,
    actor: User,
    park: Park | None,
    enterprise: Enterprise | None,
    span: str,
    period: date,
    language: str,
) -> ReportBuild:
    """Ask for a report from the portal: recorded, then built by a worker (at once when no
    broker is configured), its steps shown on the build's page."""
    from reports.tasks import report_build_task

    if enterprise is not None:
        scope = ComplianceReport.Scope.ENTERPRISE
    else:
        scope = ComplianceReport.Scope.CITY if park is None else ComplianceReport.Scope.PARK
    build = ReportBuild.objects.create(
        requested_by=actor,
        scope=scope,
        park=park,
        enterprise=enterprise,
        span=span,
        period=period,
        language=language,
    )
    transaction.on_commit(lambda: report_build_task.delay(build_id=build.pk))
    return build


def report_build_run(*, build_id: int) -> ReportBuild:
    """Build the report a ReportBuild asks for, writing each step as it starts (autocommit:
    the asking page reads them while the report is built)."""
    build = ReportBuild.objects.select_related("requested_by", "park", "enterprise").get(
        pk=build_id
    )
    if build.status in (ReportBuild.Status.DONE, ReportBuild.Status.FAILED):
        return build  # a task delivered twice
    steps = [step for step, _label in ReportBuild.Step.choices]

    def tell(step: str) -> None:
        ReportBuild.objects.filter(pk=build.pk).update(
            status=ReportBuild.Status.BUILDING, step=step, steps_done=steps.index(step)
        )

    try:
        issued = report_issue(
            park=build.park,
            enterprise=build.enterprise,
            span=build.span,
            period=build.period,
            language=build.language,
            actor=build.requested_by,
            progress=tell,
        )
    except Exception as failure:  # shown on the build's page; the trace goes to the log
        logger.exception("report build %s failed", build.pk)
        ReportBuild.objects.filter(pk=build.pk).update(
            status=ReportBuild.Status.FAILED, error=f"{type(failure).__name__}: {failure}"
        )
        return ReportBuild.objects.get(pk=build.pk)
    ReportBuild.objects.filter(pk=build.pk).update(
        status=ReportBuild.Status.DONE,
        steps_done=len(steps),
        report=issued.report,
        created=issued.created,
    )
    build.refresh_from_db()
    return build


def _changes(content: ReportContent, previous: ComplianceReport | None) -> dict:
    """What changed since the previous version: the ledger figures of the month corrected
    since its cut-off, and each section's row count then and now."""
    if previous is None:
        return {}
    if content.enterprise is not None:
        enterprise_ids = [content.enterprise.pk]
    else:
        enterprise_ids = None if content.park is None else park_enterprise_ids(park=content.park)
    months = [
        ledger_corrections(period=month, since=previous.cutoff, enterprise_ids=enterprise_ids)
        for month in span_months(content.span, content.period)
    ]
    corrected = pd.concat([m for m in months if not m.empty] or months[:1], ignore_index=True)
    return {
        "previous_version": previous.version,
        "previous_cutoff": timezone.localtime(previous.cutoff).isoformat(),
        "corrections": [
            {
                "enterprise_id": int(row.enterprise_id),
                "category": row.category_code,
                "waste_code": row.waste_code,
                "flow": row.flow,
                "counterparty": row.counterparty,
                "before_t": round(row.before_t, 3),
                "after_t": None if row.after_t != row.after_t else round(row.after_t, 3),
            }
            for row in corrected.itertuples()
        ],
        "rows": {section.key: len(section.rows) for section in content.sections},
    }


def report_file_downloaded(*, file: ReportFile, user: User, via: str) -> None:
    """Log a download (who, which file, when, by portal or API)."""
    ReportDownload.objects.create(file=file, user=user if user.is_authenticated else None, via=via)


def reports_issue_month(*, period: date, actor: User | None = None) -> list[Issued]:
    """The city's report and every park's, in Chinese, for one month, and the declarations
    due once it has closed (reports.declaration.declarations_due_after): the schedule's job."""
    issued = [report_issue(park=None, period=period, actor=actor)]
    for park in Park.objects.order_by("code"):
        issued.append(report_issue(park=park, period=period, actor=actor))
    for enterprise, span, start in declarations_due_after(period):
        issued.append(
            report_issue(park=None, enterprise=enterprise, span=span, period=start, actor=actor)
        )
    return issued

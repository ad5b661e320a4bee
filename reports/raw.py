"""The bulk download of the raw records behind the reports: ledger entries, manifests, flags
and weigh-ticket daily roll-ups of any span of months, as CSV streamed to the client.

Each file is written row by row as the database hands the rows over (a server-side cursor in
each owning app's selector, then wastewatch.tabular_write.csv_stream), so a five-year city
download never sits in memory. Headers and labels are in the request's language; every cell
goes through the shared writer, so no text becomes a formula.

Who may download: the regulator and staff the whole city (or one park); a park operator its
own parks' records only, which it already reads through the API page by page; nobody else.
Every download is logged (RawDownload)."""

import re
from collections.abc import Callable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from detection.reasons import flag_cells
from detection.selectors import flag_period_list
from monitoring.ledger.selectors import ledger_entry_rows
from monitoring.manifests import manifest_figures, manifest_period_list
from monitoring.models import LedgerEntry, WeighTicket
from monitoring.selectors import weigh_ticket_daily_rows
from parks.models import Park
from parks.selectors import park_enterprise_ids, park_list, parks_operated
from reports.models import RawDownload
from wastewatch.db_router import replica_rows
from wastewatch.roles import User, reads_whole_city
from wastewatch.tabular_write import csv_stream

KINDS = RawDownload.Kind.values
MAX_MONTHS = 60  # one download's span: five years
CHUNK_SIZE = 2000  # rows fetched from the server-side cursor at a time
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_YEAR, LAST_YEAR = 2000, 2999  # the platform's records; keeps dates in range


def raw_can_download(*, user: User) -> bool:
    """The regulator and staff, and anyone operating a park."""
    return reads_whole_city(user) or parks_operated(user=user).exists()


def raw_parks(*, user: User) -> QuerySet[Park]:
    """The parks whose records the user may download: all of them for the city-wide roles,
    else the parks it operates."""
    if reads_whole_city(user):
        return park_list(user=user).order_by("code")
    return parks_operated(user=user).order_by("code")


def raw_enterprise_ids(*, user: User, park: Park | None) -> list[int] | None:
    """The enterprises whose records a download holds (None: every one, the city): the park's
    if one is chosen (it must be one of raw_parks), else all of the user's parks'."""
    if park is not None:
        return park_enterprise_ids(park=park)
    if reads_whole_city(user):
        return None
    return [pk for each in raw_parks(user=user) for pk in park_enterprise_ids(park=each)]


def month_parse(value: str) -> date | None:
    """A YYYY-MM month within the platform's records as its first day, else None."""
    match = MONTH.match(value or "")
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return date(int(match[1]), int(match[2]), 1)


def months_between(period_from: date, period_to: date) -> int:
    """How many months a download covers, both ends included."""
    return (period_to.year - period_from.year) * 12 + period_to.month - period_from.month + 1


# --- the files ---------------------------------------------------------------------------


def raw_headers(kind: str) -> list[str]:
    """The header row of a kind's file, in the active language."""
    if kind == RawDownload.Kind.LEDGER:
        return [
            _("Unified social credit code"),
            _("Enterprise"),
            _("Period"),
            _("Waste category"),
            _("Waste code"),
            _("Flow"),
            _("Counterparty credit code"),
            _("Transfer purpose"),
            _("Quantity (t)"),
            _("Source"),
            _("Upload"),
            _("Recorded at"),
        ]
    if kind == RawDownload.Kind.MANIFESTS:
        return [
            _("Manifest number"),
            _("Generator's credit code"),
            _("Generator"),
            _("Receiver's credit code"),
            _("Receiver"),
            _("Waste category"),
            _("Waste code"),
            _("Shipped at"),
            _("Shipped (t)"),
            _("Confirmation due"),
            _("Received at"),
            _("Received (t)"),
            _("Refused (t)"),
            _("Status"),
        ]
    if kind == RawDownload.Kind.FLAGS:
        return [
            _("Period"),
            _("Unified social credit code"),
            _("Enterprise"),
            _("Waste"),
            _("Check"),
            _("Severity"),
            _("Reasons"),
            _("Review"),
            _("Reviewed by"),
            _("Reviewed at"),
            _("Review note"),
        ]
    if kind == RawDownload.Kind.ROLLUPS:
        return [
            _("Monitoring point"),
            _("Unified social credit code"),
            _("Day"),
            _("Waste category"),
            pgettext("weighing", "Direction"),
            _("Net (t)"),
            _("Tickets"),
        ]
    raise ValueError(f"unknown kind {kind!r}")


def raw_csv_rows(
    kind: str,
    *,
    period_from: date,
    period_to: date,
    enterprise_ids: list[int] | None,
    language: str,
) -> Iterator[list]:
    """The header row, then one row per record of the months from `period_from` to
    `period_to` of `enterprise_ids` (None: the city), labels in `language`. Lazy: no record is
    read before the first row after the header is asked for; the records are read from the
    read replica when there is one (wastewatch.db_router)."""
    rows = replica_rows(_ROWS[kind](period_from, period_to, enterprise_ids))
    return _in_language(_with_header(kind, rows), language)


def raw_csv_stream(
    kind: str,
    *,
    period_from: date,
    period_to: date,
    enterprise_ids: list[int] | None,
    language: str,
) -> Iterator[bytes]:
    """raw_csv_rows as UTF-8 CSV with a BOM (Excel then reads Chinese), in chunks."""
    return csv_stream(
        raw_csv_rows(
            kind,
            period_from=period_from,
            period_to=period_to,
            enterprise_ids=enterprise_ids,
            language=language,
        )
    )


def raw_filename(kind: str, *, period_from: date, period_to: date, park: Park | None) -> str:
    """ledger-2026-01_2026-03.csv, or ledger-PA-2026-01_2026-03.csv for one park."""
    where = "" if park is None else re.sub(r"[^A-Za-z0-9_-]", "_", park.code) + "-"
    return f"{kind}-{where}{period_from:%Y-%m}_{period_to:%Y-%m}.csv"


def _with_header(kind: str, rows: Iterator[list]) -> Iterator[list]:
    yield raw_headers(kind)
    yield from rows


def _in_language(rows: Iterator[list], language: str) -> Iterator[list]:
    """Each row made with `language` active, and only while it is made: the rows are made
    while the response streams, after the request's own language is gone."""
    while True:
        with translation.override(language):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row


def _local(moment) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _ledger_rows(period_from: date, period_to: date, ids: list[int] | None) -> Iterator[list]:
    flows, purposes = dict(LedgerEntry.Flow.choices), dict(LedgerEntry.Purpose.choices)
    sources = dict(LedgerEntry.Source.choices)
    entries = ledger_entry_rows(
        period_from=period_from, period_to=period_to, enterprise_ids=ids, chunk_size=CHUNK_SIZE
    )
    for code, name, period, category, waste, flow, other, purpose, t, source, batch, at in entries:
        yield [
            code,
            name,
            f"{period:%Y-%m}",
            category,
            waste,
            str(flows.get(flow, flow)),
            other,
            str(purposes.get(purpose, purpose)),
            t,
            str(sources.get(source, source)),
            batch,
            _local(at),
        ]


def _manifest_rows(period_from: date, period_to: date, ids: list[int] | None) -> Iterator[list]:
    today = timezone.localdate()
    manifests = manifest_period_list(
        period_from=period_from, period_to=period_to, enterprise_ids=ids
    )
    for manifest in manifests.iterator(chunk_size=CHUNK_SIZE):
        figures = manifest_figures(manifest=manifest, today=today)
        if manifest.received_at is not None:
            status = _("confirmed late") if figures.is_late else _("confirmed")
        else:
            status = _("unconfirmed, overdue") if figures.is_overdue else _("awaiting receipt")
        yield [
            manifest.number,
            manifest.generator.credit_code,
            manifest.generator.name,
            manifest.receiver.credit_code,
            manifest.receiver.name,
            manifest.category.code,
            manifest.waste_code,
            _local(manifest.shipped_at),
            manifest.quantity_shipped_t,
            manifest.confirmation_due,
            _local(manifest.received_at),
            manifest.quantity_received_t,
            manifest.quantity_refused_t,
            status,
        ]


def _flag_rows(period_from: date, period_to: date, ids: list[int] | None) -> Iterator[list]:
    flags = flag_period_list(period_from=period_from, period_to=period_to, enterprise_ids=ids)
    for flag in flags.iterator(chunk_size=CHUNK_SIZE):
        yield [
            f"{flag.period:%Y-%m}",
            flag.enterprise.credit_code,
            flag.enterprise.name,
            *flag_cells(flag),
            _local(flag.reviewed_at),
            flag.review_note,
        ]


def _rollup_rows(period_from: date, period_to: date, ids: list[int] | None) -> Iterator[list]:
    directions = dict(WeighTicket.Direction.choices)
    days = weigh_ticket_daily_rows(
        period_from=period_from, period_to=period_to, enterprise_ids=ids, chunk_size=CHUNK_SIZE
    )
    for point, code, day, category, direction, net_t, tickets in days:
        direction = str(directions.get(direction, direction))
        yield [point, code, day, category, direction, net_t, tickets]


_ROWS: dict[str, Callable[[date, date, list[int] | None], Iterator[list]]] = {
    RawDownload.Kind.LEDGER: _ledger_rows,
    RawDownload.Kind.MANIFESTS: _manifest_rows,
    RawDownload.Kind.FLAGS: _flag_rows,
    RawDownload.Kind.ROLLUPS: _rollup_rows,
}


# --- the download ------------------------------------------------------------------------


def raw_download_log(
    *,
    user: User,
    kind: str,
    period_from: date,
    period_to: date,
    park: Park | None,
    via: str,
) -> RawDownload:
    return RawDownload.objects.create(
        user=user if user.is_authenticated else None,
        kind=kind,
        period_from=period_from,
        period_to=period_to,
        park=park,
        via=via,
    )


def raw_download_response(
    *,
    user: User,
    kind: str,
    period_from: date,
    period_to: date,
    park: Park | None,
    via: str,
    language: str,
) -> StreamingHttpResponse:
    """The file as a streamed attachment, logged. The caller has checked raw_can_download and
    that `park` is one of raw_parks; the rows are read while the response is sent."""
    enterprise_ids = raw_enterprise_ids(user=user, park=park)
    raw_download_log(
        user=user, kind=kind, period_from=period_from, period_to=period_to, park=park, via=via
    )
    response = StreamingHttpResponse(
        raw_csv_stream(
            kind,
            period_from=period_from,
            period_to=period_to,
            enterprise_ids=enterprise_ids,
            language=language,
        ),
        content_type="text/csv; charset=utf-8",
    )
    name = raw_filename(kind, period_from=period_from, period_to=period_to, park=park)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Reads of uploads and ledger figures, scoped by role."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
from django.db import connection
from django.db.models import Count, DateField, F, FloatField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncMonth

from monitoring.models import LedgerEntry, Manifest, UploadBatch, WasteCategory
from parks.selectors import enterprise_codes, enterprise_labels, enterprise_list, reporters_within
from wastewatch.roles import User, reads_whole_city


def upload_batch_list(*, user: User) -> QuerySet[UploadBatch]:
    """Uploads the user may see: regulators and staff all; others their own and those of the
    people whose reporting rights lie within their scope (parks.selectors.reporters_within):
    an upload can only hold its uploader's enterprises' figures, so a park operator reads the
    uploads for their parks' enterprises, an enterprise user those for their enterprise.
    Confirming a correction stays with its uploader (ledger_upload_confirm)."""
    batches = UploadBatch.objects.select_related("uploaded_by")
    if reads_whole_city(user):
        return batches
    if not user.is_authenticated:
        return batches.none()
    return batches.filter(Q(uploaded_by=user) | Q(uploaded_by__in=reporters_within(user=user)))


def ledger_entry_list(*, user: User, current_only: bool = True) -> QuerySet[LedgerEntry]:
    """Ledger figures of the enterprises the user may read; with current_only=False, the
    superseded versions too (the history of each figure)."""
    entries = LedgerEntry.objects.filter(enterprise__in=enterprise_list(user=user))
    if current_only:
        entries = entries.filter(superseded_at__isnull=True)
    return entries.select_related("enterprise", "category", "created_by", "batch")


def ledger_flow_totals(
    *, period_from: date, period_to: date, enterprise_ids: list[int] | None = None
) -> pd.DataFrame:
    """Current ledger figures of the months from `period_from` to `period_to`, per enterprise
    and waste category, for the statistics built on them (indicators, evaluations).

    One row per (enterprise_id, category_id) with: credit_code, category (code), hazardous;
    generated, received, utilised, disposed, transferred_out summed over the months; opening
    (the stock opening the series' first month in the range) and closing (closing its last);
    months (how many were reported); and what was transferred out split by its use
    (transferred_utilised / transferred_disposed / transferred_stored / transferred_unknown),
    in this order of evidence:

    1. the purpose the line declares (委托利用, 委托处置, 委托贮存): the whole line;
    2. a line without one: the receiver's own utilised vs disposed share of the category in
       the same months, if it is registered and handled some;
    3. hazardous waste still unknown: the sender's confirmed manifests of the category shipped
       that month to a receiver not already counted by 2, each receipt split by that
       receiver's utilised vs disposed share of the category in that month (a manifest holds
       no handling of its own), up to the tonnes still unknown.

    What none of them explains stays transferred_unknown.
    """
    lines = ledger_flow_lines(spans=[(period_from, period_to)], enterprise_ids=enterprise_ids)
    return ledger_flow_totals_of(lines, period_from=period_from, period_to=period_to)


@dataclass
class LedgerLines:
    """The current ledger lines of some months, read once, from which the totals of any span
    among them are derived (ledger_flow_totals_of) without reading the ledger again."""

    spans: list[tuple[date, date]]
    # One row per current line (unique: see LedgerEntry's constraint): SERIES, period, flow,
    # counterparty, purpose, waste_code, LABELS, t, and month (the period's month_number).
    rows: pd.DataFrame
    # What the receivers named by the lines without a declared purpose utilised or disposed
    # of (rule 2): receiver (credit code), category_id, period, flow, t, month.
    handled: pd.DataFrame
    # Totals already derived, by the months of lines (and of handling) a span holds: two
    # spans holding the same months have the same totals (a January's month and year to date,
    # or any month whose earlier months have no lines yet).
    derived: dict[tuple, pd.DataFrame] = field(default_factory=dict)
    # The months (month_number) that hold lines, and handling: a span's totals are known by
    # them without selecting its rows (a report derives 24 months' totals, most alike).
    months_of_rows: frozenset[int] = field(init=False)
    months_of_handled: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        self.months_of_rows = frozenset(self.rows["month"].unique().tolist())
        self.months_of_handled = frozenset(self.handled["month"].unique().tolist())


LINE_COLUMNS = [
    "enterprise_id",
    "category_id",
    "period",
    "flow",
    "counterparty",
    "purpose",
    "waste_code",
    "credit_code",
    "category_code",
    "hazardous",
    "t",  # read last
]
HANDLED_COLUMNS = ["receiver", "category_id", "period", "flow", "t"]
FLOW_DTYPE = pd.CategoricalDtype(LedgerEntry.Flow.values)


def month_number(periods: pd.Series) -> pd.Series:
    """year × 12 + month of each date in `periods`: spans are selected and series grouped by
    these integers, because comparing or grouping dates (Python objects) is a slow path in
    pandas, and a report selects its 24 months from the same lines."""
    number = {p: p.year * 12 + p.month for p in periods.unique().tolist()}
    return periods.map(number).astype("int64")


def _in_spans(spans: list[tuple[date, date]]) -> Q:
    condition = Q()
    for period_from, period_to in spans:
        condition |= Q(period__gte=period_from, period__lte=period_to)
    return condition


def ledger_flow_lines(
    *, spans: list[tuple[date, date]], enterprise_ids: list[int] | None = None
) -> LedgerLines:
    """The current ledger lines of the months in `spans` (each from, to inclusive), of
    `enterprise_ids` (every enterprise for None), and the handling of the receivers they name:
    one read for the totals of each span (ledger_flow_totals_of)."""
    entries = LedgerEntry.objects.filter(_in_spans(spans), superseded_at__isnull=True)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    read = [c for c in LINE_COLUMNS if c not in LABELS]
    rows = pd.DataFrame.from_records(
        entries.order_by().values_list(*read[:-1], Cast("quantity_t", FloatField())),
        columns=read,
    )
    rows["t"] = rows["t"].astype(float)
    # The labels from the registry's and the catalogue's small tables, by id, rather than
    # joined to each of 100,000s of lines (a fifth of the read).
    rows["credit_code"] = rows["enterprise_id"].map(
        enterprise_codes(ids=rows["enterprise_id"].unique().tolist())
    )
    categories = WasteCategory.objects.values_list("pk", "code", "is_hazardous")
    rows["category_code"] = rows["category_id"].map({pk: code for pk, code, _ in categories})
    rows["hazardous"] = rows["category_id"].map({pk: hazardous for pk, _, hazardous in categories})
    rows["month"] = month_number(rows["period"])
    # A category: grouping by flow then takes its codes instead of hashing 100,000s of texts.
    rows["flow"] = rows["flow"].astype(FLOW_DTYPE)
    handled = _receivers_handled(rows, spans, whole_city=not enterprise_ids)
    handled["month"] = month_number(handled["period"])
    return LedgerLines(spans, rows, handled)


def _receivers_handled(
    rows: pd.DataFrame, spans: list[tuple[date, date]], *, whole_city: bool
) -> pd.DataFrame:
    """Rule 2's figures: what each receiver named by a line without a declared purpose
    utilised or disposed of, per category and month. A receiver with lines among `rows` has
    all its lines of these months there; only the others are read (none for the whole city,
    whose lines are all there)."""
    sent = rows[
        (rows["flow"] == LedgerEntry.Flow.TRANSFERRED_OUT)
        & (rows["purpose"] == "")
        & (rows["counterparty"] != "")
    ]
    codes = set(sent["counterparty"].tolist())  # (iterating a str column is slow)
    if not codes:
        return pd.DataFrame(columns=HANDLED_COLUMNS)
    own = rows[rows["flow"].isin(HANDLING) & rows["credit_code"].isin(codes)]
    parts = [own.rename(columns={"credit_code": "receiver"})[HANDLED_COLUMNS]]
    others = codes - set(rows["credit_code"].tolist())
    if others and not whole_city:
        # Found by id (the registry's codes looked up first), not by joining every line.
        codes_by_id = {e.pk: e.credit_code for e in enterprise_labels(credit_codes=list(others))}
        theirs = pd.DataFrame.from_records(
            LedgerEntry.objects.filter(
                _in_spans(spans),
                superseded_at__isnull=True,
                enterprise_id__in=list(codes_by_id),
                flow__in=HANDLING,
            )
            .order_by()
            .values_list(
                "enterprise_id", "category_id", "period", "flow", Cast("quantity_t", FloatField())
            ),
            columns=["enterprise_id", *HANDLED_COLUMNS[1:]],
        )
        theirs["receiver"] = theirs.pop("enterprise_id").map(codes_by_id)
        parts.append(theirs[HANDLED_COLUMNS])
    handled = pd.concat(parts, ignore_index=True)
    handled["t"] = handled["t"].astype(float)
    return handled


def ledger_flow_totals_of(
    lines: LedgerLines,
    *,
    period_from: date,
    period_to: date,
    months: list[date] | None = None,
) -> pd.DataFrame:
    """ledger_flow_totals of the span from `period_from` to `period_to`, from lines already
    read (the span must be one of `lines.spans` or within one); of its `months` only, if given
    (the same months as another span's, a year before, whichever months lie between)."""
    _check_read(lines, period_from, period_to)
    first, last = (p.year * 12 + p.month for p in (period_from, period_to))
    wanted = None if months is None else {p.year * 12 + p.month for p in months}
    key = tuple(
        frozenset(
            month
            for month in held
            if first <= month <= last and (wanted is None or month in wanted)
        )
        for held in (lines.months_of_rows, lines.months_of_handled)
    )
    if key not in lines.derived:
        rows, handled = lines.rows, lines.handled
        lines.derived[key] = _totals(
            rows[rows["month"].isin(list(key[0]))], handled[handled["month"].isin(list(key[1]))]
        )
    return lines.derived[key].copy()


def ledger_months_of(lines: LedgerLines, *, period_from: date, period_to: date) -> list[date]:
    """The months of the span (within lines already read) that hold ledger lines, oldest
    first: the months a span's figures actually cover."""
    _check_read(lines, period_from, period_to)
    first, last = (p.year * 12 + p.month for p in (period_from, period_to))
    return [
        date((month - 1) // 12, (month - 1) % 12 + 1, 1)
        for month in sorted(lines.months_of_rows)
        if first <= month <= last
    ]


def _totals(rows: pd.DataFrame, handled: pd.DataFrame) -> pd.DataFrame:
    """ledger_flow_totals of the lines `rows`, with the receivers' `handled` of their months."""
    if rows.empty:
        return pd.DataFrame(columns=[*SERIES, *LABELS, *TOTALS])
    totals = (
        rows.groupby([*SERIES, "flow"], observed=True)["t"]
        .sum()
        .unstack("flow", fill_value=0.0)
        .reindex(columns=LedgerEntry.Flow.values, fill_value=0.0)
    )
    totals.columns.name = None
    labels = rows.drop_duplicates(SERIES).set_index(SERIES)[LABELS]
    totals = labels.join(totals).reset_index()
    # The first and last month of each series.
    span = rows.groupby(SERIES, as_index=False)["month"].agg(
        first="min", last="max", months="nunique"
    )
    stocks = rows[rows["flow"].isin(["opening_stock", "closing_stock"])]
    stocks = stocks.groupby([*SERIES, "month", "flow"], as_index=False, observed=True)["t"].sum()
    for column, flow, month in (
        ("opening", "opening_stock", "first"),
        ("closing", "closing_stock", "last"),
    ):
        stock = stocks[stocks["flow"] == flow].rename(columns={"month": month, "t": column})
        span = span.merge(stock[[*SERIES, month, column]], on=[*SERIES, month], how="left")
    totals = totals.merge(span, on=SERIES)
    totals[["opening", "closing"]] = totals[["opening", "closing"]].astype(float).fillna(0.0)
    totals = totals.merge(_transfers_by_use(rows, handled), on=SERIES, how="left")
    totals[BY_USE] = totals[BY_USE].astype(float).fillna(0.0)
    totals["transferred_unknown"] = (totals["transferred_out"] - totals[BY_USE].sum(axis=1)).clip(
        lower=0.0
    )
    return totals[[*SERIES, *LABELS, *TOTALS]]


def _check_read(lines: LedgerLines, period_from: date, period_to: date) -> None:
    if not any(a <= period_from and period_to <= b for a, b in lines.spans):
        raise ValueError(f"{period_from}–{period_to} is not among the months read")


HANDLING = ["utilised", "disposed"]


SERIES = ["enterprise_id", "category_id"]
LABELS = ["credit_code", "category_code", "hazardous"]
USE_COLUMN = {
    LedgerEntry.Purpose.UTILISATION: "transferred_utilised",
    LedgerEntry.Purpose.DISPOSAL: "transferred_disposed",
    LedgerEntry.Purpose.STORAGE: "transferred_stored",
}
BY_USE = list(USE_COLUMN.values())
TOTALS = [
    "generated",
    "received",
    "utilised",
    "disposed",
    "transferred_out",
    "opening",
    "closing",
    "months",
    *BY_USE,
    "transferred_unknown",
]
# One part of a transfer and its use (a column of BY_USE): the long form every rule yields.
PARTS = [*SERIES, "period", "use", "t"]


def _transfers_by_use(rows: pd.DataFrame, handled: pd.DataFrame) -> pd.DataFrame:
    """Transfers out split by use, by the three rules of ledger_flow_totals: per SERIES, the
    tonnes of each column of BY_USE. `handled`: the receivers' handling in the same months."""
    out = rows[rows["flow"] == LedgerEntry.Flow.TRANSFERRED_OUT]
    declared = out[out["purpose"] != ""].assign(use=lambda f: f["purpose"].map(USE_COLUMN))
    undeclared = out[out["purpose"] == ""]
    by_receiver = _by_receivers_share(undeclared, handled)
    unknown = (
        undeclared[undeclared["hazardous"].astype(bool)]
        .groupby([*SERIES, "period"])["t"]
        .sum()
        .sub(by_receiver.groupby([*SERIES, "period"])["t"].sum(), fill_value=0.0)
    )
    unknown = unknown[unknown > 5e-4]
    counted = set()
    if not unknown.empty:  # the receivers rule 2 counted, of the hazardous categories
        keys = [*SERIES, "period", "counterparty"]
        hazardous = by_receiver[
            by_receiver["category_id"].isin(unknown.index.get_level_values("category_id"))
        ]
        counted = set(zip(*(hazardous[c].tolist() for c in keys), strict=True))
    by_manifest = _by_manifests(unknown, counted=counted)
    parts = pd.concat([declared[PARTS], by_receiver[PARTS], by_manifest[PARTS]], ignore_index=True)
    if parts.empty:
        return pd.DataFrame(columns=[*SERIES, *BY_USE])
    uses = parts.groupby([*SERIES, "use"])["t"].sum().unstack("use")
    uses = uses.reindex(columns=BY_USE, fill_value=0.0).fillna(0.0).reset_index()
    uses.columns.name = None
    return uses


def _by_receivers_share(sent: pd.DataFrame, handled: pd.DataFrame) -> pd.DataFrame:
    """Rule 2: each line to a registered receiver that utilised or disposed of the category in
    the span (`handled`), split by the receiver's utilised share (PARTS, with the
    counterparty)."""
    empty = pd.DataFrame(columns=[*PARTS, "counterparty"])
    sent = sent[sent["counterparty"] != ""]
    if sent.empty or handled.empty:
        return empty
    shares = _utilised_share(handled, ["receiver", "category_id"])
    sent = sent.merge(
        shares, left_on=["counterparty", "category_id"], right_on=["receiver", "category_id"]
    )
    sent = sent[sent["share"].notna()]
    return _split(sent, extra=["counterparty"])


def _by_manifests(unknown: pd.Series, *, counted: set[tuple]) -> pd.DataFrame:
    """Rule 3: per (enterprise, category, month) of hazardous tonnes still unknown, the
    confirmed manifests of the sender shipped that month to a receiver not `counted` for it,
    each split by its receiver's utilised share of the category that month; scaled down when
    they received more than is unknown (PARTS)."""
    empty = pd.DataFrame(columns=PARTS)
    if unknown.empty:
        return empty
    keys = unknown.rename("unknown").reset_index()
    receipts = pd.DataFrame.from_records(
        Manifest.objects.filter(
            generator_id__in=keys["enterprise_id"].unique().tolist(),
            category_id__in=keys["category_id"].unique().tolist(),
            received_at__isnull=False,
            quantity_received_t__gt=0,
        )
        .annotate(period=TruncMonth("shipped_at", output_field=DateField()))
        .filter(period__gte=keys["period"].min(), period__lte=keys["period"].max())
        .values(
            "period",
            "category_id",
            "receiver_id",
            enterprise_id=F("generator_id"),
            counterparty=F("receiver__credit_code"),
            t=F("quantity_received_t"),
        ),
        columns=[*SERIES, "period", "receiver_id", "counterparty", "t"],
    )
    if receipts.empty:
        return empty
    receipts = receipts.merge(keys, on=[*SERIES, "period"])
    receipts = receipts[
        [
            key not in counted
            for key in receipts[[*SERIES, "period", "counterparty"]].itertuples(
                index=False, name=None
            )
        ]
    ]
    if receipts.empty:
        return empty
    handled = pd.DataFrame.from_records(
        LedgerEntry.objects.filter(
            superseded_at__isnull=True,
            enterprise_id__in=receipts["receiver_id"].unique().tolist(),
            category_id__in=receipts["category_id"].unique().tolist(),
            period__in=receipts["period"].unique().tolist(),
            flow__in=["utilised", "disposed"],
        )
        .values("category_id", "period", "flow", receiver_id=F("enterprise_id"))
        .annotate(t=Sum("quantity_t")),
        columns=["category_id", "period", "flow", "receiver_id", "t"],
    )
    if handled.empty:
        return empty
    shares = _utilised_share(handled, ["receiver_id", "category_id", "period"])
    receipts = receipts.merge(shares, on=["receiver_id", "category_id", "period"])
    receipts = receipts[receipts["share"].notna()]
    if receipts.empty:
        return empty
    receipts["t"] = receipts["t"].astype(float)
    received = receipts.groupby([*SERIES, "period"])["t"].transform("sum")
    receipts["t"] = receipts["t"] * (receipts["unknown"] / received).clip(upper=1.0)
    return _split(receipts)


def _utilised_share(handled: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    """utilised ÷ (utilised + disposed) per `index` of a receiver's handled tonnes ("share",
    NaN where it handled none)."""
    handled = handled.assign(t=handled["t"].astype(float))
    shares = (
        handled.groupby([*index, "flow"], observed=True)["t"]
        .sum()
        .unstack("flow", fill_value=0.0)
        .reindex(columns=["utilised", "disposed"], fill_value=0.0)
    )
    total = shares["utilised"] + shares["disposed"]
    return (shares["utilised"] / total.where(total > 0)).rename("share").reset_index()


def _split(sent: pd.DataFrame, *, extra: list[str] | None = None) -> pd.DataFrame:
    """Each transfer (t, share) as its utilised and disposed parts, in PARTS."""
    columns = [*SERIES, "period", *(extra or [])]
    utilised = sent[columns].assign(use="transferred_utilised", t=sent["t"] * sent["share"])
    disposed = sent[columns].assign(use="transferred_disposed", t=sent["t"] * (1 - sent["share"]))
    return pd.concat([utilised, disposed], ignore_index=True)


def ledger_transfer_lines(*, period: date, enterprise_ids: list[int] | None = None) -> pd.DataFrame:
    """The month's current transfers out, per sender, category, waste code and counterparty
    (credit code as reported, "" when none is named): enterprise_id, category_id, category_code,
    hazardous, waste_code, counterparty, quantity_t."""
    entries = LedgerEntry.objects.filter(
        superseded_at__isnull=True, period=period, flow=LedgerEntry.Flow.TRANSFERRED_OUT
    )
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    columns = ["enterprise_id", "category_id", "category_code", "hazardous", "waste_code"]
    rows = entries.values(
        "enterprise_id",
        "category_id",
        "waste_code",
        "counterparty",
        category_code=F("category__code"),
        hazardous=F("category__is_hazardous"),
    ).annotate(quantity_t=Sum("quantity_t"))
    frame = pd.DataFrame.from_records(rows, columns=[*columns, "counterparty", "quantity_t"])
    frame["quantity_t"] = frame["quantity_t"].astype(float)
    return frame.sort_values(["enterprise_id", "category_code", "waste_code", "counterparty"])


def ledger_transfer_lines_of(lines: LedgerLines, *, period: date) -> pd.DataFrame:
    """ledger_transfer_lines of a month from lines already read (the month among them)."""
    _check_read(lines, period, period)
    rows = lines.rows
    month = period.year * 12 + period.month
    rows = rows[(rows["month"] == month) & (rows["flow"] == LedgerEntry.Flow.TRANSFERRED_OUT)]
    keys = ["enterprise_id", "category_id", "category_code", "hazardous", "waste_code"]
    frame = (
        rows.groupby([*keys, "counterparty"], as_index=False, sort=False)["t"]
        .sum()
        .rename(columns={"t": "quantity_t"})
    )
    return frame.sort_values(["enterprise_id", "category_code", "waste_code", "counterparty"])


def ledger_filings(*, period: date, enterprise_ids: list[int] | None = None) -> dict[int, datetime]:
    """When each enterprise first filed figures of the month (current or since corrected)."""
    entries = LedgerEntry.objects.filter(period=period)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    rows = entries.values("enterprise_id").annotate(first=Min("created_at")).order_by()
    return {row["enterprise_id"]: row["first"] for row in rows}


def ledger_last_period(*, enterprise_ids: list[int] | None = None) -> date | None:
    """The last month any of `enterprise_ids` (every enterprise for None) has current ledger
    figures of: what a summary, or an enterprise's series, shows unless told otherwise."""
    entries = LedgerEntry.objects.filter(superseded_at__isnull=True)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    return entries.aggregate(last=Max("period"))["last"]


def ledger_corrections(
    *, period: date, since: datetime, enterprise_ids: list[int] | None = None
) -> pd.DataFrame:
    """Figures of the month superseded after `since` (corrections applied since then): the
    enterprise, category, waste code and flow, the figure before and after."""
    entries = LedgerEntry.objects.filter(period=period, superseded_at__gt=since)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    columns = ["enterprise_id", "category_code", "waste_code", "flow", "counterparty", "before_t"]
    before = pd.DataFrame.from_records(
        entries.values_list(
            "enterprise_id", "category__code", "waste_code", "flow", "counterparty", "quantity_t"
        ),
        columns=columns,
    )
    if before.empty:
        return before.assign(after_t=pd.Series(dtype=float))
    keys = columns[:-1]
    current = LedgerEntry.objects.filter(
        superseded_at__isnull=True,
        period=period,
        enterprise_id__in=before["enterprise_id"].unique().tolist(),
    ).values_list(
        "enterprise_id", "category__code", "waste_code", "flow", "counterparty", "quantity_t"
    )
    after = pd.DataFrame.from_records(current, columns=[*keys, "after_t"])
    changed = (
        before.groupby(keys, as_index=False)["before_t"].first().merge(after, on=keys, how="left")
    )
    for column in ("before_t", "after_t"):
        changed[column] = changed[column].astype(float)
    return changed


def ledger_entry_rows(
    *,
    period_from: date,
    period_to: date,
    enterprise_ids: list[int] | None = None,
    chunk_size: int = 2000,
) -> Iterator[tuple]:
    """The current ledger figures of the months from `period_from` to `period_to` (both
    included), one tuple per figure in LEDGER_ROW_FIELDS' order, for bulk downloads: read
    through a server-side cursor `chunk_size` rows at a time, so memory stays flat whatever
    the span. Nothing is read until the first row is asked for."""
    entries = LedgerEntry.objects.filter(
        superseded_at__isnull=True, period__gte=period_from, period__lte=period_to
    )
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    return (
        entries.order_by(
            "enterprise__credit_code",
            "period",
            "category__code",
            "waste_code",
            "flow",
            "counterparty",
            "purpose",
        )
        .values_list(*LEDGER_ROW_FIELDS)
        .iterator(chunk_size=chunk_size)
    )


LEDGER_ROW_FIELDS = (
    "enterprise__credit_code",
    "enterprise__name",
    "period",
    "category__code",
    "waste_code",
    "flow",
    "counterparty",
    "purpose",
    "quantity_t",
    "source",
    "batch_id",
    "created_at",
)


def ledger_declaration_lines(
    *, enterprise_id: int, period_from: date, period_to: date
) -> pd.DataFrame:
    """One enterprise's current ledger figures of the months from `period_from` to
    `period_to`, line by line, for its declaration: period, category_code, category_name_zh,
    category_name_en, hazardous, waste_code ("" when the line names only the category), flow,
    counterparty (credit code as reported), purpose (of a transfer out, "" when unsaid) and
    quantity_t, ordered by category, waste code and month."""
    columns = [
        "period",
        "category_code",
        "category_name_zh",
        "category_name_en",
        "hazardous",
        "waste_code",
        "flow",
        "counterparty",
        "purpose",
        "quantity_t",
    ]
    entries = LedgerEntry.objects.filter(
        enterprise_id=enterprise_id,
        superseded_at__isnull=True,
        period__gte=period_from,
        period__lte=period_to,
    ).values_list(
        "period",
        "category__code",
        "category__name_zh",
        "category__name_en",
        "category__is_hazardous",
        "waste_code",
        "flow",
        "counterparty",
        "purpose",
        "quantity_t",
    )
    frame = pd.DataFrame.from_records(entries, columns=columns)
    frame["quantity_t"] = frame["quantity_t"].astype(float)
    return frame.sort_values(["category_code", "waste_code", "period"], ignore_index=True)


@dataclass(frozen=True)
class LedgerMonthFlow:
    """One flow of one waste in one month, summed over the ledger's lines (counterparties)."""

    category_code: str
    category_name_zh: str
    category_name_en: str
    waste_code: str
    period: date
    flow: str
    quantity_t: Decimal


def ledger_month_flows(
    *, enterprise_id: int, period_from: date, period_to: date
) -> list[LedgerMonthFlow]:
    """One enterprise's current figures of the months from `period_from` to `period_to`, per
    waste (category and 8-digit code), month and flow: an enterprise's monthly series."""
    rows = (
        LedgerEntry.objects.filter(
            enterprise_id=enterprise_id,
            superseded_at__isnull=True,
            period__gte=period_from,
            period__lte=period_to,
        )
        .values_list(
            "category__code",
            "category__name_zh",
            "category__name_en",
            "waste_code",
            "period",
            "flow",
        )
        .annotate(t=Sum("quantity_t"))
        .order_by("category__code", "waste_code", "period", "flow")
    )
    return [LedgerMonthFlow(*row) for row in rows]


@dataclass(frozen=True)
class LedgerUpload:
    """An upload batch that carried an enterprise's figures: how many, and how many of the
    enterprise's earlier figures it corrected (superseded)."""

    batch: UploadBatch
    lines: int
    corrected: int
    readable: bool  # whether the reader may open the batch's own page


def ledger_upload_history(*, user: User, enterprise_id: int) -> list[LedgerUpload]:
    """The uploads that carried or corrected one enterprise's ledger figures, newest first;
    `readable` says which of them the user may open (upload_batch_list's rule)."""
    entries = LedgerEntry.objects.filter(enterprise_id=enterprise_id).order_by()
    lines = dict(
        entries.filter(batch__isnull=False)
        .values("batch_id")
        .annotate(n=Count("pk"))
        .values_list("batch_id", "n")
    )
    corrected = dict(
        entries.filter(superseded_by_batch__isnull=False)
        .values("superseded_by_batch_id")
        .annotate(n=Count("pk"))
        .values_list("superseded_by_batch_id", "n")
    )
    ids = set(lines) | set(corrected)
    if not ids:
        return []
    readable = set(upload_batch_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))
    batches = UploadBatch.objects.filter(pk__in=ids).select_related("uploaded_by")
    return [
        LedgerUpload(
            batch, lines.get(batch.pk, 0), corrected.get(batch.pk, 0), batch.pk in readable
        )
        for batch in batches.order_by("-uploaded_at", "-pk")
    ]


def ledger_superseded_list(*, enterprise_id: int) -> QuerySet[LedgerEntry]:
    """One enterprise's superseded figures (each a correction), the latest corrected first,
    with the upload that superseded it."""
    return (
        LedgerEntry.objects.filter(enterprise_id=enterprise_id, superseded_at__isnull=False)
        .select_related("category", "superseded_by_batch")
        .order_by("-superseded_at", "period", "category__code", "flow")
    )


def ledger_month_series(
    *,
    enterprise_id: int,
    credit_code: str,
    category_id: int,
    waste_code: str,
    period_from: date,
    period_to: date,
) -> dict[date, dict[str, float]]:
    """One enterprise's current ledger figures of one waste (its 8-digit `waste_code`, or the
    whole category for ""), month by month from `period_from` to `period_to`: generated and
    transferred_out as it reports them, and counterparty_received, what other enterprises
    report receiving from it (their lines naming its `credit_code`). A month, or a figure,
    nobody reported is absent: no data is not zero."""
    lines = LedgerEntry.objects.filter(
        superseded_at__isnull=True,
        category_id=category_id,
        period__gte=period_from,
        period__lte=period_to,
    )
    if waste_code:
        lines = lines.filter(waste_code=waste_code)
    own = (
        lines.filter(
            enterprise_id=enterprise_id,
            flow__in=[LedgerEntry.Flow.GENERATED, LedgerEntry.Flow.TRANSFERRED_OUT],
        )
        .values("period", "flow")
        .annotate(t=Sum("quantity_t"))
        .order_by()
    )
    received = (
        lines.filter(flow=LedgerEntry.Flow.RECEIVED, counterparty=credit_code)
        .exclude(enterprise_id=enterprise_id)
        .values("period")
        .annotate(t=Sum("quantity_t"))
        .order_by()
    )
    series: dict[date, dict[str, float]] = {}
    for row in own:
        series.setdefault(row["period"], {})[row["flow"]] = float(row["t"])
    for row in received:
        series.setdefault(row["period"], {})["counterparty_received"] = float(row["t"])
    return series


def ledger_figures_version() -> tuple:
    """What the totals of ledger_flow_lines depend on, in one query: the newest line (lines
    are append-only), the ingested uploads and the newest of them (a correction that
    supersedes lines ends one), and the manifests (rule 3 splits hazardous transfers by
    them). Equal versions: equal totals, so figures derived from them may be reused
    (indicators' cache)."""
    lines, uploads, manifests = (
        model._meta.db_table for model in (LedgerEntry, UploadBatch, Manifest)
    )
    ingested = f'FROM "{uploads}" WHERE "status" = %s'
    parts = [
        f'MAX("id") FROM "{lines}"',
        f"COUNT(*) {ingested}",
        f'MAX("finished_at") {ingested}',
        f'COUNT(*) FROM "{manifests}"',
        f'MAX("id") FROM "{manifests}"',
        f'COUNT("received_at") FROM "{manifests}"',
        f'MAX("received_at") FROM "{manifests}"',
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"({'SELECT ' + part})" for part in parts),
            [UploadBatch.Status.INGESTED] * 2,
        )
        return tuple(cursor.fetchone())

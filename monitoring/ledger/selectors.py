"""Reads of uploads and ledger figures, scoped by role."""

from datetime import date, datetime

import pandas as pd
from django.db.models import F, Min, QuerySet, Sum

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


def ledger_flow_totals(
    *, period_from: date, period_to: date, enterprise_ids: list[int] | None = None
) -> pd.DataFrame:
    """Current ledger figures of the months from `period_from` to `period_to`, per enterprise
    and waste category, for the statistics built on them (indicators, evaluations).

    One row per (enterprise_id, category_id) with: credit_code, category (code), hazardous;
    generated, received, utilised, disposed, transferred_out summed over the months; opening
    (the stock opening the series' first month in the range) and closing (closing its last);
    months (how many were reported); and transferred_utilised / transferred_disposed /
    transferred_unknown: what was transferred out, split by what each receiver did with the
    waste of this category it handled in the same months (its utilised vs disposed share). A
    receiver that is not registered, or handled none of it, leaves the transfer unknown.
    """
    entries = LedgerEntry.objects.filter(
        superseded_at__isnull=True, period__gte=period_from, period__lte=period_to
    )
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    rows = pd.DataFrame.from_records(
        entries.values(
            "enterprise_id",
            "category_id",
            "period",
            "flow",
            "counterparty",
            credit_code=F("enterprise__credit_code"),
            category_code=F("category__code"),
            hazardous=F("category__is_hazardous"),
        ).annotate(t=Sum("quantity_t")),
        columns=[*SERIES, "period", "flow", "counterparty", *LABELS, "t"],
    )
    if rows.empty:
        return pd.DataFrame(columns=[*SERIES, *LABELS, *TOTALS])
    rows["t"] = rows["t"].astype(float)
    totals = rows.pivot_table(
        index=[*SERIES, *LABELS], columns="flow", values="t", aggfunc="sum", fill_value=0.0
    )
    totals = totals.reindex(columns=LedgerEntry.Flow.values, fill_value=0.0).reset_index()
    totals.columns.name = None
    span = rows.groupby(SERIES, as_index=False)["period"].agg(
        first="min", last="max", months="nunique"
    )
    stocks = rows.groupby([*SERIES, "period", "flow"], as_index=False)["t"].sum()
    for column, flow, month in (
        ("opening", "opening_stock", "first"),
        ("closing", "closing_stock", "last"),
    ):
        stock = stocks[stocks["flow"] == flow].rename(columns={"period": month, "t": column})
        span = span.merge(stock[[*SERIES, month, column]], on=[*SERIES, month], how="left")
    totals = totals.merge(span, on=SERIES)
    totals[["opening", "closing"]] = totals[["opening", "closing"]].astype(float).fillna(0.0)
    totals = totals.merge(
        _transfers_by_use(rows, period_from=period_from, period_to=period_to),
        on=SERIES,
        how="left",
    )
    for column in ("transferred_utilised", "transferred_disposed"):
        totals[column] = totals[column].fillna(0.0)
    totals["transferred_unknown"] = (
        totals["transferred_out"] - totals["transferred_utilised"] - totals["transferred_disposed"]
    ).clip(lower=0.0)
    return totals[[*SERIES, *LABELS, *TOTALS]]


SERIES = ["enterprise_id", "category_id"]
LABELS = ["credit_code", "category_code", "hazardous"]
TOTALS = [
    "generated",
    "received",
    "utilised",
    "disposed",
    "transferred_out",
    "opening",
    "closing",
    "months",
    "transferred_utilised",
    "transferred_disposed",
    "transferred_unknown",
]


def _transfers_by_use(rows: pd.DataFrame, *, period_from: date, period_to: date) -> pd.DataFrame:
    """Transfers out split by the receivers' own utilised/disposed shares (see above)."""
    sent = rows[(rows["flow"] == "transferred_out") & (rows["counterparty"] != "")]
    if sent.empty:
        return pd.DataFrame(columns=[*SERIES, "transferred_utilised", "transferred_disposed"])
    handled = pd.DataFrame.from_records(
        LedgerEntry.objects.filter(
            superseded_at__isnull=True,
            period__gte=period_from,
            period__lte=period_to,
            enterprise__credit_code__in=set(sent["counterparty"]),
            flow__in=["utilised", "disposed"],
        )
        .values("category_id", "flow", receiver=F("enterprise__credit_code"))
        .annotate(t=Sum("quantity_t")),
        columns=["category_id", "flow", "receiver", "t"],
    )
    if handled.empty:
        return pd.DataFrame(columns=[*SERIES, "transferred_utilised", "transferred_disposed"])
    handled["t"] = handled["t"].astype(float)
    shares = handled.pivot_table(
        index=["receiver", "category_id"], columns="flow", values="t", aggfunc="sum", fill_value=0.0
    ).reindex(columns=["utilised", "disposed"], fill_value=0.0)
    total = shares["utilised"] + shares["disposed"]
    shares = (shares["utilised"] / total.where(total > 0)).rename("share").reset_index()
    sent = sent.merge(
        shares, left_on=["counterparty", "category_id"], right_on=["receiver", "category_id"]
    )
    sent = sent[sent["share"].notna()]
    sent["transferred_utilised"] = sent["t"] * sent["share"]
    sent["transferred_disposed"] = sent["t"] * (1 - sent["share"])
    return sent.groupby(SERIES, as_index=False)[
        ["transferred_utilised", "transferred_disposed"]
    ].sum()


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


def ledger_filings(*, period: date, enterprise_ids: list[int] | None = None) -> dict[int, datetime]:
    """When each enterprise first filed figures of the month (current or since corrected)."""
    entries = LedgerEntry.objects.filter(period=period)
    if enterprise_ids is not None:
        entries = entries.filter(enterprise_id__in=enterprise_ids)
    rows = entries.values("enterprise_id").annotate(first=Min("created_at")).order_by()
    return {row["enterprise_id"]: row["first"] for row in rows}


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

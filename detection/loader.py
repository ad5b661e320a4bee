"""The only module of detection that reads monitoring's and parks' tables. Every check takes a
`DetectionData`: the scope of one scoring (from when, as of which day, which enterprises) and
the data it needs as DataFrames, each read once per scoring, when a check first asks for it.

Grain: a waste is the ledger's 8-digit code where the ledger gives one (hazardous waste),
otherwise its category; `waste` holds that code in every frame that has one. Weighbridges
weigh categories, so ticket frames carry the category only.

Months and days are local (settings.TIME_ZONE); tonnes are floats.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import pandas as pd
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from monitoring.models import (
    LedgerEntry,
    Manifest,
    TicketRollup,
    UploadBatch,
    WasteCategory,
    WeighTicket,
)
from monitoring.rollups import local_day_start
from parks.models import Enterprise
from parks.selectors import economic_output
from wastewatch.periods import month_add

# How far back history reaches behind the scored window: a year of history for the first
# scored month, and the same month a year before that.
HISTORY_MONTHS = 24

LEDGER_COLUMNS = [
    "enterprise_id",
    "category_id",
    "waste_code",
    "period",
    "flow",
    "counterparty",
    "quantity_t",
]
ENTERPRISE_COLUMNS = [
    "enterprise_id",
    "credit_code",
    "name",
    "industry_code",
    "park_id",
    "files_ledgers",
]
# A ticket frame's columns, and the fields they are read from.
TICKET_FIELDS = {
    "ticket": "ticket_number",
    "point_id": "point_id",
    "point": "point__code",
    "enterprise_id": "point__enterprise_id",
    "category_id": "category_id",
    "direction": "direction",
    "vehicle": "vehicle",
    "weighed_at": "weighed_at",
    "gross_t": "gross_t",
    "tare_t": "tare_t",
    "net_t": "net_t",
}
TICKET_COLUMNS = list(TICKET_FIELDS)


@dataclass
class DetectionData:
    """One scoring's scope, and its data read lazily. `enterprise_ids` None: the whole city.

    Frames are scoped to `enterprise_ids` except where their docstring says otherwise (a
    generator's counterparties are read too: what they received from it)."""

    since: date
    today: date
    enterprise_ids: list[int] | None = None
    # Ticket frames already read, by `days_before`: several checks read the same tickets.
    _tickets: dict[int, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)

    @property
    def history_from(self) -> date:
        return month_add(self.since, -HISTORY_MONTHS)

    def _scoped(self, queryset, field: str = "enterprise_id"):
        if self.enterprise_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.enterprise_ids})

    # --- registry ------------------------------------------------------------------------

    @cached_property
    def enterprises(self) -> pd.DataFrame:
        """Every registered enterprise (counterparties included), indexed by id: credit_code,
        name, industry_code, park_id, and `files_ledgers`: whether it has ever filed a ledger
        here. Enterprises registered only so that their manifests can be recorded (receivers
        outside the city) never do, and their ledgers are never compared with."""
        filed = LedgerEntry.objects.filter(enterprise_id=OuterRef("pk"))
        rows = Enterprise.objects.annotate(files_ledgers=Exists(filed)).values_list(
            "pk", *ENTERPRISE_COLUMNS[1:]
        )
        return pd.DataFrame.from_records(
            rows,
            columns=ENTERPRISE_COLUMNS,
        ).set_index("enterprise_id")

    @cached_property
    def categories(self) -> pd.DataFrame:
        """Waste categories indexed by id: code, is_hazardous."""
        rows = WasteCategory.objects.values_list("pk", "code", "is_hazardous")
        return pd.DataFrame.from_records(
            rows, columns=["category_id", "code", "is_hazardous"]
        ).set_index("category_id")

    # --- ledgers -------------------------------------------------------------------------

    def _ledger_frame(self, entries) -> pd.DataFrame:
        frame = pd.DataFrame.from_records(
            entries.values_list(*LEDGER_COLUMNS), columns=LEDGER_COLUMNS
        )
        frame["quantity_t"] = frame["quantity_t"].astype(float)
        return self._with_waste(frame)

    def _with_waste(self, frame: pd.DataFrame) -> pd.DataFrame:
        codes = frame["category_id"].map(self.categories["code"])
        frame["waste"] = frame["waste_code"].where(frame["waste_code"] != "", codes)
        frame["hazardous"] = frame["category_id"].map(self.categories["is_hazardous"]).astype(bool)
        return frame

    @cached_property
    def ledger(self) -> pd.DataFrame:
        """Current ledger lines of the scope from `history_from` on: LEDGER_COLUMNS, plus
        `waste` and `hazardous`."""
        entries = LedgerEntry.objects.filter(
            superseded_at__isnull=True, period__gte=self.history_from
        )
        return self._ledger_frame(self._scoped(entries))

    @cached_property
    def received_from_scope(self) -> pd.DataFrame:
        """Current `received` lines of any enterprise that name an enterprise of the scope as
        the sender, from `history_from` on (the counterparty check reads both sides, and
        judges a month against the pair's months before)."""
        entries = LedgerEntry.objects.filter(
            superseded_at__isnull=True,
            period__gte=self.history_from,
            flow=LedgerEntry.Flow.RECEIVED,
        ).exclude(counterparty="")
        if self.enterprise_ids is not None:
            codes = self.enterprises.loc[self.enterprise_ids, "credit_code"].tolist()
            entries = entries.filter(counterparty__in=codes)
        return self._ledger_frame(entries)

    @cached_property
    def wastes_filed(self) -> pd.DataFrame:
        """(enterprise_id, category_id, period) of every enterprise (counterparties included)
        with any current figure of that category from `history_from` on: who has filed which
        waste for which month."""
        rows = (
            LedgerEntry.objects.filter(superseded_at__isnull=True, period__gte=self.history_from)
            .values_list("enterprise_id", "category_id", "period")
            .distinct()
        )
        return pd.DataFrame.from_records(rows, columns=["enterprise_id", "category_id", "period"])

    @cached_property
    def ledger_spans(self) -> pd.DataFrame:
        """First and last month ever reported, per enterprise and waste of the scope."""
        keys = ["enterprise_id", "category_id", "waste_code"]
        rows = (
            self._scoped(LedgerEntry.objects.filter(superseded_at__isnull=True))
            .values(*keys)
            .annotate(first=Min("period"), last=Max("period"))
            .values_list(*keys, "first", "last")
        )
        spans = pd.DataFrame.from_records(rows, columns=[*keys, "first", "last"])
        return self._with_waste(spans)

    @cached_property
    def arrivals(self) -> pd.DataFrame:
        """When each (enterprise, waste, month) of the scope from `since` on first arrived: the
        receipt time of the first ingested upload that brought it (its `uploaded_at`, before
        validation or confirmation), with `joined`: the enterprise's first upload ever."""
        uploaded = self._scoped(
            LedgerEntry.objects.filter(batch__status=UploadBatch.Status.INGESTED)
        )
        rows = (
            uploaded.filter(period__gte=self.since)
            .values("enterprise_id", "category_id", "waste_code", "period")
            .annotate(at=Min("batch__uploaded_at"))
            .values_list("enterprise_id", "category_id", "waste_code", "period", "at")
        )
        frame = pd.DataFrame.from_records(
            rows, columns=["enterprise_id", "category_id", "waste_code", "period", "at"]
        )
        joined = dict(
            uploaded.values("enterprise_id")
            .annotate(at=Min("batch__uploaded_at"))
            .values_list("enterprise_id", "at")
        )
        frame["joined"] = frame["enterprise_id"].map(joined)
        return self._with_waste(frame)

    @cached_property
    def waste_months(self) -> pd.DataFrame:
        """Each (enterprise, waste, month) of `ledger` that has a current line, in time order
        per waste: enterprise_id, category_id, waste_code, period, waste, hazardous, and the
        month's opening_t, generated_t and closing_t. A flow without a line is 0: that is how
        the ledger's balance reads a figure left out."""
        keys = ["enterprise_id", "category_id", "waste_code", "period"]
        flows = {
            LedgerEntry.Flow.OPENING_STOCK.value: "opening_t",
            LedgerEntry.Flow.GENERATED.value: "generated_t",
            LedgerEntry.Flow.CLOSING_STOCK.value: "closing_t",
        }
        ledger = self.ledger
        months = ledger[[*keys, "waste", "hazardous"]].drop_duplicates(keys)
        figures = (
            ledger[ledger["flow"].isin(list(flows))]
            .pivot_table(index=keys, columns="flow", values="quantity_t", aggfunc="sum")
            .rename(columns=flows)
            .reindex(columns=list(flows.values()))
            .reset_index()
        )
        frame = months.merge(figures, on=keys, how="left")
        frame[list(flows.values())] = frame[list(flows.values())].astype(float).fillna(0.0)
        return frame.sort_values(keys, ignore_index=True)

    # --- output --------------------------------------------------------------------------

    @cached_property
    def output(self) -> pd.DataFrame:
        """Output value (万元) per enterprise of the scope and month, from `history_from` on."""
        figures = economic_output(since=self.history_from, enterprise_ids=self.enterprise_ids)
        return pd.DataFrame(
            [(e, period, value) for (e, period), (value, _added) in figures.items()],
            columns=["enterprise_id", "period", "output_value"],
        )

    # --- generation and the model ----------------------------------------------------------

    @cached_property
    def ledger_months(self) -> pd.DataFrame:
        """The ledger of the scope from `history_from` on, one row per enterprise, waste and
        month it filed, one column per flow (tonnes, 0 where the flow has no line): the series
        that generation, round figures and the model's features are judged on. Keys:
        enterprise_id, category_id, waste_code, waste, hazardous, period."""
        keys = ["enterprise_id", "category_id", "waste_code", "waste", "hazardous", "period"]
        flows = list(LedgerEntry.Flow.values)
        ledger = self.ledger
        if ledger.empty:
            return pd.DataFrame(columns=[*keys, *flows])
        table = ledger.pivot_table(
            index=keys, columns="flow", values="quantity_t", aggfunc="sum", fill_value=0.0
        )
        table = table.reindex(columns=flows, fill_value=0.0).reset_index()
        table.columns.name = None
        return table.sort_values(keys).reset_index(drop=True)

    @cached_property
    def ticket_repeats(self) -> pd.DataFrame:
        """Per enterprise of the scope, category and month from `history_from` on, the share
        of the month's tickets that repeat a net weight already weighed at the same point
        that month (stuck sensors, loads weighed twice): enterprise_id, category_id, period,
        repeated_weights."""
        columns = ["enterprise_id", "category_id", "period", "repeated_weights"]
        tickets = self._scoped(
            WeighTicket.objects.filter(weighed_at__gte=local_day_start(self.history_from)),
            "point__enterprise_id",
        )
        counts = pd.DataFrame.from_records(
            tickets.annotate(
                month=TruncMonth("weighed_at", tzinfo=timezone.get_default_timezone()),
                enterprise=F("point__enterprise_id"),
            )
            .values("enterprise", "category_id", "month", "point_id", "net_t")
            .annotate(n=Count("id"))
            .values_list("enterprise", "category_id", "month", "n"),
            columns=["enterprise_id", "category_id", "period", "n"],
        )
        if counts.empty:
            return pd.DataFrame(columns=columns)
        counts["period"] = [moment.date() for moment in pd.to_datetime(counts["period"])]
        counts["repeats"] = counts["n"] - 1
        sums = counts.groupby(columns[:3]).agg(repeats=("repeats", "sum"), n=("n", "sum"))
        sums["repeated_weights"] = sums["repeats"] / sums["n"]
        return sums.reset_index()[columns]

    # --- weighbridges --------------------------------------------------------------------

    @cached_property
    def rollups(self) -> pd.DataFrame:
        """Daily weighed tonnes and tickets per enterprise of the scope, category and
        direction, from `history_from` on: enterprise_id, category_id, direction, day, tickets,
        net_t."""
        rows = self._scoped(TicketRollup.objects.filter(day__gte=self.history_from)).values_list(
            "enterprise_id", "category_id", "direction", "day", "tickets", "net_t"
        )
        frame = pd.DataFrame.from_records(
            rows, columns=["enterprise_id", "category_id", "direction", "day", "tickets", "net_t"]
        )
        frame["net_t"] = frame["net_t"].astype(float)
        return frame

    def tickets(self, *, days_before: int) -> pd.DataFrame:
        """Weigh tickets of the scope's points from `days_before` days before `since`, in
        time order: TICKET_COLUMNS (weighed_at local), plus `day` and `period` (local)."""
        if days_before not in self._tickets:
            self._tickets[days_before] = self._read_tickets(days_before)
        return self._tickets[days_before]

    def _read_tickets(self, days_before: int) -> pd.DataFrame:
        start = local_day_start(self.since - timedelta(days=days_before))
        rows = (
            self._scoped(WeighTicket.objects.filter(weighed_at__gte=start), "point__enterprise_id")
            .order_by("point_id", "weighed_at", "id")
            .values_list(*TICKET_FIELDS.values())
        )
        frame = pd.DataFrame.from_records(rows, columns=TICKET_COLUMNS)
        if frame.empty:
            return frame.assign(day=pd.Series(dtype="datetime64[ns]"), period=[])
        for column in ("gross_t", "tare_t", "net_t"):
            frame[column] = frame[column].astype(float)
        local = pd.to_datetime(frame["weighed_at"], utc=True).dt.tz_convert(
            timezone.get_default_timezone_name()
        )
        frame["weighed_at"] = local
        frame["day"] = local.dt.tz_localize(None).dt.normalize()
        frame["period"] = frame["day"].dt.to_period("M").dt.start_time.dt.date
        return frame

    @cached_property
    def point_days(self) -> pd.DataFrame:
        """Tickets and weighed tonnes per monitoring point of the scope, waste category,
        direction and local day with any ticket, from `history_from` on: point_id, point,
        enterprise_id, category_id, direction, day (datetime64), tickets, net_t. Summed by
        the database: two years of a city's tickets are millions of rows, their days are not."""
        columns = [
            "point_id",
            "point",
            "enterprise_id",
            "category_id",
            "direction",
            "day",
            "tickets",
            "net_t",
        ]
        tickets = WeighTicket.objects.filter(weighed_at__gte=local_day_start(self.history_from))
        rows = (
            self._scoped(tickets, "point__enterprise_id")
            .annotate(day=TruncDate("weighed_at", tzinfo=timezone.get_default_timezone()))
            .values(
                "point_id", "point__code", "point__enterprise_id", "category_id", "direction", "day"
            )
            .annotate(tickets=Count("id"), net_t=Sum("net_t"))
            .order_by("point_id", "category_id", "direction", "day")
            .values_list(
                "point_id",
                "point__code",
                "point__enterprise_id",
                "category_id",
                "direction",
                "day",
                "tickets",
                "net_t",
            )
        )
        frame = pd.DataFrame.from_records(rows, columns=columns)
        frame["day"] = pd.to_datetime(frame["day"])
        frame["net_t"] = frame["net_t"].astype(float)
        return frame

    @cached_property
    def single_codes(self) -> pd.Series:
        """The 8-digit code of each (enterprise_id, category_id, period) of the ledger that
        reports exactly one code of that category that month: what a weighing of the category
        is then about (weighbridges weigh categories only)."""
        coded = self.ledger[self.ledger["waste_code"] != ""]
        codes = coded.groupby(["enterprise_id", "category_id", "period"])["waste_code"].unique()
        return codes[codes.str.len() == 1].str[0].rename("waste_code")

    # --- manifests -----------------------------------------------------------------------

    @cached_property
    def manifests(self) -> pd.DataFrame:
        """Manifests shipped from `since` on whose generator or receiver is in the scope:
        number, generator_id, receiver_id, category_id, waste_code, waste, shipped_at and
        received_at (local), period (local month of shipping), confirmation_due, and the
        shipped, received and refused tonnes (NaN until confirmed)."""
        manifests = Manifest.objects.filter(shipped_at__gte=local_day_start(self.since))
        if self.enterprise_ids is not None:
            manifests = manifests.filter(generator_id__in=self.enterprise_ids) | manifests.filter(
                receiver_id__in=self.enterprise_ids
            )
        columns = [
            "number",
            "generator_id",
            "receiver_id",
            "category_id",
            "waste_code",
            "shipped_at",
            "received_at",
            "confirmed_at",
            "confirmation_due",
            "quantity_shipped_t",
            "quantity_received_t",
            "quantity_refused_t",
        ]
        frame = pd.DataFrame.from_records(
            manifests.order_by("number").values_list(*columns), columns=columns
        )
        for column in ("quantity_shipped_t", "quantity_received_t", "quantity_refused_t"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        zone = timezone.get_default_timezone_name()
        for column in ("shipped_at", "received_at", "confirmed_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(zone)
        frame["period"] = [date(moment.year, moment.month, 1) for moment in frame["shipped_at"]]
        return self._with_waste(frame)

    # --- counterparties ------------------------------------------------------------------

    @cached_property
    def first_filed(self) -> pd.Series:
        """The first month of any figure each enterprise (counterparties included) has filed
        here, current or superseded, indexed by enterprise_id: a receiver's ledger says
        nothing about the months before it joined."""
        rows = LedgerEntry.objects.order_by().values("enterprise_id").annotate(first=Min("period"))
        return pd.Series(
            {row["enterprise_id"]: row["first"] for row in rows}, name="first", dtype=object
        )

    @cached_property
    def receipts_unattributed(self) -> pd.DataFrame:
        """(enterprise_id, category_id, period) of any enterprise's current `received` lines
        that name no sender, from `history_from` on: receipts no sender can be matched with."""
        rows = (
            LedgerEntry.objects.filter(
                superseded_at__isnull=True,
                period__gte=self.history_from,
                flow=LedgerEntry.Flow.RECEIVED,
                counterparty="",
            )
            .values_list("enterprise_id", "category_id", "period")
            .distinct()
        )
        return pd.DataFrame.from_records(rows, columns=["enterprise_id", "category_id", "period"])


def latest_ledger_period() -> date | None:
    """The latest month any enterprise has current ledger figures for."""
    latest = LedgerEntry.objects.filter(superseded_at__isnull=True).aggregate(last=Max("period"))
    return latest["last"]

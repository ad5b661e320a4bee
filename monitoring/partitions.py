"""Monthly partitions of weigh tickets and ledger entries (PostgreSQL; migration 0015).

Partitions are named `<table>_pYYYY_MM` and cover one local month (TIME_ZONE). A DEFAULT
partition takes rows of months without their own partition (a device's backlog, a ledger of
an old year), so that storing never fails; `partitions_ensure` creates the months ahead and
moves such rows to their month's partition. Old months are detached (and dropped) by
`partitions_detach` once past the retention period."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import LedgerEntry, WeighTicket
from wastewatch.periods import month_add, month_text

# Ledgers are kept 5 years (docs/scaling.md); weigh tickets are the evidence behind ledger
# figures, so they are kept as long.
RETENTION_YEARS = 5


class PartitionsUnavailable(Exception):
    """Partitioning is PostgreSQL's: the embedded SpatiaLite database has none."""


class RetentionRefused(Exception):
    """A detach would remove months still inside the retention period."""


@dataclass(frozen=True)
class PartitionedTable:
    model: type[models.Model]
    key: str

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def default(self) -> str:
        return f"{self.table}_default"

    def name(self, month: date) -> str:
        return f"{self.table}_p{month:%Y_%m}"

    def bound(self, month: date) -> date | datetime:
        """A month's first instant: local midnight for a time, the day itself for a date."""
        if isinstance(self.model._meta.get_field(self.key), models.DateTimeField):
            return datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
        return month

    def local_month_sql(self) -> str:
        if isinstance(self.model._meta.get_field(self.key), models.DateTimeField):
            return f"date_trunc('month', {self.key} AT TIME ZONE %s)::date"
        return f"date_trunc('month', {self.key})::date"


TABLES = (PartitionedTable(WeighTicket, "weighed_at"), PartitionedTable(LedgerEntry, "period"))


def _check_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise PartitionsUnavailable(
            _("Monthly partitions exist only on PostgreSQL; this database is %(vendor)s.")
            % {"vendor": connection.vendor}
        )


def partitions_months(partitioned: PartitionedTable) -> dict[date, str]:
    """The monthly partitions attached to the table, by month."""
    pattern = re.compile(rf"^{partitioned.table}_p(\d{{4}})_(\d{{2}})$")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [partitioned.table],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = {}
    for name in names:
        if match := pattern.match(name):
            months[date(int(match[1]), int(match[2]), 1)] = name
    return months


def _default_months(partitioned: PartitionedTable) -> set[date]:
    """Months of the rows waiting in the DEFAULT partition."""
    params = [settings.TIME_ZONE] if "%s" in partitioned.local_month_sql() else []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {partitioned.local_month_sql()} FROM {partitioned.default}", params
        )
        return {row[0] for row in cursor.fetchall()}


@transaction.atomic
def partition_create(partitioned: PartitionedTable, month: date) -> bool:
    """The month's partition, with the rows the DEFAULT partition holds for it; False when
    another run attached it first."""
    table, name, default = partitioned.table, partitioned.name(month), partitioned.default
    lower, upper = partitioned.bound(month), partitioned.bound(month_add(month, 1))
    with connection.cursor() as cursor:
        # Nothing enters the DEFAULT partition until the month's rows have left it.
        cursor.execute(f"LOCK TABLE {default} IN SHARE ROW EXCLUSIVE MODE")
        if month in partitions_months(partitioned):
            return False
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        key = partitioned.key
        cursor.execute(
            f"WITH moved AS (DELETE FROM {default} WHERE {key} >= %s AND {key} < %s RETURNING *) "
            f"INSERT INTO {name} SELECT * FROM moved",
            [lower, upper],
        )
        # ATTACH builds the partition's keys and indexes from the parent's.
        cursor.execute(
            f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
            [lower, upper],
        )
    return True


def partitions_ensure(*, months_ahead: int, today: date | None = None) -> list[str]:
    """Create the partitions of this month and the next `months_ahead`, and of every month
    with rows in the DEFAULT partition; returns the names created. Idempotent."""
    _check_postgresql()
    this_month = (today or timezone.localdate()).replace(day=1)
    created = []
    for partitioned in TABLES:
        existing = partitions_months(partitioned)
        wanted = {month_add(this_month, n) for n in range(months_ahead + 1)}
        for month in sorted((wanted | _default_months(partitioned)) - set(existing)):
            if partition_create(partitioned, month):
                created.append(partitioned.name(month))
    return created


def retention_start(today: date | None = None) -> date:
    """The first month still inside the retention period."""
    return month_add((today or timezone.localdate()).replace(day=1), -12 * RETENTION_YEARS)


def partitions_detach(
    *, before: date, drop: bool = False, force: bool = False, today: date | None = None
) -> list[str]:
    """Detach (and drop) the monthly partitions of months before `before`; returns their
    names. Months inside the retention period are refused unless forced. Rows of those months
    waiting in the DEFAULT partition are first moved to their own partitions."""
    _check_postgresql()
    before = before.replace(day=1)
    kept_from = retention_start(today)
    if before > kept_from and not force:
        raise RetentionRefused(
            _(
                "Months from %(kept_from)s on are inside the %(years)d-year retention period: "
                "only months before %(kept_from)s can be detached."
            )
            % {"kept_from": month_text(kept_from), "years": RETENTION_YEARS}
        )
    for partitioned in TABLES:
        for month in sorted(_default_months(partitioned) - set(partitions_months(partitioned))):
            if month < before:
                partition_create(partitioned, month)
    detached = []
    for partitioned in TABLES:
        for month, name in sorted(partitions_months(partitioned).items()):
            if month >= before:
                continue
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {partitioned.table} DETACH PARTITION {name}")
                if drop:
                    cursor.execute(f"DROP TABLE {name}")
            detached.append(name)
    return detached

"""Realistic ledger files for benchmarks and end-to-end tests: every enterprise, waste and
month balances around a steady, mildly seasonal level, with stock carried over and transfers
to counterparties."""

import math
import random
from collections.abc import Iterator
from datetime import date

from monitoring.ledger.columns import COLUMNS, FLOW_NAMES_ZH, Flow
from wastewatch.tabular_write import csv_bytes

# The columns these files fill, in this order (no transfer purpose: they leave it unsaid).
WRITTEN = (
    "credit_code",
    "period",
    "waste_code",
    "flow",
    "quantity",
    "unit",
    "counterparty",
    "note",
)
HEADER = [COLUMNS[key][0] for key in WRITTEN]


def _months_back(count: int, until: date) -> list[str]:
    months, year, month = [], until.year, until.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def ledger_rows(
    *,
    enterprises: list[str],
    categories: list[str],
    months: int,
    until: date,
    seed: int = 1,
    counterparties: list[str] | None = None,
) -> Iterator[list[str]]:
    """Rows of the upload format (Chinese flow names): per enterprise, waste and month, what
    was generated is utilised, transferred or stocked, so that the balance closes."""
    rng = random.Random(seed)
    counterparties = counterparties or []
    for credit_code in enterprises:
        for category in categories:
            stock = round(rng.uniform(0, 500), 3)
            level = rng.uniform(200, 15000)  # this enterprise's usual monthly generation
            for period in _months_back(months, until):
                season = 1 + 0.1 * math.cos(2 * math.pi * (int(period[5:7]) - 1) / 12)
                generated = round(level * season * rng.uniform(0.9, 1.1), 3)
                utilised = round(generated * rng.uniform(0.2, 0.7), 3)
                transferred = round((generated - utilised) * rng.uniform(0.5, 1.0), 3)
                closing = round(stock + generated - utilised - transferred, 3)
                partner = rng.choice(counterparties) if counterparties else ""
                for flow, quantity, other in (
                    (Flow.OPENING_STOCK, stock, ""),
                    (Flow.GENERATED, generated, ""),
                    (Flow.UTILISED, utilised, ""),
                    (Flow.TRANSFERRED_OUT, transferred, partner),
                    (Flow.CLOSING_STOCK, closing, ""),
                ):
                    yield [
                        credit_code,
                        period,
                        category,
                        FLOW_NAMES_ZH[flow],
                        f"{quantity:.3f}",
                        "t",
                        other,
                        "",
                    ]
                stock = closing


def ledger_csv(rows: Iterator[list[str]]) -> bytes:
    return csv_bytes([HEADER, *rows], bom=False)

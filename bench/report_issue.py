"""Monthly compliance reports: the city's report of 2,000 enterprises × 12 waste categories ×
one month, and one park's, built and written in each format, against just reading the rows
its figures come from (read_baseline says which) from the database into pandas, in the same
run; and the XLSX writers considered, timed on the same content.

Each report is built in a worker process of its own, three times (a Celery worker builds
report after report), which reports each phase at its best, as the read is timed at its best
of three, and the first build too (which also pays for the worker's first imports and caches),
and its peak memory. Targets: building the content and writing XLSX + CSV at most 3× the read;
the PDF under 10 s; peak memory under 500 MB.

    make bench     # or: .venv/bin/python bench/report_issue.py
"""

import importlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ENV, ROOT, database_recreate, django_setup, peak_rss_mb

ENTERPRISES = int(os.environ.get("BENCH_REPORT_ENTERPRISES", "2000"))
PARKS = 10
CATEGORIES = ["SW01", "SW02", "SW03", "SW04", "SW05", "SW06", "SW07", "SW16", "SW17", "SW59"]
HAZARDOUS = {"HW08": "900-249-08", "HW48": "321-024-48"}
PERIOD = date(2026, 10, 1)
REPEATS = 3  # builds per worker; the read is also timed at its best of three


def worker(park_code: str) -> None:
    """Child process: build the report (city, or one park) and write each format, REPEATS
    times, and time the XLSX writers compared on the same content. Each phase is reported at
    its best, as the read is (a Celery worker builds report after report), and at its first
    run, which also pays for the worker's first imports and caches."""
    django_setup()
    from django.urls import get_resolver

    from parks.models import Park
    from reports import formats, pdf
    from reports.content import report_content

    park = Park.objects.get(code=park_code) if park_code != "city" else None
    _ = get_resolver().url_patterns  # a worker has imported its URLs before its first report
    timings, first = {}, {}
    for _run in range(REPEATS):
        content = None  # the previous run's, freed before the next is built
        started = time.perf_counter()
        content = report_content(park=park, period=PERIOD, language="zh-hans")
        phases = {"content": time.perf_counter() - started}
        for name, writer in (
            ("xlsx_bytes", formats.xlsx_bytes),
            ("csv_zip_bytes", formats.csv_zip_bytes),
        ):
            started = time.perf_counter()
            data = writer(content, version=1)
            phases[name] = time.perf_counter() - started
            timings[f"{name}_mb"] = len(data) / 2**20
            if name == "xlsx_bytes":
                workbook = data
        first = first or dict(phases)
        for name, seconds in phases.items():
            timings[name] = min(seconds, timings.get(name, float("inf")))
    started = time.perf_counter()
    data = pdf.pdf_bytes(content, version=1)
    timings["pdf_bytes"] = time.perf_counter() - started
    timings["first"] = first
    timings["peak_mb"] = peak_rss_mb(os.getpid())
    timings["rows"] = {s.key: len(s.rows) for s in content.sections}
    timings["cells"] = sum(len(s.rows) * len(s.columns) for s in content.sections)
    timings["xlsx_alternatives"] = xlsx_alternatives(content)
    readback_check(content, workbook)
    print(json.dumps(timings))


def xlsx_alternatives(content) -> dict:
    """The same workbook by the other writers considered, best of two (openpyxl: one): openpyxl in
    write-only mode (the writer before, one styled cell per column refilled per row) and
    XlsxWriter in constant-memory mode (if installed; it is not a dependency)."""
    from reports.formats import xlsx_bytes

    writers = {"streaming (chosen)": xlsx_bytes, "openpyxl write-only": xlsx_openpyxl}
    try:  # not a dependency: measured where installed (pip install xlsxwriter)
        importlib.import_module("xlsxwriter")
        writers["xlsxwriter constant_memory"] = xlsx_xlsxwriter
    except ImportError:
        pass
    seconds = {}
    for name, writer in writers.items():
        best = float("inf")
        for _ in range(1 if name.startswith("openpyxl") else 2):  # openpyxl: 10s of seconds
            started = time.perf_counter()
            writer(content, version=1)
            best = min(best, time.perf_counter() - started)
        seconds[name] = round(best, 2)
    return seconds


def readback_check(content, data: bytes) -> None:
    """The streamed workbook reads back in openpyxl with the content's values and formats."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    for section in content.sections:
        sheet = book[section.sheet[:31]]
        for row, cells in zip(section.rows[:200], sheet.iter_rows(min_row=2), strict=False):
            for value, cell in zip(row, cells, strict=False):
                read = cell.value
                if isinstance(value, float) and value == value:
                    assert abs(read - value) < 1e-9, (section.key, value, read)
                elif isinstance(value, datetime):  # a spreadsheet keeps milliseconds
                    assert abs((read - value).total_seconds()) < 1e-3, (section.key, value, read)
                elif value not in (None, ""):
                    assert read == value or read == "'" + str(value), (section.key, value, read)


def xlsx_openpyxl(content, *, version: int) -> bytes:
    """The writer before (reports/formats.py up to 2026-12-04): openpyxl, write-only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from reports.formats import DATETIME_FORMAT, NUMBER_FORMATS, _widths, cover_rows
    from wastewatch.tabular_write import safe_row, workbook_bytes

    def cell(sheet, value, number_format=None, bold=False):
        made = WriteOnlyCell(sheet, value)
        if number_format:
            made.number_format = number_format
        if bold:
            made.font = Font(bold=True)
            made.alignment = Alignment(wrap_text=True, vertical="top")
        return made

    workbook = Workbook(write_only=True)
    cover = workbook.create_sheet("封面")
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 48
    for index, row in enumerate(cover_rows(content, version=version)):
        cells = [cell(cover, value) for value in safe_row(row)]
        if index == 0:
            cells[0].font = Font(bold=True, size=14)
        cover.append(cells)
    for section in content.sections:
        sheet = workbook.create_sheet(section.sheet[:31])
        for index, width in enumerate(_widths(section), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if section.rows:
            last = get_column_letter(len(section.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(section.rows) + 1}"
        sheet.append([cell(sheet, column.title, bold=True) for column in section.columns])
        cells = [
            cell(
                sheet, None, DATETIME_FORMAT if c.kind == "datetime" else NUMBER_FORMATS.get(c.kind)
            )
            for c in section.columns
        ]
        for row in section.rows:
            for made, value in zip(cells, safe_row(row), strict=True):
                made.value = value
            sheet.append(cells)
    return workbook_bytes(workbook)


def xlsx_xlsxwriter(content, *, version: int) -> bytes:
    """The same workbook by XlsxWriter in constant-memory mode (rows flushed as written)."""
    import io

    xlsxwriter = importlib.import_module("xlsxwriter")

    from reports.formats import DATETIME_FORMAT, NUMBER_FORMATS, _widths, cover_rows
    from wastewatch.tabular_write import safe_row

    buffer = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": False, **options})
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {}
    cover = workbook.add_worksheet("封面")
    cover.set_column(0, 0, 24)
    cover.set_column(1, 1, 48)
    for r, row in enumerate(cover_rows(content, version=version)):
        for c, value in enumerate(safe_row(row)):
            cover.write(r, c, value, title if r == c == 0 else None)
    for section in content.sections:
        sheet = workbook.add_worksheet(section.sheet[:31])
        for index, width in enumerate(_widths(section)):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        if section.rows:
            sheet.autofilter(0, 0, len(section.rows), len(section.columns) - 1)
        for c, column in enumerate(section.columns):
            sheet.write_string(0, c, column.title, bold)
        styles = []
        for column in section.columns:
            code = DATETIME_FORMAT if column.kind == "datetime" else NUMBER_FORMATS.get(column.kind)
            if code and code not in formats:
                formats[code] = workbook.add_format({"num_format": code})
            styles.append(formats.get(code))
        for r, row in enumerate(section.rows, start=1):
            for c, value in enumerate(safe_row(row)):
                if value is not None and value != "":
                    sheet.write(r, c, value, styles[c])
    workbook.close()
    return buffer.getvalue()


def read_baseline(enterprise_ids: list[int] | None) -> float:
    """The rows the report's figures come from, straight into pandas (values_list →
    DataFrame, default ordering dropped, as the report reads them):

    - the scope's current ledger lines of the months the summary's spans cover (the year to
      date and the same months a year before; the balance and transfers are the month's part
      of them): enterprise, credit code, category, hazardous, waste code, period, flow,
      counterparty, purpose, tonnes;
    - the handling (utilised, disposed) of the receivers those lines name outside the scope;
    - the value added of those months; the scope's indicator targets;
    - the month's outbound weighbridge tickets, manifests (by generator or receiver) and
      flags with their review;
    - the scope's enterprises (name, credit code, park, key unit), their weighbridges, and
      when each first filed the month's ledger (an aggregate, as the report reads it)."""
    import pandas as pd
    from django.db.models import FloatField, Min, Q
    from django.db.models.functions import Cast

    from detection.models import Flag
    from indicators.models import IndicatorTarget
    from monitoring.models import LedgerEntry, Manifest, MonitoringPoint, WeighTicket
    from monitoring.rollups import local_day_start
    from parks.models import EconomicFigure, Enterprise
    from wastewatch.periods import month_add

    def frame(rows) -> pd.DataFrame:
        return pd.DataFrame.from_records(rows.order_by())

    def scoped(rows, field: str = "enterprise_id"):
        return rows if enterprise_ids is None else rows.filter(**{f"{field}__in": enterprise_ids})

    started = time.perf_counter()
    january, park = PERIOD.replace(month=1), None
    months = Q(period__gte=january, period__lte=PERIOD) | Q(
        period__gte=month_add(january, -12), period__lte=month_add(PERIOD, -12)
    )
    start, end = local_day_start(PERIOD), local_day_start(month_add(PERIOD, 1))
    lines = frame(
        scoped(LedgerEntry.objects.filter(months, superseded_at__isnull=True)).values_list(
            "enterprise_id",
            "enterprise__credit_code",
            "category_id",
            "category__code",
            "category__is_hazardous",
            "waste_code",
            "period",
            "flow",
            "counterparty",
            "purpose",
            Cast("quantity_t", FloatField()),
        )
    )
    assert len(lines)
    outside = set(lines[8].tolist()) - set(lines[1].tolist()) - {""}
    if outside and enterprise_ids is not None:
        frame(
            LedgerEntry.objects.filter(
                months,
                superseded_at__isnull=True,
                enterprise__credit_code__in=outside,
                flow__in=["utilised", "disposed"],
            ).values_list("enterprise__credit_code", "category_id", "period", "flow", "quantity_t")
        )
    frame(
        scoped(EconomicFigure.objects.filter(months)).values_list(
            "enterprise_id", "period", "value_added"
        )
    )
    if enterprise_ids is not None:
        park = Enterprise.objects.get(pk=enterprise_ids[0]).park_id
    frame(
        IndicatorTarget.objects.filter(park=park, year=PERIOD.year).values_list(
            "indicator", "target"
        )
    )
    frame(
        scoped(
            WeighTicket.objects.filter(direction="out", weighed_at__gte=start, weighed_at__lt=end),
            "point__enterprise_id",
        ).values_list("point__enterprise_id", "category_id", "counterparty", "net_t")
    )
    manifests = Manifest.objects.filter(shipped_at__gte=start, shipped_at__lt=end)
    if enterprise_ids is not None:
        manifests = manifests.filter(
            Q(generator_id__in=enterprise_ids) | Q(receiver_id__in=enterprise_ids)
        )
    frame(
        manifests.values_list(
            "number",
            "generator__name",
            "receiver__name",
            "waste_code",
            "shipped_at",
            "quantity_shipped_t",
            "confirmation_due",
            "received_at",
            "quantity_received_t",
            "quantity_refused_t",
        )
    )
    frame(
        scoped(Flag.objects.filter(period=PERIOD)).values_list(
            "enterprise__name",
            "enterprise__credit_code",
            "waste_code",
            "category__code",
            "kind",
            "severity",
            "reasons",
            "status",
            "reviewed_by__username",
            "review_note",
        )
    )
    frame(
        scoped(Enterprise.objects.all(), "pk").values_list(
            "pk", "credit_code", "name", "park__code", "is_key_unit"
        )
    )
    frame(
        scoped(MonitoringPoint.objects.filter(kind="weighbridge")).values_list(
            "enterprise_id", "code"
        )
    )
    frame(
        scoped(LedgerEntry.objects.filter(period=PERIOD))
        .values("enterprise_id")
        .annotate(first=Min("created_at"))
        .values_list("enterprise_id", "first")
    )
    return time.perf_counter() - started


def city() -> None:
    """2,000 enterprises in 10 parks; each reports 12 wastes for the month, every flow, and
    transfers most to a receiver of the city; a flag on one in twenty."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from detection.models import Flag
    from monitoring.models import LedgerEntry, WasteCategory
    from parks.models import Enterprise
    from tests.factories import ParkFactory, credit_code

    rng = random.Random(20261204)
    parks = [ParkFactory(code=f"BP{n:02d}") for n in range(PARKS)]
    Enterprise.objects.bulk_create(
        Enterprise(
            credit_code=credit_code(n + 1),
            name=f"包头市测试{n:04d}有限公司",
            industry_code="3110",
            park=parks[n % PARKS],
            location=parks[n % PARKS].boundary.centroid,
            is_key_unit=n % 4 == 0,
        )
        for n in range(ENTERPRISES)
    )
    enterprises = list(Enterprise.objects.order_by("pk"))
    categories = {c.code: c for c in WasteCategory.objects.all()}
    actor = get_user_model().objects.create(username="bench", is_superuser=True, is_staff=True)
    lines = []
    for enterprise in enterprises:
        wastes = [(code, "") for code in CATEGORIES] + list(HAZARDOUS.items())
        for code, waste_code in wastes:
            level = rng.uniform(10, 2000) if code.startswith("SW") else rng.uniform(0.5, 20)
            opening = round(level * rng.uniform(0, 0.5), 3)
            generated = round(level, 3)
            utilised = round(generated * rng.uniform(0.2, 0.6), 3)
            transferred = round((generated - utilised) * rng.uniform(0.5, 1), 3)
            closing = round(opening + generated - utilised - transferred, 3)
            receiver = rng.choice(enterprises).credit_code
            for flow, tonnes, other in (
                ("opening_stock", opening, ""),
                ("generated", generated, ""),
                ("utilised", utilised, ""),
                ("transferred_out", transferred, receiver),
                ("closing_stock", closing, ""),
            ):
                lines.append(
                    LedgerEntry(
                        enterprise=enterprise,
                        category=categories[code],
                        waste_code=waste_code,
                        period=PERIOD,
                        flow=flow,
                        counterparty=other,
                        quantity_t=Decimal(f"{tonnes:.3f}"),
                        source="api",
                        created_by=actor,
                    )
                )
    LedgerEntry.objects.bulk_create(lines, batch_size=5000)
    Flag.objects.bulk_create(
        Flag(
            enterprise=enterprise,
            category=categories["SW01"],
            period=PERIOD,
            kind="stock_carry",
            severity=2,
            reasons=[
                {
                    "code": "stock_carry",
                    "period": "2026-10",
                    "opening_t": "100.000",
                    "closing_t": "90.000",
                }
            ],
        )
        for enterprise in enterprises[::20]
    )
    with connection.cursor() as cursor:
        # As autovacuum would have, before anything is timed: plans from statistics, not
        # guesses, and no vacuum of the fresh rows competing for the two cores while timing.
        cursor.execute("VACUUM ANALYZE")


def measure(scope: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", scope],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> dict:
    database_recreate()
    django_setup()
    city()
    from parks.models import Park
    from parks.selectors import park_enterprise_ids

    park = Park.objects.get(code="BP00")
    figures = {"enterprises": ENTERPRISES}
    for scope, ids in (("city", None), (park.code, park_enterprise_ids(park=park))):
        baseline = min(read_baseline(ids) for _ in range(3))
        timings = measure(scope)
        written = timings["xlsx_bytes"] + timings["csv_zip_bytes"]
        first = timings["first"]
        first_written = first["xlsx_bytes"] + first["csv_zip_bytes"]
        figures[scope] = {
            "read_s": round(baseline, 3),
            "content_s": round(timings["content"], 2),
            "xlsx_s": round(timings["xlsx_bytes"], 2),
            "csv_s": round(timings["csv_zip_bytes"], 2),
            "xlsx_csv_ratio_to_read": round((timings["content"] + written) / baseline, 2),
            "first_build_s": round(first["content"] + first_written, 2),
            "first_build_ratio_to_read": round((first["content"] + first_written) / baseline, 2),
            "pdf_s": round(timings["pdf_bytes"], 2),
            "peak_mb": round(timings["peak_mb"]),
            "rows": timings["rows"],
            "xlsx_mb": round(timings.get("xlsx_bytes_mb", 0), 1),
            "cells": timings["cells"],
            "xlsx_writers_s": timings["xlsx_alternatives"],
        }
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
    else:
        print(json.dumps(main(), indent=1))

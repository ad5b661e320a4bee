from pathlib import Path

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from detection.series import series_score
from wastewatch.tabular_write import frame_to_csv

REQUIRED = ("timestamp", "value")


def _row(position: int) -> int:
    """The file's row number (1-based, the header is row 1) of a 0-based data position."""
    return int(position) + 2


def series_read(path: Path) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The file as text (written back unchanged), its timestamps and its values (NaN = blank).

    Raises CommandError naming the file, the column or the row that is wrong.
    """
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise CommandError(f"{path}: the file is empty.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: not a readable CSV file ({error}).") from None
    missing = [name for name in REQUIRED if name not in frame.columns]
    if missing:
        raise CommandError(
            f"{path}: missing column(s) {', '.join(missing)}; "
            f"expected a header with timestamp,value (found {','.join(frame.columns)})."
        )
    if frame.empty:
        raise CommandError(f"{path}: no data rows after the header.")

    text = frame["value"].str.strip()
    blank = text.str.lower().isin(["", "nan", "na", "null"])
    values = pd.to_numeric(text.where(~blank), errors="coerce").to_numpy(dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(values) & ~blank.to_numpy())
    if len(bad):
        raise CommandError(
            f"{path}: row {_row(bad[0])}: value {frame['value'].iloc[bad[0]]!r} is not a number."
        )

    stamps = frame["timestamp"].str.strip()
    empty = np.flatnonzero((stamps == "").to_numpy())
    if len(empty):
        raise CommandError(f"{path}: row {_row(empty[0])}: the timestamp is missing.")
    try:
        parsed = pd.to_datetime(stamps, utc=True)
    except (ValueError, TypeError, OverflowError):
        parsed = pd.to_datetime(stamps, utc=True, format="mixed", errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if len(bad):
        raise CommandError(
            f"{path}: row {_row(bad[0])}: timestamp {stamps.iloc[bad[0]]!r} is not a date and time."
        )
    # File order is arrival order: a timestamp that repeats or steps back (a clock change) is
    # kept as it is; series_score takes it as no time elapsed.
    seconds = parsed.to_numpy(dtype="datetime64[ns]")
    return frame, seconds, values


class Command(BaseCommand):
    help = (
        "Score a univariate time series (CSV with timestamp,value) for anomalies: writes the "
        "rows back with anomaly_score in [0, 1], computed causally (row t sees rows <= t), in "
        "file order (timestamps may repeat or step back)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", required=True, type=Path, dest="source", help="CSV: timestamp,value"
        )
        parser.add_argument("--output", required=True, type=Path, help="the CSV to write")

    def handle(self, *args, source: Path, output: Path, **options) -> None:
        frame, timestamps, values = series_read(source)
        frame["anomaly_score"] = series_score(timestamps, values)
        frame_to_csv(frame, output, index=False, float_format="%.6f")
        self.stdout.write(
            f"{len(frame)} rows scored ({int(np.isnan(values).sum())} blank values) into {output}."
        )

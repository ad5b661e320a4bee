"""The National Hazardous Waste List (国家危险废物名录) as the bureau supplies it.

The platform ships the list's categories (HW01–HW50) but not its 467 eight-digit codes: no
copy of the official text could be verified for shipping. When HAZARDOUS_WASTE_LIST_FILE
names a copy (a text or CSV file whose lines start with the codes, AAA-BBB-CC), every waste
code a ledger or a manifest names must be on it; without it, a code is checked for its form
and its category only. Ledgers and manifests ask the same question here.
"""

import functools
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_LIST_CODE_RE = re.compile(r"^\s*\d{3}-\d{3}-\d{2}\b")


@functools.lru_cache(maxsize=4)
def _waste_code_list(path: str) -> frozenset[str]:
    """The codes of the National Hazardous Waste List file at `path`: every line that starts
    with a code AAA-BBB-CC (a header or other columns after the code are ignored)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as missing:
        raise ImproperlyConfigured(
            f"HAZARDOUS_WASTE_LIST_FILE {path!r} cannot be read: {missing}"
        ) from missing
    lines = text.splitlines()
    codes = {match.group().strip() for line in lines if (match := _LIST_CODE_RE.match(line))}
    if not codes:
        raise ImproperlyConfigured(f"HAZARDOUS_WASTE_LIST_FILE {path!r} holds no waste code")
    return frozenset(codes)


def waste_code_listed(code: str) -> bool | None:
    """Whether the configured national list holds `code`; None when no list is configured."""
    path = settings.HAZARDOUS_WASTE_LIST_FILE
    if not path:
        return None
    return code in _waste_code_list(path)

"""Python's cyclic garbage collector paused while a report is built or written.

A city's report holds about 50,000 rows of 500,000 cells, and building or writing it
allocates millions of short-lived objects more. Every few thousand allocations the collector
runs, and now and then it walks every object the process holds, the report's rows included,
which find nothing to free: measured in bench/report_issue.py, such passes took a tenth to a
quarter of a build. Reference counting still frees everything as usual; only cycles wait for
the collector, which runs again when the build is over."""

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collection_paused(function: Callable[P, R]) -> Callable[P, R]:
    """`function` runs with the cyclic collector off (as it was before, afterwards)."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already paused by a caller
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused

"""Building and writing a report pauses Python's cyclic garbage collector and always turns it
back on, whether the build succeeds or fails, and leaves it off where a caller had paused it."""

import gc

import pytest

from reports.collector import collection_paused


@collection_paused
def _build(fail: bool) -> bool:
    if fail:
        raise ValueError("the build failed")
    return gc.isenabled()


def test_the_collector_is_off_during_a_build_and_on_after_it():
    assert gc.isenabled()
    assert _build(False) is False
    assert gc.isenabled()


def test_a_failing_build_turns_the_collector_back_on():
    with pytest.raises(ValueError):
        _build(True)
    assert gc.isenabled()


def test_a_build_inside_a_paused_caller_leaves_it_paused():
    gc.disable()
    try:
        assert _build(False) is False
        assert not gc.isenabled()
    finally:
        gc.enable()

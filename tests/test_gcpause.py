"""fieldapp.gcpause: the cycle collector is paused for bulk work and runs again when the
last pause ends, however pauses nest or overlap between threads."""

from __future__ import annotations

import gc
import threading

from fieldapp import gcpause


def test_nested_pauses_end_with_the_outer_one() -> None:
    assert gc.isenabled()
    with gcpause.paused():
        assert not gc.isenabled()
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner end does not restart it
    assert gc.isenabled()


def test_an_error_inside_still_restarts_the_collector() -> None:
    try:
        with gcpause.paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads() -> None:
    inside, leave = threading.Event(), threading.Event()

    def job() -> None:
        with gcpause.paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=job)
    with gcpause.paused():
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the thread's pause outlives this one
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

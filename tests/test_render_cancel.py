"""Cancel while the map is drawn: render_png, and the map drawer a report receives, stop
at their safe points (before loading, while the page loads and draws, before grabbing and
writing), raise Cancelled, write no file and return at once."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

import pytest

from fieldapp.errors import Cancelled
from fieldapp.qtkit.render import map_drawer, render_png
from fieldapp.reports.generate import generate

QT_NOISE = pytest.mark.qt_log_ignore(
    "QRhiGles2", "GPUInfo not initialized", "Failed to create RHI", "Release of profile"
)
pytestmark = [pytest.mark.webengine, QT_NOISE]

SIZE = (640, 480)
PROMPT_S = 0.5  # from the flag turning true to Cancelled in the caller's hands
WAITS = {"wait_until", "run_js"}  # the render's waiting loops


class Flag:
    """A cancel flag that turns true at its `at`-th call (never, if `at` is None), and
    remembers how often a waiting loop asked it, and when and from where it turned."""

    def __init__(self, at: int | None = None):
        self.at = at
        self.calls = 0
        self.calls_while_waiting = 0
        self.turned_at: float | None = None
        self.turned_in: set[str] = set()

    def __call__(self) -> bool:
        self.calls += 1
        asked_from = {frame.name for frame in traceback.extract_stack()}
        self.calls_while_waiting += bool(WAITS & asked_from)
        if self.at is None or self.calls < self.at:
            return False
        if self.turned_at is None:
            self.turned_at = time.monotonic()
            self.turned_in = asked_from
        return True


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for what a render writes (nothing, when cancelled)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_flag_already_set_draws_nothing(qapp, demo_db_path: Path, out_dir: Path) -> None:
    flag = Flag(at=1)
    with pytest.raises(Cancelled):
        render_png(demo_db_path, out_dir / "map.png", size=SIZE, cancelled=flag)
    assert flag.calls >= 1
    assert list(out_dir.iterdir()) == []


def test_cancel_while_the_page_loads_stops_at_once(
    qapp, demo_db_path: Path, out_dir: Path, tmp_path: Path
) -> None:
    # A whole render first, with a flag that stays false: the same call draws the image,
    # and the flag is asked over and over while the page loads and draws (every 20 ms),
    # not only once before each wait.
    whole = Flag()
    drawn = render_png(demo_db_path, tmp_path / "whole.png", size=SIZE, cancelled=whole)
    assert drawn.is_file() and drawn.stat().st_size > 0
    assert whole.calls_while_waiting >= 10, (whole.calls, whole.calls_while_waiting)

    flag = Flag(at=whole.calls // 2)  # half way through the waiting
    with pytest.raises(Cancelled):
        render_png(demo_db_path, out_dir / "map.png", size=SIZE, cancelled=flag)
    stopped = time.monotonic()
    assert flag.turned_at is not None and WAITS & flag.turned_in, flag.turned_in
    assert stopped - flag.turned_at < PROMPT_S
    assert list(out_dir.iterdir()) == []


def test_cancel_stops_the_report_map_and_the_report(
    qapp, demo_db_path: Path, out_dir: Path
) -> None:
    flag = Flag(at=10)  # while the page loads: a render asks it 30 times or more
    with pytest.raises(Cancelled) as raised:
        generate(
            demo_db_path,
            out_dir / "report.pdf",
            sign=False,
            draw_map=map_drawer(demo_db_path, None, cancelled=flag),
            cancelled=flag,
        )
    stopped = time.monotonic()
    assert flag.turned_at is not None and WAITS & flag.turned_in, flag.turned_in
    # raised by the map drawing itself, not noticed later by the report's own checks
    raised_in = {entry.frame.code.name for entry in raised.traceback}
    assert "render_map" in raised_in and "collect" not in raised_in, raised_in
    assert stopped - flag.turned_at < PROMPT_S
    assert list(out_dir.iterdir()) == []

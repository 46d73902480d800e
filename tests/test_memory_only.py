"""Reports and the map page are made in memory: nothing of the records reaches the disk on
its own.

Marker strings (Latin and Arabic) go into a record's location, notes, source and actor; a
report is generated from the window and through ops (with its map), the Map tab is shown,
and the temporary folder, the test's data and cache folders are searched: no file may be
left in the temporary folder and none anywhere may hold a marker. The file the user saved
holds them, so the search is known to see them. The map page is served by the app's own URL
scheme (no map.html anywhere) in an off-the-record QtWebEngine profile.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ops import reports as ops_reports
from fieldapp.qtkit import render, web
from fieldapp.store import Store

QT_NOISE = pytest.mark.qt_log_ignore(
    "QRhiGles2", "GPUInfo not initialized", "Failed to create RHI", "Release of profile"
)
pytestmark = [pytest.mark.webengine, QT_NOISE]

LATIN = "ZQXMARK739"
ARABIC = "علامةسرية"  # "a secret mark"


def needles() -> list[bytes]:
    return [
        marker.encode(encoding)
        for marker in (LATIN, LATIN.lower(), ARABIC)
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ]


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def markers_in(*roots: Path, but: tuple[Path, ...] = ()) -> list[str]:
    """Every file under `roots` (but those in `but`) holding a marker, as raw bytes or, for a
    PDF, as its text."""
    hits = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                if path in but or path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                if data.startswith(b"%PDF-"):
                    data += pdf_text(data).encode()
                hits += [f"{path}: {n!r}" for n in needles() if n in data]
    return hits


@pytest.fixture
def marked_db(db_path: Path) -> Path:
    """A database whose records carry the markers in their free text, with coordinates."""
    with Store.open(db_path) as store:
        store.add(
            INCIDENT,
            {"event_date": "2019-05-14", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Air/drone strike", "admin1": "Idlib",
             "location": f"{LATIN} loc {ARABIC}", "notes": f"{LATIN} notes {ARABIC}",
             "source": f"{LATIN} source {ARABIC}", "actor1": f"{LATIN} actor {ARABIC}",
             "latitude": 35.8, "longitude": 36.6, "killed": 2},
        )  # fmt: skip
        store.add(
            DISPLACEMENT,
            {"report_date": "2019-05-20", "period_end": "2019-05-27", "direction": "departed",
             "country": "Syria", "admin1": "Idlib", "households": 8,
             "location": f"{LATIN} camp {ARABIC}", "notes": f"{LATIN} dnotes {ARABIC}",
             "latitude": 36.0, "longitude": 36.7, "individuals": 40},
        )  # fmt: skip
    return db_path


def left_behind(temp: Path) -> list[Path]:
    return sorted(temp.rglob("*"))


def own_folders(tmp_path: Path) -> list[Path]:
    """Where this test's fieldapp and QtWebEngine keep anything: its temporary folder and
    its XDG data, config and state folders (conftest), and the session's cache."""
    names = ("tmp", "xdg-data", "xdg-config", "xdg-state")
    return [tmp_path / n for n in names] + [Path(os.environ["XDG_CACHE_HOME"])]


def test_a_report_through_ops_writes_only_the_file_asked_for(
    qapp, marked_db: Path, tmp_path: Path, temp: Path
) -> None:
    out = tmp_path / "usb" / "report.pdf"
    out.parent.mkdir()
    with Store.open(marked_db) as store:
        written = ops_reports.report(
            store, out, passphrase=PASSPHRASE, draw_map=render.map_drawer(marked_db, None)
        ).report
        kept = ops_reports.report(
            store, None, passphrase=PASSPHRASE, draw_map=render.map_drawer(marked_db, None)
        ).report
    assert written.with_map and written.signed and written.path == out
    assert out.read_bytes() == written.pdf
    assert kept.path is None and kept.with_map and kept.pdf.startswith(b"%PDF-")
    assert LATIN in pdf_text(kept.pdf) and LATIN in pdf_text(out.read_bytes())
    assert left_behind(temp) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.pdf"]  # no partial file
    assert markers_in(*own_folders(tmp_path)) == []


def test_a_report_from_the_window_is_previewed_and_saved_from_memory(
    qtbot, marked_db: Path, tmp_path: Path, temp: Path, file_dialogs
) -> None:
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    context = AppContext(marked_db)
    window = MainWindow(context, extensions=("fieldapp.ui.reports_view",))
    qtbot.addWidget(window)
    window.show()
    view = window.reports_view
    try:
        window.show_view("reports")
        assert view.with_map.isChecked()  # the map is drawn too (in memory)
        view.ask_passphrase = lambda: PASSPHRASE
        qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.job is None and view.result is not None, timeout=90_000)
        result = view.result
        assert result.signed and result.with_map and result.path is None
        assert view.document.pageCount() == result.pages
        assert left_behind(temp) == []
        shown = view.shown_pdf()
        assert shown == result.pdf and LATIN in pdf_text(shown)

        saved = tmp_path / "usb" / "saved.pdf"
        saved.parent.mkdir()
        file_dialogs.answer(saved)
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
        assert saved.read_bytes() == shown  # previewed == saved, byte for byte
        view.print_to(pdf_printer(tmp_path / "usb" / "printed.pdf"))
        assert left_behind(temp) == []
    finally:
        view.cleanup()
        window.close()
        context.close()
    assert markers_in(saved.parent)  # the search sees what the user saved...
    assert markers_in(*own_folders(tmp_path), but=(marked_db,)) == []  # ...and nothing else


def pdf_printer(path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_map_view_loads_its_page_from_memory_off_the_record(
    qtbot, marked_db: Path, tmp_path: Path, temp: Path
) -> None:
    from PySide6.QtWebEngineCore import QWebEngineProfile

    from fieldapp.ui.context import AppContext
    from fieldapp.ui.map_view import MapView

    context = AppContext(marked_db)
    view = MapView(context)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    try:
        with qtbot.waitSignal(view.data_shown, timeout=30_000) as shown:
            view.show()
        assert shown.args == [1, 1]  # the marked records are on the map
        assert view.page.url().scheme() == "fieldapp"
        assert view.page.url().toString().startswith("fieldapp:page/")
        handler = web.page_handler(view.page.profile())
        assert handler.pages() >= 1 and handler.served
        # the profile keeps its cache, cookies and storage in memory
        assert QWebEngineProfile.defaultProfile().isOffTheRecord()
        assert web.is_off_the_record(view.page.profile())
        assert view.page.profile() is QWebEngineProfile.defaultProfile()
        assert view.run_js("JSON.stringify(FieldMap.stats().incidents)") == "1"
        assert left_behind(temp) == []
        assert not [p for p in tmp_path.rglob("*.html")]
    finally:
        view.close()
        context.close()
    assert markers_in(*own_folders(tmp_path), but=(marked_db,)) == []


def test_a_page_is_served_only_while_it_is_wanted(qapp) -> None:
    handler = web.page_handler()
    url = handler.add("<html><body>x</body></html>")
    other = handler.add("<html><body>y</body></html>")
    assert url != other and url.scheme() == "fieldapp"
    handler.remove(url)
    handler.remove(other)
    assert web.schemes_registered()


FALLBACK = """
import sys
from pathlib import Path
from fieldapp.qtkit import render, web
render.prepare_environment()
from PySide6.QtWidgets import QApplication
app = QApplication(["fieldapp"])  # made without register_schemes()
assert not web.schemes_registered()
from fieldapp.store import Store
folder = Path(sys.argv[1])
with Store.open(folder / "plain.db", create=True) as store:
    out = render.render_png(store, folder / "map.png", None, (400, 300))
print(out.stat().st_size)
"""


def test_a_process_without_the_schemes_still_draws_from_memory(tmp_path: Path) -> None:
    """A QApplication made without the schemes (another program using fieldapp): the page
    is set from memory with setHtml (well under its 2 MB), still never a file."""
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    run = subprocess.run(
        [sys.executable, "-c", FALLBACK, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.split()[-1]) > 10_000  # a drawn map, not an empty image
    assert left_behind(temp) == []

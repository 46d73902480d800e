"""A day of work on a new (encrypted) database leaves no record text in clear on disk.

Marker strings, Latin and Arabic, go into every text field of every record kind: typed in
the form, added and edited, and brought in by a sealed bundle from another device. Then the
day goes on as a person's does: a search in the filter bar, the map, a report generated
and saved, a backup, Lock now. Afterwards every byte of every file under the data, config,
state, cache and temporary folders (the test's own and the session's, where Qt keeps its
settings and QtWebEngine its profile) is searched for the markers: as UTF-8 and UTF-16,
lower-cased (the full-text index folds case), JSON-escaped, inside zip and gzip files, and
as the text of any PDF. None may be found. What the user exported on purpose (the bundle on
the "USB stick", the saved report) is outside those folders and is checked to hold them,
so the search is known to work.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from test_sync_helpers import device_factory
from test_ui_days import first_run, wait_jobs
from ui_helpers import map_ready, type_text

from fieldapp import paths
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.ops import bundles as ops_bundles
from fieldapp.ops import records as ops_records
from fieldapp.ops import setup as ops_setup
from fieldapp.store import Store

pytestmark = pytest.mark.webengine

LATIN = "ZQXMARK739"
ARABIC = "علامةسرية"  # "a secret mark"
SESSION_HOME = Path(os.environ["TMPDIR"]).parent  # tests/conftest.py: the session's folders


def marked(kind: str, tag: str, base: dict) -> dict:
    """`base` with a marker in every free-text field of the kind."""
    values = dict(base)
    for field in FIELDS[kind]:
        if field.type == "text" and not field.name.endswith("pcode") and field.name != "country":
            values[field.name] = f"{LATIN}{tag} {ARABIC}"
            # a marked place name is no unit the register knows: its code would not match
            if f"{field.name}_pcode" in values:
                values[f"{field.name}_pcode"] = None
    return values


def needles() -> list[bytes]:
    found: list[bytes] = []
    for marker in (LATIN, LATIN.lower(), ARABIC):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            found.append(marker.encode(encoding))
    found.append(json.dumps(ARABIC).strip('"').encode())  # \u0639\u0644... (ensure_ascii)
    return found


def contents(path: Path) -> list[tuple[str, bytes]]:
    """The file's bytes, and what a reader would get out of it: zip members, gunzipped
    bytes, a PDF's text."""
    data = path.read_bytes()
    out = [(str(path), data)]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            out += [(f"{path}!{n}", zf.read(n)) for n in zf.namelist()]
    elif data[:2] == b"\x1f\x8b":
        out.append((f"{path} (gunzipped)", gzip.decompress(data)))
    elif data[:5] == b"%PDF-":
        text = subprocess.run(
            ["pdftotext", "-q", str(path), "-"], capture_output=True, check=False
        ).stdout
        out.append((f"{path} (text)", text))
    return out


def markers_under(*roots: Path) -> list[str]:
    hits: list[str] = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    parts = contents(path)
                except (OSError, zipfile.BadZipFile, EOFError):
                    parts = [(str(path), path.read_bytes())]
                for where, data in parts:
                    hits += [f"{where}: {n!r}" for n in needles() if n in data]
    return hits


def scanned_folders(tmp_path: Path) -> list[Path]:
    session = [SESSION_HOME / f"xdg_{n}_home" for n in ("config", "data", "state", "cache")]
    own = [tmp_path / n for n in ("xdg-data", "xdg-config", "xdg-state", "xdg-cache", "tmp")]
    return [p for p in session + own if p.exists()]


@pytest.fixture
def own_folders(tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's cache and temporary folders (conftest gives it its data and config)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return temp


def test_a_day_of_work_leaves_no_record_text_on_disk(
    qtbot, tmp_path, own_folders, file_dialogs, monkeypatch
):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    usb = tmp_path / "usb"  # what the user takes away on purpose
    usb.mkdir()
    db = paths.default_db_path()
    assert paths.data_dir() == tmp_path / "xdg-data" / "fieldapp"

    window = first_run(qtbot, db, "en")
    try:
        assert Store.is_encrypted(db)
        context = window.context

        # Typed in the form: a place and notes holding the markers.
        window.new_record(INCIDENT)
        form = window.form
        assert form is not None
        form.editors["sub_event_type"].widget.setCurrentIndex(1)
        type_text(form.editors["location"].widget, f"{LATIN}form {ARABIC}")
        type_text(form.editors["notes"].widget, f"{LATIN}notes {ARABIC}")
        with qtbot.waitSignal(form.saved):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

        # Every text field of both kinds, then an edit; a sealing key for the import.
        from test_sync_helpers import DISPLACEMENT as D
        from test_sync_helpers import INCIDENT as I

        store = context.store()
        added = ops_records.add(store, INCIDENT, marked(INCIDENT, "i", I))
        context.announce(added.changes)
        context.announce(ops_records.add(store, DISPLACEMENT, marked(DISPLACEMENT, "d", D)).changes)
        edited = ops_records.edit(store, added.record_id, {"notes": f"{LATIN}edit {ARABIC}"})
        context.announce(edited.changes)
        recipient = ops_setup.sealing_key(store, lambda: PASSPHRASE).recipient

        # A sealed bundle from another device, merged.
        other = device_factory().new(tmp_path, "Basel", "Syria Relief")
        with Store.open(other) as theirs:
            ops_records.add(theirs, INCIDENT, marked(INCIDENT, "b", I))
            bundle = usb / "basel.zip.age"
            ops_bundles.export(theirs, bundle, PASSPHRASE, seal_to=recipient)
        merged = ops_bundles.merge(store, [bundle], trust_new=True, passphrase=lambda: PASSPHRASE)
        context.announce(merged.changes)

        # A search in the filter bar, the map, a report generated and saved.
        type_text(window.filter_bar.search, LATIN)
        qtbot.wait(400)
        window.filter_bar.search.clear()
        window.show_view("map")
        map_ready(qtbot, window.map_view)
        window.show_view("reports")
        reports = window.views["reports"]
        reports.ask_passphrase = lambda: PASSPHRASE
        qtbot.mouseClick(reports.generate_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot, 120_000)
        assert reports.result is not None
        saved = usb / "report.pdf"
        file_dialogs.answer(saved)
        qtbot.mouseClick(reports.save_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)

        # A backup beside the database, then Lock now.
        file_dialogs.answer(db.with_name("backup.db"))
        window.file_actions.backup_action.trigger()
        wait_jobs(qtbot)
        assert db.with_name("backup.db").exists()
        window.lock_action.trigger()
        assert window.locker.locked
    finally:
        window.close()
        window.context.close()
        qtbot.wait(50)

    # The markers are where the user put them on purpose, so the search finds them...
    assert markers_under(usb), "the search does not see the exported report and bundle"
    # ...and nowhere fieldapp keeps anything of its own.
    folders = scanned_folders(tmp_path)
    assert db.parent in [p for f in folders for p in [f, *f.rglob("*")]]
    assert markers_under(*folders) == []

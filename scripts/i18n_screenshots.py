"""Screenshots of the main views in a language, at a laptop's 1366×768, for a human to look at.

    python scripts/i18n_screenshots.py [--lang ar] [--pseudo] [--out /tmp/i18n]

Builds a scratch database (the demo records plus two Arabic place names, and a second
device's bundle to import), opens the real window offscreen and saves PNGs: the record
tables, the incident form (new, and an edit showing validation messages), the history, the
import dialog with a verified bundle and a refused copy, the map, the reports view, the
first-run screen.
`--pseudo` installs the pseudo-localisation translator (every string 40% longer, wrapped
in right-to-left marks) instead of a real catalogue.

Nothing here is a test: tests/test_i18n_ui.py checks geometry; this is for the eye.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
# Settings (language, remembered tile archives) go to a scratch folder, not the user's.
_SCRATCH = tempfile.mkdtemp(prefix="fieldapp-shots-home-")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_SCRATCH, _var.lower())
PASSPHRASE = "screenshot passphrase"
os.environ["FIELDAPP_PASSPHRASE"] = PASSPHRASE
SIZE = (1366, 768)


def cli(*argv: object) -> None:
    from fieldapp.cli.main import main

    code = main([str(a) for a in argv])
    if code:
        raise SystemExit(f"fieldapp {' '.join(map(str, argv))} failed ({code})")


def make_databases(folder: Path) -> tuple[Path, Path]:
    """The coordinator's database (demo data) and a field worker's bundle to import."""
    main = folder / "coordinator.db"
    cli("--db", main, "init", "--name", "أمل الحسن", "--org", "شبكة الاستجابة في إدلب")
    cli("--db", main, "demo")
    cli(
        "--db", main, "add", "incident", "--date", "2019-05-20",
        "--sub-event-type", "Air/drone strike", "--location", "معرة النعمان",
        "--admin1", "إدلب", "--admin2", "معرة النعمان", "--killed", "4", "--injured", "12",
        "--target", "market", "--target", "bakery", "--source", "Syria Civil Defence",
        "--lat", "35.6476", "--lon", "36.6744",
        "--notes", "غارة على السوق الشعبي صباحاً (market, 07:30)",
    )  # fmt: skip
    field = folder / "field.db"
    cli("--db", field, "init", "--name", "Omar", "--org", "Health Directorate")
    cli(
        "--db", field, "add", "displacement", "--date", "2019-05-22", "--direction",
        "arrived", "--location", "Atmeh camps", "--admin1", "Idlib", "--individuals",
        "1,250", "--households", "250", "--origin-location", "كفرنبل",
    )  # fmt: skip
    bundle = folder / "omar-2019-05-22.zip"
    cli("--db", field, "export", "--out", bundle)
    return main, bundle


def shoot(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def wait(condition, seconds: float = 30.0) -> bool:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="ar", choices=("ar", "en"))
    parser.add_argument("--pseudo", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/tmp/i18n"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tag = "pseudo" if args.pseudo else args.lang

    from fieldapp.ui import app as ui_app

    app = ui_app.create_application(sys.argv[:1])
    from PySide6.QtCore import Qt

    from fieldapp.ui import dialogs, i18n
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    i18n.apply_language("ar" if args.pseudo else args.lang)
    if args.pseudo:
        i18n.reset()
        i18n.install_translator(i18n.PseudoTranslator())
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    dialogs.confirm = lambda *a: True

    with tempfile.TemporaryDirectory(prefix="fieldapp-shots-") as tmp:
        db, bundle = make_databases(Path(tmp))
        context = AppContext(db)
        window = MainWindow(context)
        window.resize(*SIZE)
        window.show()
        shoot(window, args.out / f"{tag}-main-incidents.png")
        window.show_view("displacements")
        shoot(window, args.out / f"{tag}-main-displacement.png")
        window.show_view("incidents")

        form = window.new_record("incident")
        shoot(form, args.out / f"{tag}-form-new-incident.png")
        form.done(0)
        view = window.incidents
        row = next(
            r for r in range(view.model.rowCount())
            if "معرة" in str(view.model.index(r, 2).data())
        )  # fmt: skip
        view.table.selectRow(row)
        form = window.edit_record(view.model.record_id(row))
        form.editors["killed"].edit.setText("-3")
        form.editors["latitude"].edit.setText("35.6476")
        form.editors["longitude"].edit.setText("")
        form.save()
        shoot(form, args.out / f"{tag}-form-edit-errors.png")
        form.confirm = lambda *a: True
        form.done(0)
        displacement_form = window.new_record("displacement")
        shoot(displacement_form, args.out / f"{tag}-form-new-displacement.png")
        displacement_form.done(0)

        view.select_ids([view.model.record_id(row)])
        history = window.show_history()
        history.resize(860, 640)
        shoot(history, args.out / f"{tag}-history.png")
        history.done(0)

        if hasattr(window, "sync_actions"):
            dialog = window.sync_actions.import_()
            # ...and a copy altered after signing, to show a refusal and its reason
            altered = bundle.with_name("omar-altered.zip")
            with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(altered, "w") as out:
                for item in src.infolist():
                    data = src.read(item)
                    if item.filename == "incidents.csv":
                        data = data.replace(b"\r\n", b"\n", 1)
                    out.writestr(item, data)
            dialog.add_files([str(bundle), str(altered)])
            wait(lambda: dialog.job is None and dialog.model.rowCount() > 0)
            shoot(dialog, args.out / f"{tag}-import-dialog.png")
            dialog.done(0)
            for key in ("devices", "conflicts"):
                window.show_view(key)
                shoot(window, args.out / f"{tag}-{key}.png")

        if "map" in window.views:
            window.show_view("map")
            map_view = window.views["map"]
            wait(lambda: map_view.ready, 60)
            wait(lambda: False, 2.0)  # tiles of the base map, the legend
            shoot(window, args.out / f"{tag}-map.png")
            # a popup of the record with the Arabic place name, with its details from the app
            places = map_view.run_js("JSON.stringify(FieldMap.state.data.incidents.loc)")
            index = next(
                i for i, name in enumerate(__import__("json").loads(places))
                if name and "معرة" in name
            )  # fmt: skip
            map_view.run_js(f"FieldMap.openPopup('incidents', {index}) && true")
            wait(lambda: False, 1.0)
            shoot(window, args.out / f"{tag}-map-popup.png")

        if "reports" in window.views:
            window.show_view("reports")
            shoot(window, args.out / f"{tag}-reports.png")

        from fieldapp.store import Store
        from fieldapp.ui.first_run import FirstRunDialog

        with Store.open(Path(tmp) / "empty.db") as empty:
            first = FirstRunDialog(empty)
            first.show()
            first.create()
            shoot(first, args.out / f"{tag}-first-run.png")
            first.done(0)
        window.close()
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

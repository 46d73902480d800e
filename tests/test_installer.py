"""The self-contained installer: build it, install the .deb into a temporary root, run it.

`python build_installer.py` runs once for the module (PyInstaller plus the .deb and the
tarball: 2-4 minutes on 2 cores); the .deb is unpacked with `dpkg -x` into a temporary
root and the frozen binary there runs the same commands a user would, on temporary
databases, with no Python of ours involved: no PYTHONPATH, no venv, no checkout on the
path. A step whose command does not exist in this checkout yet is skipped with the reason;
once the module lands, the same test covers it.

Run on its own:  .venv/bin/python -m pytest -m installer -q
Against an existing build:  FIELDAPP_INSTALLER_DIST=dist .venv/bin/python -m pytest -m installer
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PASSPHRASE

import fieldapp

slow = pytest.mark.installer  # builds the installer (once per session); fast checks are not

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 200_000_000  # bytes: the compressed installer must stay under 200 MB
BUILD_TIMEOUT = 900
# Point this at a dist/ folder from `python build_installer.py` to test that build instead
# of building again (while working on the test itself).
PREBUILT = "FIELDAPP_INSTALLER_DIST"


def _cli_module(name: str) -> bool:
    return (ROOT / "fieldapp" / "cli" / f"{name}.py").exists()


def need_cli(name: str, what: str) -> None:
    if not _cli_module(name):
        pytest.skip(f"{what}: fieldapp/cli/{name}.py does not exist yet in this checkout")


@dataclass
class Installed:
    report: dict
    dist: Path
    deb: Path
    tarball: Path
    root: Path  # the temporary root the .deb was unpacked into
    binary: Path  # <root>/opt/fieldapp/fieldapp
    build_seconds: float


def _run(
    cmd: list[object],
    *,
    env: dict[str, str],
    timeout: float = 300,
    check: bool = True,
    user: int | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    argv = [str(c) for c in cmd]
    if user is not None:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *argv]
    result = subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd, check=False
    )
    if check:
        assert result.returncode == 0, (
            f"{' '.join(argv)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment like a user's session: no PYTHONPATH, no venv, no Qt overrides."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        # The window's temporary map page lives here: a stopped window cannot remove it.
        "TMPDIR": str(home / "tmp"),
        "FIELDAPP_PASSPHRASE": PASSPHRASE,
    }
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed() -> Iterator[Installed]:
    if not sys.platform.startswith("linux"):
        pytest.skip("the installer test builds and unpacks the Linux .deb")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install '.[build]')")
    for tool in ("dpkg-deb", "objdump"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install dpkg binutils)")
    # Not pytest's tmp_path: that is private to root (0700), and one test runs the frozen
    # app as an ordinary user, who must be able to read the unpacked tree.
    base = Path(tempfile.mkdtemp(prefix="fieldapp-installer-"))
    base.chmod(0o755)
    try:
        dist, work = base / "dist", base / "work"
        started = time.perf_counter()
        prebuilt = os.environ.get(PREBUILT)
        if prebuilt:
            shutil.copytree(prebuilt, dist, ignore=shutil.ignore_patterns("fieldapp"))
        else:
            result = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "build_installer.py"),
                    "--dist",
                    str(dist),
                    "--work",
                    str(work),
                ],
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                cwd=ROOT,
                check=False,
            )
            assert result.returncode == 0, (
                f"build failed\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
            )
            shutil.rmtree(work, ignore_errors=True)  # PyInstaller's scratch: ~0.5 GB
        seconds = time.perf_counter() - started
        report = json.loads((dist / "build-report.json").read_text(encoding="utf-8"))
        [deb] = dist.glob("*.deb")
        [tarball] = dist.glob("*.tar.*")
        shutil.rmtree(dist / "fieldapp", ignore_errors=True)  # the test uses the .deb's copy
        root = base / "root"
        subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True, timeout=300)
        for path in (root, *root.rglob("*")):  # dpkg -x keeps modes; make sure of the dirs
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        print(
            f"\nbuild: {seconds:.0f} s; "
            + ", ".join(f"{a['kind']} {a['size'] / 1e6:.1f} MB" for a in report["artifacts"])
            + f"; unpacked {report['folder_size'] / 1e6:.1f} MB"
        )
        yield Installed(
            report, dist, deb, tarball, root, root / "opt" / "fieldapp" / "fieldapp", seconds
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


# --- the plan, without building (fast) ---------------------------------------------------


def _builder():
    sys.path.insert(0, str(ROOT))
    try:
        import build_installer
    finally:
        sys.path.remove(str(ROOT))
    return build_installer


def test_freeze_plan_lists_everything_explicitly() -> None:
    b = _builder()
    plan = b.freeze_plan()
    assert (plan.name, plan.version, plan.app_id) == (
        fieldapp.APP_NAME,
        fieldapp.__version__,
        fieldapp.APP_ID,
    )
    dests = {(Path(src).name, dest) for src, dest in plan.datas}
    assert ("0001_initial.sql", "fieldapp/migrations") in dests
    assert ("fieldapp.svg", "fieldapp/resources/icons") in dests
    assert all(Path(src).is_file() for src, _ in plan.datas)
    for module in ("fieldapp.cli.records", "fieldapp.ui.app", "fieldapp.store.demo"):
        assert module in plan.hiddenimports  # the CLI and the window import these by name
    for name in (
        "QtPdf",
        "QtPrintSupport",
        "QtWebEngineCore",
        "QtWebEngineWidgets",
        "QtWebChannel",
        "QtNetwork",
        "QtSvg",
    ):
        assert f"PySide6.{name}" in plan.hiddenimports
        assert f"PySide6.{name}" not in plan.excludes
    for name in (
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "Qt3DCore",
        "QtCharts",
        "QtMultimedia",
        "QtBluetooth",
        "QtDataVisualization",
    ):
        assert f"PySide6.{name}" in plan.excludes
    assert "tkinter" in plan.excludes and "numpy" not in plan.excludes  # folium needs numpy
    assert plan.executables == [(fieldapp.APP_NAME, True)] and not plan.macos_bundle
    windows = b.freeze_plan(target="win32")
    assert [name for name, _ in windows.executables] == ["fieldapp", "fieldappw"]
    assert windows.keep[0].startswith("PySide6/translations/")  # no Qt/ level on Windows
    assert b.freeze_plan(target="darwin").macos_bundle == "fieldapp.app"


def test_prune_drops_plugins_and_the_libraries_only_they_need(tmp_path: Path) -> None:
    b = _builder()
    files = {}
    for name in (
        "gtk.so",
        "xcb.so",
        "libpango.so.0",
        "libcairo.so.2",
        "libglib.so.0",
        "libQt6Gui.so.6",
        "qtbase_de.qm",
        "qtbase_ar.qm",
    ):
        files[name] = tmp_path / name
        files[name].write_bytes(b"x")
    needs = {
        "gtk.so": ["libpango.so.0", "libglib.so.0", "libc.so.6"],
        "libpango.so.0": ["libcairo.so.2", "libglib.so.0"],
        "xcb.so": ["libQt6Gui.so.6"],
        "libQt6Gui.so.6": ["libglib.so.0"],
    }
    plugins = "PySide6/Qt/plugins"
    binaries = [
        (f"{plugins}/platformthemes/gtk.so", str(files["gtk.so"]), "BINARY"),
        (f"{plugins}/platforms/xcb.so", str(files["xcb.so"]), "BINARY"),
        ("libpango.so.0", str(files["libpango.so.0"]), "BINARY"),
        ("libcairo.so.2", str(files["libcairo.so.2"]), "BINARY"),
        ("libglib.so.0", str(files["libglib.so.0"]), "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", str(files["libQt6Gui.so.6"]), "BINARY"),
        ("libpango.so.0.link", "libpango.so.0", "SYMLINK"),
    ]
    datas = [
        ("PySide6/Qt/translations/qtbase_de.qm", str(files["qtbase_de.qm"]), "DATA"),
        ("PySide6/Qt/translations/qtbase_ar.qm", str(files["qtbase_ar.qm"]), "DATA"),
    ]
    kept_binaries, kept_datas, gone = b.prune_toc(
        binaries,
        datas,
        drop=[f"{plugins}/platformthemes/*", "PySide6/Qt/translations/*.qm"],
        keep=["PySide6/Qt/translations/qt*_ar.qm"],
        needed=lambda path: needs.get(Path(path).name, []),
    )
    assert {d for d, _, _ in kept_binaries} == {
        f"{plugins}/platforms/xcb.so",
        "libglib.so.0",  # still needed by libQt6Gui
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libpango.so.0.link",  # a different name: not the orphaned library
    }
    assert [d for d, _, _ in kept_datas] == ["PySide6/Qt/translations/qtbase_ar.qm"]
    assert {Path(d).name for d, _ in gone} == {
        "gtk.so",
        "libpango.so.0",
        "libcairo.so.2",
        "qtbase_de.qm",
    }


def test_help_explains_the_options() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    for option in (
        "--dist",
        "--formats",
        "--compression",
        "--level",
        "--languages",
        "--print-plan",
        "pip install '.[build]'",
        "dist/",
    ):
        assert option in result.stdout, option
    bad = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--formats", "rpm", "--print-plan"],
        capture_output=True,
        text=True,
        check=False,
    )
    plan = json.loads(bad.stdout)  # --print-plan needs no formats; then the bad one is refused
    assert plan["name"] == "fieldapp"
    refused = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_installer.py"),
            "--formats",
            "rpm",
            "--dist",
            "/nonexistent/x",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0 and "unknown format" in refused.stderr


def test_inno_setup_script_is_generated_from_the_package(tmp_path: Path) -> None:
    b = _builder()
    plan = b.freeze_plan(target="win32")
    folder, dist, icons = tmp_path / "fieldapp", tmp_path / "dist", tmp_path / "icons"
    for path in (folder, dist, icons):
        path.mkdir()
    iss, exe, why = b.build_windows(folder, dist, tmp_path, plan, icons)
    text = iss.read_text(encoding="utf-8")
    assert f'#define AppVersion "{fieldapp.__version__}"' in text
    assert f'#define AppId "{fieldapp.APP_ID}"' in text
    assert str(folder) in text and "fieldappw.exe" in text
    assert "@" not in text  # every placeholder filled
    if shutil.which("iscc") is None:
        assert exe is None and "iscc" in why


# --- what the build produced ------------------------------------------------------------


@slow
def test_installers_are_under_the_size_limit(installed: Installed) -> None:
    kinds = {a["kind"]: a for a in installed.report["artifacts"]}
    assert set(kinds) >= {"deb", "tar"}, installed.report
    for artifact in kinds.values():
        assert 30_000_000 < artifact["size"] < LIMIT, artifact
    assert installed.deb.stat().st_size == kinds["deb"]["size"]
    assert installed.report["skipped"], "Windows and macOS wrappers are reported as skipped"
    assert {kind for kind, _ in installed.report["skipped"]} >= {"windows", "macos"}


@slow
def test_deb_metadata_and_desktop_integration(installed: Installed) -> None:
    def field(name: str) -> str:
        return _run(["dpkg-deb", "-f", installed.deb, name], env=dict(os.environ)).stdout.strip()

    assert field("Package") == fieldapp.APP_NAME
    assert field("Version") == fieldapp.__version__
    depends = field("Depends")
    assert "libc6" in depends and "libgl1" in depends
    assert "python" not in depends  # self-contained: no system Python
    root = installed.root
    launcher = root / "usr" / "bin" / "fieldapp"
    assert os.access(launcher, os.X_OK)
    assert "/opt/fieldapp/fieldapp" in launcher.read_text()
    desktop = root / "usr" / "share" / "applications" / "fieldapp.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert "Exec=fieldapp" in text and "Icon=fieldapp" in text
    if shutil.which("desktop-file-validate"):
        _run(["desktop-file-validate", desktop], env=dict(os.environ))
    svg = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "fieldapp.svg"
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "fieldapp.svg").read_bytes()
    assert (
        (root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "fieldapp.png")
        .read_bytes()
        .startswith(b"\x89PNG")
    )


@slow
def test_frozen_folder_holds_what_the_app_needs_and_not_what_it_does_not(
    installed: Installed,
) -> None:
    internal = installed.binary.parent / "_internal"
    qt = internal / "PySide6" / "Qt"
    present = [
        qt / "libexec" / "QtWebEngineProcess",
        qt / "resources" / "qtwebengine_resources.pak",
        qt / "resources" / "icudtl.dat",
        qt / "translations" / "qtwebengine_locales" / "en-US.pak",
        qt / "translations" / "qtwebengine_locales" / "ar.pak",
        qt / "translations" / "qtbase_ar.qm",
        qt / "lib" / "libQt6Pdf.so.6",
        qt / "lib" / "libQt6PrintSupport.so.6",
        qt / "plugins" / "platforms" / "libqoffscreen.so",
        qt / "plugins" / "platforms" / "libqxcb.so",
        qt / "plugins" / "printsupport" / "libcupsprintersupport.so",
        internal / "fieldapp" / "migrations" / "0001_initial.sql",
        internal / "fieldapp" / "resources" / "icons" / "fieldapp.svg",
    ]
    for path in present:
        assert path.exists(), f"missing from the frozen app: {path.relative_to(installed.root)}"
    for resource in (ROOT / "resources").rglob("*"):
        shipped = resource.suffix not in (".ts", ".pyc", ".pro") and resource.name not in (
            ".gitignore",
            ".DS_Store",
        )
        if resource.is_file() and shipped and "__pycache__" not in resource.parts:
            rel = resource.relative_to(ROOT / "resources")
            assert (internal / "fieldapp" / "resources" / rel).exists(), f"resource {rel}"
    absent = [
        qt / "qml",
        qt / "translations" / "qtbase_de.qm",
        qt / "translations" / "qtwebengine_locales" / "de.pak",
        qt / "resources" / "qtwebengine_devtools_resources.pak",
        qt / "plugins" / "platformthemes" / "libqgtk3.so",
    ]
    for path in absent:
        assert not path.exists(), f"should have been left out: {path.relative_to(installed.root)}"
    names = {p.name for p in internal.rglob("*")}
    for unwanted in (
        "libQt6Quick3D.so.6",
        "libQt63DCore.so.6",
        "libQt6Charts.so.6",
        "libQt6Multimedia.so.6",
        "QtQuick.abi3.so",
        "QtQml.abi3.so",
        "libpango-1.0.so.0",
        "_tkinter.cpython-311-x86_64-linux-gnu.so",
    ):
        assert unwanted not in names, unwanted


@slow
def test_tarball_carries_the_same_app(installed: Installed) -> None:
    top = f"fieldapp-{fieldapp.__version__}"
    with tarfile.open(installed.tarball) as archive:
        members = {m.name: m for m in archive}
    assert members[f"{top}/fieldapp"].mode & 0o111
    assert f"{top}/fieldapp.desktop" in members
    assert f"{top}/_internal/PySide6/Qt/libexec/QtWebEngineProcess" in members
    assert all(m.uid == 0 and m.gid == 0 for m in members.values())
    in_deb = {
        str(p.relative_to(installed.binary.parent))
        for p in installed.binary.parent.rglob("*")
        if not p.is_dir()
    }
    in_tar = {name.split("/", 1)[1] for name, m in members.items() if not m.isdir() and "/" in name}
    assert in_deb <= in_tar


# --- the frozen app at work -----------------------------------------------------------------


@slow
def test_version_and_commands(installed: Installed, home: Path) -> None:
    env = clean_env(home)
    result = _run([installed.binary, "--version"], env=env)
    assert result.stdout.strip() == f"fieldapp {fieldapp.__version__}"
    help_text = _run([installed.binary, "--help"], env=env).stdout
    expected = ["init", "demo", "list"]  # imported by name: hidden imports must be in place
    if _cli_module("maps"):
        expected.append("map")
    if _cli_module("reports"):
        expected.append("report")
    if _cli_module("sync"):
        expected += ["export", "merge", "verify"]
    for command in expected:
        assert command in help_text, f"`{command}` missing from the frozen app's --help"


@slow
def test_first_run_uses_the_same_data_folder(installed: Installed, home: Path) -> None:
    """No --db: `init` creates the database where the installed package would look."""
    env = clean_env(home)
    _run([installed.binary, "init", "--name", "Amal", "--org", "Idlib Response Network"], env=env)
    expected = home / "data" / fieldapp.APP_NAME / "fieldapp.db"  # platformdirs on Linux
    assert expected.is_file()
    # encrypted, as in development: the frozen app carries SQLCipher (and lists it below)
    assert not expected.read_bytes().startswith(b"SQLite format 3")
    listed = _run([installed.binary, "list", "incidents"], env=env)
    assert listed.returncode == 0
    script = "from fieldapp import paths; print(paths.default_db_path())"
    venv = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert Path(venv.stdout.strip()) == expected
    again = _run([installed.binary, "init", "--name", "X", "--org", "Y"], env=env, check=False)
    assert again.returncode != 0 and "Traceback" not in again.stderr


@pytest.fixture(scope="module")
def device(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A field worker's database made by the frozen app: init + demo."""
    folder = tmp_path_factory.mktemp("device")
    db = folder / "field.db"
    env = clean_env(folder / "home")
    _run(
        [installed.binary, "--db", db, "init", "--name", "Amal", "--org", "Idlib Response"], env=env
    )
    _run([installed.binary, "--db", db, "demo"], env=env)
    return db


@slow
def test_demo_data_lists_like_the_installed_package(
    installed: Installed, device: Path, home: Path
) -> None:
    env = clean_env(home)
    frozen = _run(
        [installed.binary, "--db", device, "list", "incidents", "--format", "json"], env=env
    )
    rows = json.loads(frozen.stdout)
    assert len(rows) >= 5 and {"id", "event_date", "admin1"} <= set(rows[0])
    venv = (
        _run(
            [
                ROOT / ".venv" / "bin" / "fieldapp",
                "--db",
                device,
                "list",
                "incidents",
                "--format",
                "json",
            ],
            env=env,
        )
        if (ROOT / ".venv" / "bin" / "fieldapp").exists()
        else None
    )
    if venv is not None:
        assert json.loads(venv.stdout) == rows


@slow
def test_analysts_formats_out_and_in(
    installed: Installed, device: Path, tmp_path: Path, home: Path
) -> None:
    """openpyxl, rfc8785 and the GeoPackage writer inside the frozen app: an XLSX and a
    GeoPackage export, the XLSForm, and the XLSX imported into a new database."""
    import openpyxl

    env = clean_env(home)
    book = tmp_path / "out.xlsx"
    _run([installed.binary, "--db", device, "export-data", "--format", "xlsx", "--out", book],
         env=env)  # fmt: skip
    sheet = openpyxl.load_workbook(book)["incidents"]
    assert sheet.max_row > 5 and isinstance(sheet.cell(2, 1).value, str)
    gpkg = tmp_path / "out.gpkg"
    _run([installed.binary, "--db", device, "export-data", "--format", "gpkg", "--out", gpkg],
         env=env)  # fmt: skip
    assert gpkg.read_bytes()[:16] == b"SQLite format 3\x00"
    form = tmp_path / "form.xlsx"
    _run([installed.binary, "xlsform", "--form", "incident", "--out", form], env=env)
    assert "survey" in openpyxl.load_workbook(form).sheetnames
    hq = tmp_path / "hq.db"
    _run([installed.binary, "--db", hq, "init", "--name", "HQ", "--org", "Cluster"], env=env)
    _run([installed.binary, "--db", hq, "import", book, "--sheet", "incidents"], env=env)
    listed = _run([installed.binary, "--db", hq, "list", "incidents", "--format", "json"], env=env)
    assert len(json.loads(listed.stdout)) == sheet.max_row - 1


@slow
def test_bundle_export_verify_merge(
    installed: Installed, device: Path, tmp_path: Path, home: Path
) -> None:
    need_cli("sync", "export/verify/merge")
    env = clean_env(home)
    bundle = tmp_path / "amal.zip"
    _run([installed.binary, "--db", device, "export", "--out", bundle, "--full"], env=env)
    assert bundle.stat().st_size > 0
    coordinator = tmp_path / "coordinator.db"
    _run(
        [
            installed.binary,
            "--db",
            coordinator,
            "init",
            "--name",
            "Coordinator",
            "--org",
            "Cluster",
        ],
        env=env,
    )
    verified = _run([installed.binary, "--db", coordinator, "verify", bundle], env=env, check=False)
    assert verified.returncode == 0, verified.stderr
    # A large bundle is checked by a second process: the frozen executable started again
    # by multiprocessing (freeze_support). Forced here for a small one.
    parallel = {**env, "FIELDAPP_PARALLEL_VERIFY_MIN": "1"}
    twice = _run([installed.binary, "--db", coordinator, "verify", bundle], env=parallel)
    assert "(two processes)" in twice.stdout, twice.stdout + twice.stderr
    _run([installed.binary, "--db", coordinator, "merge", bundle, "--trust-new"], env=env)
    again = _run([installed.binary, "--db", coordinator, "merge", bundle], env=env)
    assert "Traceback" not in again.stderr

    def ids(db: Path, kind: str) -> set[str]:
        out = _run([installed.binary, "--db", db, "list", kind, "--format", "json"], env=env)
        return {row["id"] for row in json.loads(out.stdout)}

    for kind in ("incidents", "displacements"):
        assert ids(coordinator, kind) == ids(device, kind)

    # Sealed to the coordinator (age, through pyrage's compiled extension) and opened again.
    shown = _run([installed.binary, "--db", coordinator, "keys", "show"], env=env).stdout
    recipient = re.search(r"\bage1[0-9a-z]{20,}", shown)
    assert recipient, shown
    sealed = tmp_path / "amal-sealed.age"
    _run(
        [
            installed.binary,
            "--db",
            device,
            "export",
            "--out",
            sealed,
            "--full",
            "--seal-to",
            recipient.group(0),
        ],
        env=env,
    )
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1")
    _run([installed.binary, "--db", coordinator, "merge", sealed], env=env)
    assert ids(coordinator, "incidents") == ids(device, "incidents")


@slow
def test_signed_report(installed: Installed, device: Path, tmp_path: Path, home: Path) -> None:
    need_cli("reports", "report")
    env = clean_env(home)
    pdf = tmp_path / "report.pdf"
    result = _run(
        [installed.binary, "--db", device, "report", "--out", pdf, "--lang", "ar"],
        env=env,
        timeout=300,
    )
    assert "no map" not in result.stderr, result.stderr  # QtWebEngine drew the map figure
    assert pdf.read_bytes().startswith(b"%PDF")
    verified = _run([installed.binary, "--db", device, "verify", pdf], env=env, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    if shutil.which("pdfsig"):
        sig = _run(["pdfsig", pdf], env=env, check=False)
        assert "Signature is Valid" in sig.stdout, sig.stdout
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the signed byte range (the signature is at the end)
    pdf.write_bytes(bytes(data))
    tampered = _run([installed.binary, "--db", device, "verify", pdf], env=env, check=False)
    assert tampered.returncode != 0


def _colours(png: Path) -> tuple[tuple[int, int], dict[tuple[int, int, int], int]]:
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        counts = {colour: n for n, colour in rgb.getcolors(maxcolors=1 << 24)}
        return rgb.size, counts


def _map_png(
    installed: Installed, device: Path, out: Path, env: dict[str, str], user: int | None = None
) -> subprocess.CompletedProcess[str]:
    return _run(
        [installed.binary, "--db", device, "map", "--png", out, "--size", "800x600"],
        env=env,
        timeout=180,
        user=user,
    )


@slow
def test_map_png_loads_leaflet_with_the_demo_markers(
    installed: Installed, device: Path, tmp_path: Path, home: Path
) -> None:
    """QtWebEngine in the frozen layout: helper process, resources, the vendored Leaflet."""
    need_cli("maps", "map --png")
    env = clean_env(home, QT_QPA_PLATFORM="offscreen")  # no QTWEBENGINE_CHROMIUM_FLAGS
    frozen = tmp_path / "frozen.png"
    _map_png(installed, device, frozen, env)
    size, colours = _colours(frozen)
    assert size == (800, 600)
    assert len(colours) > 50, "the map is blank"
    top = max(colours.values())
    assert top < 0.9 * 800 * 600, "one colour covers the whole image"
    venv_fieldapp = ROOT / ".venv" / "bin" / "fieldapp"
    if venv_fieldapp.exists():
        reference = tmp_path / "installed.png"
        _run(
            [venv_fieldapp, "--db", device, "map", "--png", reference, "--size", "800x600"],
            env=env,
            timeout=180,
        )
        _, expected = _colours(reference)
        # Markers and boundaries in the same colours as the installed package draws them.
        main = sorted(expected, key=expected.get, reverse=True)[:8]
        for colour in main:
            assert colours.get(colour, 0) >= 0.5 * expected[colour], colour


@slow
def test_map_runs_sandboxed_as_an_ordinary_user(installed: Installed, device: Path) -> None:
    """Not root: Chromium's sandbox stays on, and QtWebEngine works with it."""
    need_cli("maps", "map --png")
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root (to switch to an ordinary user) and setpriv")
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "unshare", "-U", "true"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip("this kernel gives ordinary users no user namespaces: no sandbox possible")
    folder = Path(tempfile.mkdtemp(prefix="fieldapp-user-"))
    try:
        os.chown(folder, 65534, 65534)
        db = folder / "field.db"
        shutil.copy(device, db)
        os.chown(db, 65534, 65534)
        env = clean_env(folder / "home", QT_QPA_PLATFORM="offscreen")
        for path in [folder / "home", *(folder / "home").rglob("*")]:
            os.chown(path, 65534, 65534)
        out = folder / "map.png"
        result = _map_png(installed, db, out, env, user=65534)
        assert "sandbox" not in result.stderr.lower(), result.stderr
        _, colours = _colours(out)
        assert len(colours) > 50
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _descendants(pid: int) -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process below `pid`."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for child in children.get(parent, []):
            try:
                cmdline = (Path("/proc") / str(child) / "cmdline").read_bytes()
            except OSError:
                continue
            found.append((child, parent, cmdline.replace(b"\0", b" ").decode(errors="replace")))
            todo.append(child)
    return found


@contextlib.contextmanager
def running(argv: list[object], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Start the frozen app; stop it and any QtWebEngine helper it left behind afterwards."""
    with open(log, "wb") as sink:  # a file, not a pipe nobody reads while the window runs
        proc = subprocess.Popen([str(a) for a in argv], env=env, stdout=sink, stderr=sink)
    started: list[tuple[int, int, str]] = []
    try:
        yield proc
    finally:
        started = _descendants(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pid, _, cmd in started:  # helpers normally follow their parent; make sure
            with contextlib.suppress(OSError):
                if (
                    (Path("/proc") / str(pid) / "cmdline")
                    .read_bytes()
                    .startswith(cmd.split(" ", 1)[0].encode())
                ):
                    os.kill(pid, signal.SIGKILL)


@slow
def test_window_opens_offscreen_with_the_map(
    installed: Installed, device: Path, home: Path
) -> None:
    """`fieldapp` with no command: the window starts, QtWebEngine's helper processes start
    from the frozen folder for the Map view, and nothing crashes. (The app has no
    exit-after-N-ms switch: the test stops it.)"""
    env = clean_env(home, QT_QPA_PLATFORM="offscreen")
    log = home / "window.log"
    helpers: list[tuple[int, int, str]] = []
    renderers: list[tuple[int, int, str]] = []
    # A plain database: an encrypted one (like `device`) waits at the unlock dialog, which
    # nobody types into here (the next test shows the window asks before anything else).
    plain = home / "plain.db"
    _run([installed.binary, "--db", plain, "init", "--plain", "--name", "A", "--org", "B"], env=env)
    _run([installed.binary, "--db", plain, "demo"], env=env)
    with running([installed.binary, "--db", plain], env, log) as proc:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            helpers = [d for d in _descendants(proc.pid) if "QtWebEngineProcess" in d[2]]
            # A page's renderer is forked by the zygote: a helper whose parent is a helper.
            zygotes = {pid for pid, _, _ in helpers}
            renderers = [d for d in helpers if d[1] in zygotes]
            if renderers:
                break
            time.sleep(0.25)
        time.sleep(3)  # let the page load; a crash would end the process
        alive = proc.poll() is None
    err = log.read_text(errors="replace")
    assert alive, f"the window exited early ({proc.returncode})\n{err}"
    assert helpers, f"no QtWebEngineProcess started\n{err}"
    assert renderers, f"QtWebEngine started no renderer for the map page\n{helpers}\n{err}"
    qt_root = str(installed.binary.parent / "_internal" / "PySide6" / "Qt" / "libexec")
    assert all(cmd.startswith(qt_root) for _, _, cmd in helpers), helpers
    assert "Traceback" not in err, err
    assert not list((home / "state").rglob("crash-*.log")), "the crash handler wrote a log"


@slow
def test_first_window_run_waits_at_the_setup_dialog(installed: Installed, home: Path) -> None:
    """No database yet: the app waits at the first-run dialog (name, organisation,
    passphrase), before any main window (so before the map's QtWebEngine starts) and before
    the database exists: it is made, encrypted, only when the dialog is answered."""
    env = clean_env(home, QT_QPA_PLATFORM="offscreen")
    env.pop("FIELDAPP_PASSPHRASE")
    log = home / "first-run.log"
    db = home / "data" / fieldapp.APP_NAME / "fieldapp.db"
    with running([installed.binary], env, log) as proc:
        time.sleep(8)  # the frozen app starting, then waiting at the dialog
        alive = proc.poll() is None
        helpers = [d for d in _descendants(proc.pid) if "QtWebEngineProcess" in d[2]]
    err = log.read_text(errors="replace")
    assert alive, f"the app exited instead of asking ({proc.returncode})\n{err}"
    assert not db.exists(), "a database was made before the passphrase was chosen"
    assert not helpers, "the main window opened without the first-run dialog"
    assert "Traceback" not in err, err

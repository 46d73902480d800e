"""A full disk wherever fieldapp writes a file the user asked for (issue 14).

Every case is a real kernel write failure in a real `fieldapp` process: a tiny tmpfs (the
full USB stick, the full temporary folder, the database's full disk: ENOSPC; these need
root to mount, and are skipped cleanly without it) or the process's file-size limit
(RLIMIT_FSIZE with SIGXFSZ ignored: EFBIG, as a FAT32 stick gives for a file over 4 GB).
Each asserts the one line (`fieldapp: error: ...` naming the place and saying it is full),
a non-zero exit, no traceback, no partial file, nothing of fieldapp's left in the
temporary folder and the database exactly as before (its dump through the store: no
revision added, no bundle recorded, the bundle sequence number not consumed).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_database, run_cli

from fieldapp import diskfull
from fieldapp.errors import DiskFull
from fieldapp.store import Store

PROGRESS = re.compile(r"^[^:]+: (\d+% \([\d,]+/[\d,]+\)|[\d,]+)$")  # "Exporting: 50% (1/2)"
FULL = "there is no room on the disk holding"
TEMP_FULL = "there is no room in the temporary folder"
DB_FULL = "is full; free some space and try again. Nothing was written"
ROOM = 8192  # what the full disk has left: less than any file written here


def run(*argv: object, db: Path, fsize: int | None = None, tmpdir: Path | None = None):
    """`fieldapp --db DB ARGV...` in a process of its own (its file-size limit `fsize`)."""

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = dict(os.environ)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.run(
        [sys.executable, "-m", "fieldapp", "--db", str(db), *map(str, argv)],
        env=env,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess[str], *words: object) -> str:
    """Non-zero, no traceback, and one line on stderr besides the progress lines."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.strip().splitlines() if not PROGRESS.match(ln)]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldapp: error: "), lines[0]
    for word in words:
        assert str(word) in lines[0], lines[0]
    return lines[0]


def dump(db: Path) -> list[str]:
    with Store.open(db) as store:
        return list(store.db.iterdump())


def fieldapp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "filler")


@pytest.fixture(scope="module")
def mountable(tmp_path_factory: pytest.TempPathFactory) -> bool:
    """Whether a tmpfs can be mounted here (root): the ENOSPC cases need one."""
    where = tmp_path_factory.mktemp("probe")
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)])
    if done.returncode != 0:
        return False
    subprocess.run(["umount", str(where)], check=True)
    return True


@pytest.fixture
def full_disk(mountable: bool, tmp_path: Path) -> Iterator[callable]:
    """Makes full disks: a tmpfs of `size`, filled to `ROOM` bytes left after `first` is
    copied onto it (a database that lives there). Unmounted at the end."""
    if not mountable:
        pytest.skip("a tmpfs cannot be mounted here (needs root): the ENOSPC cases")
    mounted: list[Path] = []

    def make(size: str = "2m", first: Path | None = None, room: int = ROOM) -> Path:
        where = Path(tempfile.mkdtemp(dir=tmp_path, prefix="disk-"))
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True
        )
        mounted.append(where)
        if first is not None:
            copy_database(first, where / first.name)
        fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        os.truncate(where / "filler", (where / "filler").stat().st_size - room)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)])


@pytest.fixture
def bundle(demo_db_path: Path, tmp_path: Path) -> Path:
    """A full bundle of the demo data set, from another copy of the demo database."""
    other = copy_database(demo_db_path, tmp_path / "other.db")
    out = tmp_path / "demo-full.zip"
    assert run_cli("--db", other, "export", "--full", "--out", out).code == 0
    return out


def recipient(db: Path) -> str:
    shown = run_cli("--db", db, "keys", "show")  # in this process: its keys are known
    assert shown.code == 0, shown.err
    return re.search(r"Age recipient: (age1\w+)", shown.out).group(1)


# -- the destination is full: a USB stick --------------------------------------------------

DESTINATIONS = {
    "export": ("export", "--full", "--out", "{d}/bundle.zip"),
    "report": ("report", "--no-sign", "--no-map", "--out", "{d}/report.pdf"),
    "backup": ("backup", "{d}/copy.db"),
    "map": ("map", "--out", "{d}/map.html"),
}


@pytest.mark.parametrize("what", sorted(DESTINATIONS))
def test_destination_full(what: str, demo_db_path: Path, temp: Path, full_disk) -> None:
    stick = full_disk()
    before = dump(demo_db_path)
    argv = [a.format(d=stick) for a in DESTINATIONS[what]]
    done = run(*argv, db=demo_db_path, tmpdir=temp)
    line = one_line(done, FULL, Path(argv[-1]), "free some space", "another place")
    assert "Nothing was written" in line
    assert fieldapp_files(stick) == []  # no half file, under any name
    assert fieldapp_files(temp) == []
    assert dump(demo_db_path) == before


def test_sealed_export_to_a_full_stick(
    demo_db_path: Path, hq_db_path: Path, temp: Path, full_disk
) -> None:
    stick = full_disk()
    before = dump(demo_db_path)
    done = run(
        "export", "--full", "--out", stick / "b.age", "--seal-to", recipient(hq_db_path),
        db=demo_db_path, tmpdir=temp,
    )  # fmt: skip
    one_line(done, FULL, stick / "b.age")
    assert fieldapp_files(stick) == [] and fieldapp_files(temp) == []
    assert dump(demo_db_path) == before


def test_failed_export_keeps_its_sequence_number(
    demo_db_path: Path, tmp_path: Path, full_disk
) -> None:
    """The bundle number a failed export would have had is the next good export's."""
    stick = full_disk()
    one_line(run("export", "--full", "--out", stick / "b.zip", db=demo_db_path), FULL)
    done = run_cli("--db", demo_db_path, "export", "--full", "--out", tmp_path / "b.zip")
    assert done.code == 0, done.err
    assert "bundle #1," in done.out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_listing_redirected_to_a_full_stick(fmt: str, demo_db_path: Path, full_disk) -> None:
    """`fieldapp list --format csv > FILE`: the file is the shell's (not removed), and
    the line says it is incomplete, instead of Python's "Exception ignored" at exit."""
    stick = full_disk(room=4096)
    with open(stick / f"list.{fmt}", "w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "fieldapp", "--db", str(demo_db_path), "list", "incidents",
             "--format", fmt],
            stdout=out, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    done.stdout = ""
    one_line(done, "there is no room on the disk holding", stick / f"list.{fmt}", "incomplete")


def test_the_windows_operations_say_it(demo_db_path: Path, full_disk) -> None:
    """The window calls the same operations and shows a FieldappError by its code in its
    message dialog: each raises DiskFull (coded, translated) and leaves no file."""
    from fieldapp.ops import files as file_ops
    from fieldapp.ops import reports as report_ops

    stick = full_disk()
    with Store.open(demo_db_path) as store:
        before = list(store.db.iterdump())
        built = report_ops.report(store, None, sign=False).report.pdf
        attempts = {
            "backup": lambda: file_ops.backup(demo_db_path, stick / "copy.db"),
            "report": lambda: report_ops.report(store, stick / "r.pdf", sign=False),
            "saved report": lambda: report_ops.save(stick / "saved.pdf", built),
            "map page": lambda: report_ops.map_page(store, stick / "map.html"),
        }
        for what, attempt in attempts.items():
            with pytest.raises(DiskFull) as raised:
                attempt()
            assert raised.value.code == "file.disk_full", what
            assert str(stick) in str(raised.value), what
            assert fieldapp_files(stick) == [], what
        assert list(store.db.iterdump()) == before


# -- the temporary folder is full ----------------------------------------------------------


def test_sealed_export_with_the_temporary_folder_full(
    demo_db_path: Path, hq_db_path: Path, tmp_path: Path, full_disk
) -> None:
    temp = full_disk()
    seal_to = recipient(hq_db_path)
    before = dump(demo_db_path)
    out = tmp_path / "sealed.zip"
    done = run("export", "--full", "--out", out, "--seal-to", seal_to, db=demo_db_path, tmpdir=temp)
    one_line(done, TEMP_FULL, temp, "TMPDIR")
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "sealed" in p.name]
    assert fieldapp_files(temp) == []
    assert dump(demo_db_path) == before


@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "sealed"])
@pytest.mark.parametrize("command", ["verify", "merge"])
def test_bundle_check_with_the_temporary_folder_full(
    command: str, sealed: bool, bundle: Path, hq_db_path: Path, tmp_path: Path, full_disk
) -> None:
    """The scratch copies of a bundle being checked (and the unsealed copy of a sealed
    one) are in the temporary folder."""
    if sealed:
        demo = tmp_path / "other.db"  # the bundle fixture's database
        bundle = tmp_path / "sealed.age"
        argv = ("export", "--full", "--out", bundle, "--seal-to", recipient(hq_db_path))
        assert run_cli("--db", demo, *argv).code == 0
    temp = full_disk()
    before = dump(hq_db_path)
    argv = ["merge", "--trust-new", bundle] if command == "merge" else ["verify", bundle]
    one_line(run(*argv, db=hq_db_path, tmpdir=temp), TEMP_FULL, temp)
    assert fieldapp_files(temp) == []
    assert dump(hq_db_path) == before  # no revision added, the bundle not recorded


# -- the database's own disk is full -------------------------------------------------------


def test_merge_into_a_database_whose_disk_fills(
    bundle: Path, hq_db_path: Path, temp: Path, full_disk
) -> None:
    disk = full_disk("4m", first=hq_db_path, room=256 * 1024)  # room to open, not to merge
    db = disk / hq_db_path.name
    before = dump(db)
    one_line(run("merge", "--trust-new", bundle, db=db, tmpdir=temp), db, DB_FULL)
    assert dump(db) == before
    assert fieldapp_files(temp) == []


def test_export_whose_database_disk_fills(demo_db_path: Path, tmp_path: Path, full_disk) -> None:
    """The bundle is written, then recording it fails (the database's disk is full): the
    line says nothing was written, so the bundle must not be there (its number was not
    taken: the next export would give another bundle the same number)."""
    disk = full_disk("4m", first=demo_db_path, room=48 * 1024)  # room to open, not record
    db = disk / demo_db_path.name
    out = tmp_path / "bundle.zip"
    one_line(run("export", "--full", "--out", out, db=db), db, DB_FULL)
    assert not out.exists()


def test_restore_onto_a_full_disk(
    demo_db_path: Path, hq_db_path: Path, tmp_path: Path, temp: Path, full_disk
) -> None:
    backup = tmp_path / "demo-backup.db"
    assert run_cli("--db", demo_db_path, "backup", backup).code == 0
    disk = full_disk("4m", first=hq_db_path, room=256 * 1024)
    db = disk / hq_db_path.name
    before = dump(db)
    one_line(run("restore-backup", backup, db=db, tmpdir=temp), FULL, db)
    assert dump(db) == before
    assert fieldapp_files(disk) == [db.name]  # no safety copy, no half copy beside it
    assert fieldapp_files(temp) == []


# -- a file larger than allowed (EFBIG): no root needed ------------------------------------

LIMITED = {  # the file-size limit: above what opening the database writes (32 KiB), below
    # the file (a bundle of the demo data is smaller than that: export's EFBIG is the unit
    # test below)
    "report": (("report", "--no-sign", "--no-map", "--out", "{d}/report.pdf"), 48 * 1024),
    "map": (("map", "--out", "{d}/map.html"), 48 * 1024),
}


@pytest.mark.parametrize("what", sorted(LIMITED))
def test_file_larger_than_allowed(
    what: str, demo_db_path: Path, tmp_path: Path, temp: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv, limit = LIMITED[what]
    argv = tuple(a.format(d=out) for a in argv)
    before = dump(demo_db_path)
    done = run(*argv, db=demo_db_path, fsize=limit, tmpdir=temp)
    one_line(done, FULL, Path(argv[-1]), "larger than it allows")
    assert os.listdir(out) == []
    assert fieldapp_files(temp) == []
    assert dump(demo_db_path) == before


def test_backup_larger_than_allowed(demo_db_path: Path, tmp_path: Path, temp: Path) -> None:
    """SQLite reports a write past the file-size limit as "disk I/O error", not as a full
    disk (its errno is lost): the backup still says it cannot write, on one line."""
    out = tmp_path / "out"
    out.mkdir()
    done = run("backup", out / "copy.db", db=demo_db_path, fsize=48 * 1024, tmpdir=temp)
    one_line(done, "cannot write the backup", out / "copy.db", "nothing was written")
    assert os.listdir(out) == [] and fieldapp_files(temp) == []


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT, errno.EFBIG])
def test_no_room_is_one_problem(number: int, tmp_path: Path, temp: Path) -> None:
    """No space, over quota, larger than allowed: one message naming the file; any other
    OSError is not a full disk (it keeps its own handling, or its traceback)."""
    failure = OSError(number, os.strerror(number), str(tmp_path / "b.zip"))
    problem = diskfull.error_for(failure, [tmp_path / "b.zip"])
    assert isinstance(problem, DiskFull) and problem.code == "file.disk_full"
    assert str(tmp_path / "b.zip") in str(problem)
    assert diskfull.error_for(OSError(errno.EACCES, "Permission denied")) is None
    assert diskfull.error_for(ValueError("No space left on device")) is None


def test_write_atomically_other_failures(tmp_path: Path) -> None:
    """Not a full disk (here: no such folder) is still one coded message, and no file."""
    from fieldapp.errors import FieldappError

    with pytest.raises(FieldappError) as raised:
        diskfull.write_atomically(tmp_path / "gone" / "r.pdf", b"%PDF")
    assert raised.value.code == "file.cannot_write"
    assert not (tmp_path / "gone").exists()


# -- the lead engineer's files (90a950e): the database, the map image, the certificate ----


def test_merge_into_a_database_on_a_full_disk(
    bundle: Path, hq_db_path: Path, temp: Path, full_disk
) -> None:
    before = dump(hq_db_path)
    disk = full_disk("4m", first=hq_db_path)  # no room for SQLite's -shm file
    db = disk / hq_db_path.name
    one_line(run("merge", "--trust-new", bundle, db=db, tmpdir=temp), db, DB_FULL)
    (disk / "filler").unlink()  # room again, to read it
    assert dump(db) == before


@pytest.mark.parametrize("what", ["map --png", "keys export"])
def test_image_and_certificate_on_a_full_stick(
    what: str, demo_db_path: Path, temp: Path, full_disk
) -> None:
    stick = full_disk(room=0)  # a certificate is smaller than a page
    if what == "keys export":
        argv: tuple[object, ...] = ("keys", "export", "--out", stick / "k.pem")
    else:
        argv = ("map", "--png", stick / "m.png")
    done = run(*argv, db=demo_db_path, tmpdir=temp)
    assert "Traceback" not in done.stderr, done.stderr
    # QtWebEngine prints its own lines about the graphics it does not find: not ours
    done.stderr = "".join(ln for ln in done.stderr.splitlines(True) if "fieldapp" in ln)
    one_line(done, FULL, argv[-1])
    assert fieldapp_files(stick) == []


def test_the_windows_export_says_it(demo_db_path: Path, full_disk) -> None:
    from conftest import PASSPHRASE

    from fieldapp.ops import bundles as bundle_ops

    stick = full_disk()
    with Store.open(demo_db_path) as store, pytest.raises(DiskFull):
        bundle_ops.export(store, stick / "b.zip", PASSPHRASE, full=True)
    assert fieldapp_files(stick) == []


@pytest.mark.parametrize("what", ["verify", "merge"])
def test_the_windows_bundle_check_says_it(
    what: str, bundle: Path, hq_db_path: Path, full_disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import dialog verifies (ops.bundles.verify_all) and merges in this process:
    with the temporary folder full, a coded DiskFull it shows, not a crash."""
    from fieldapp.ops import bundles as bundle_ops

    temp = full_disk()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with Store.open(hq_db_path) as store:
        before = list(store.db.iterdump())
        with pytest.raises(DiskFull):
            if what == "verify":
                bundle_ops.verify(store, bundle)
            else:
                bundle_ops.merge(store, [bundle], trust_new=True)
        assert list(store.db.iterdump()) == before
    assert fieldapp_files(temp) == []


def test_the_windows_report_save_says_it(
    qtbot, demo_db_path: Path, full_disk, file_dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports tab → Save onto a full stick: its message dialog says the disk is full (by
    the message's code, so translated) and no half PDF is left (ops.reports.save)."""
    from PySide6.QtCore import Qt

    from fieldapp.ui import dialogs
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    context = AppContext(demo_db_path)
    window = MainWindow(context, extensions=("fieldapp.ui.reports_view",))
    qtbot.addWidget(window)
    view = window.reports_view
    try:
        view.with_map.setChecked(False)
        view.sign.setChecked(False)
        view.generate_button.click()
        qtbot.waitUntil(lambda: view.job is None and view.result is not None, timeout=60_000)
        stick = full_disk(room=0)
        file_dialogs.answer(stick / "report.pdf")
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
        assert len(shown) == 1 and "there is no room on the disk holding" in shown[0], shown
        assert fieldapp_files(stick) == []
    finally:
        view.cleanup()
        context.close()


def test_init_on_a_full_disk_leaves_no_database(full_disk) -> None:
    """`fieldapp init` that finds no room: one line, and no empty database file (nor its
    -wal or -shm) left to look like one."""
    disk = full_disk()
    db = disk / "new.db"
    done = subprocess.run(
        [sys.executable, "-m", "fieldapp", "--db", str(db), "init", "--name", "Amal",
         "--org", "IRN", "--plain"],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120,
        env={**os.environ, "FIELDAPP_PASSPHRASE": "correct horse battery"},
    )  # fmt: skip
    one_line(done, "full")
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]

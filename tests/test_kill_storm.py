"""The kill storm (issue 14): fieldapp's command line SIGKILLed at random moments of a
merge, an edit, an export and a migration, more than 50 times; after each kill the
database is sound, the change is all or nothing, and once fieldapp has started again
nothing of it is left. The machinery is in kill_storm_children.py and kill_storm_ops.py
(benchmarks/kill_storm.py runs it longer); docs/robustness.md gives the counts.

Two leftovers the storm found (fixed since), which a random kill finds only now and
then, are shown here without luck: the SQLite super-journal a merge wrote beside the
database, and the partial file a killed export left beside the bundle.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from kill_storm_children import (
    CLI,
    ROOT,
    SWEPT,
    Tally,
    child_env,
    run_operation,
    table,
    temporary_folder,
)
from kill_storm_ops import (
    PARTIALS_AFTER_NEXT,
    SEQUENCE_GAP,
    Edit,
    Export,
    Merge,
    Migration,
    World,
    build_world,
)

from fieldapp.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of a process group")

SEED = 14
# kills an operation (50 in all); every operation's variants take turns
KILLS = {"merge": 14, "edit": 12, "export": 12, "migration": 12}
RECORDS = 1200  # in the plain bundle (the sealed one has half)
FILLER_MB = 6  # the migrated databases' size


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FIELDAPP_PASSPHRASE", PASSPHRASE)
        return build_world(tmp_path_factory.mktemp("kill-storm"), RECORDS, FILLER_MB)


@pytest.fixture(scope="module")
def storm(world: World) -> dict[str, Tally]:
    started = time.perf_counter()
    temp = world.root / "tmp"
    temp.mkdir()
    with pytest.MonkeyPatch.context() as mp, temporary_folder(temp):
        mp.setenv("FIELDAPP_PASSPHRASE", PASSPHRASE)
        mp.setenv("TMPDIR", str(temp))
        rng = random.Random(SEED)
        tallies = [
            run_operation(op(world), temp, KILLS[op.name], rng)
            for op in (Merge, Edit, Export, Migration)
        ]
    print(f"\nkill storm (seed {SEED}): {time.perf_counter() - started:.1f} s")
    print(table(tallies))
    return {t.operation: t for t in tallies}


def test_more_than_50_children_were_killed_in_the_middle_of_their_work(storm) -> None:
    assert sum(t.kills for t in storm.values()) >= 50
    for name, tally in storm.items():
        assert tally.kills == KILLS[name], f"{name}: {tally.tried} tried, {tally.kills} killed"
    # the kills hit the work: files left for the next start to remove, a backup begun,
    # a partial bundle; they landed before the change was committed and after
    for name in ("merge", "export", "migration"):
        assert storm[name].in_work >= KILLS[name] // 4, f"{name}: the kills left no trace"
    for name in ("merge", "export"):
        assert storm[name].notes[SWEPT] > 0, f"{name}: no kill left files to remove"
    for name, tally in storm.items():
        assert tally.outcomes["old"] > 0, f"{name}: no kill landed before the change"
    assert sum(t.outcomes["new"] + t.outcomes["mixed"] for t in storm.values()) > 0


def test_every_database_is_sound_after_a_kill(storm) -> None:
    assert {n: t.bad()["unsound"] for n, t in storm.items()} == dict.fromkeys(storm, 0)


def test_every_killed_change_is_all_or_nothing(storm) -> None:
    assert {n: t.bad()["partial"] for n, t in storm.items()} == dict.fromkeys(storm, 0)
    assert storm["export"].notes[SEQUENCE_GAP] == 0


def test_nothing_is_left_once_fieldapp_has_started_again(storm) -> None:
    """In the temporary folder and beside the database; beside the exported bundles,
    once the next export has run in the same folder."""
    assert {n: t.leftovers for n, t in storm.items()} == dict.fromkeys(storm, 0)
    assert storm["export"].notes[PARTIALS_AFTER_NEXT] == 0


def test_no_file_named_like_a_backup_is_broken(storm) -> None:
    assert storm["migration"].broken_backups == 0


def test_no_clear_text_is_left_where_only_encrypted_files_belong(storm) -> None:
    assert {n: t.clear_text for n, t in storm.items()} == dict.fromkeys(storm, 0)


def test_no_problem_was_seen(storm) -> None:
    problems = [p for t in storm.values() for p in t.problems]
    assert problems == [], "\n".join(problems)


# -- the two leftovers, shown without a lucky kill --------------------------------------------

_IN_CREATE = 0x100


def _created(folder: Path, run) -> list[str]:  # type: ignore[no-untyped-def]
    """The names created in `folder` while `run()` runs (Linux inotify): a file that
    lives for a moment only, which a kill at that moment leaves behind."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK)
    assert fd >= 0 and libc.inotify_add_watch(fd, str(folder).encode(), _IN_CREATE) >= 0
    try:
        run()
        names, data = [], b""
        while True:
            try:
                data += os.read(fd, 65536)
            except BlockingIOError:
                break
        i = 0
        while i < len(data):
            _, _, _, size = struct.unpack_from("iIII", data, i)
            names.append(data[i + 16 : i + 16 + size].rstrip(b"\0").decode())
            i += 16 + size
        return names
    finally:
        os.close(fd)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")
@pytest.mark.parametrize("processes", ["1000000000", "1"], ids=["one-process", "two-processes"])
def test_a_merge_writes_no_super_journal_beside_the_database(
    world: World, tmp_path: Path, temp: Path, processes: str
) -> None:
    """A bundle verified in two processes is merged from two scratch copies; attached
    with a journal, the merge's COMMIT went through a super-journal beside the database
    (COORDINATOR.db-mj…), written and deleted at once: one of 80 merge kills of the longer
    storm left it there for good. Seen here every time, without a kill."""
    db = copy_database(world.coordinator, tmp_path / "coordinator.db")
    argv = [*CLI, "--db", db, "merge", "--trust-new", world.bundles["plain"]]
    env = child_env(temp, {"FIELDAPP_PARALLEL_VERIFY_MIN": processes})

    def merge() -> None:
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    created = _created(tmp_path, merge)
    assert [n for n in created if n.startswith("coordinator.db-mj")] == []


@pytest.mark.parametrize("next_name", ["amal-2019-05-14.zip", "amal-2019-05-15.zip"])
def test_a_killed_export_leaves_no_partial_file_beside_the_bundles(
    world: World, tmp_path: Path, temp: Path, next_name: str
) -> None:
    """Killed once its partial file (`.NAME.unfinished-export-p<pid>-….partial`) is
    there; then fieldapp starts again and exports into the same folder (a USB stick),
    under the same name or, as usual, another (a date in it): only the new bundle is
    there. Before, the storm's export kills left half bundles on the stick for good."""
    db = copy_database(world.field, tmp_path / "field.db")
    stick = tmp_path / "stick"
    stick.mkdir()
    argv = [*CLI, "--db", db, "export", "--full", "--out", stick / "amal-2019-05-14.zip"]
    child = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=child_env(temp),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(stick.iterdir()) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, "the export ended before its partial was seen"
    partial = list(stick.iterdir())
    assert partial and partial[0].name.startswith(".amal-2019-05-14.zip."), partial
    Store.open(db).close()  # fieldapp starts again
    assert run_cli("--db", db, "export", "--full", "--out", stick / next_name).code == 0
    assert sorted(p.name for p in stick.iterdir()) == [next_name]


def test_a_bundle_its_device_did_not_record_costs_the_coordinator_nothing(
    world: World, tmp_path: Path
) -> None:
    """An export killed after its bundle was renamed into place, before its record was
    committed (seen by the storm now and then), leaves a whole bundle the device does not
    know it sent: the next export uses the same number again. The coordinator merges both,
    skips what it has, and waits for no bundle."""
    field = copy_database(world.field, tmp_path / "field.db")
    assert (
        run_cli(
            "--db",
            field,
            "add",
            "incident",
            "--date",
            "2019-05-14",
            "--sub-event-type",
            "Air/drone strike",
            "--location",
            "first",
        ).code
        == 0
    )
    unrecorded = copy_database(field, tmp_path / "unrecorded.db")  # as the kill left it
    assert run_cli("--db", field, "export", "--out", tmp_path / "sent.zip").code == 0
    assert (
        run_cli(
            "--db",
            unrecorded,
            "add",
            "incident",
            "--date",
            "2019-05-15",
            "--sub-event-type",
            "Air/drone strike",
            "--location",
            "later",
        ).code
        == 0
    )
    assert run_cli("--db", unrecorded, "export", "--out", tmp_path / "next.zip").code == 0
    coordinator = copy_database(world.coordinator, tmp_path / "coordinator.db")
    for bundle in (world.bundles["plain"], tmp_path / "sent.zip", tmp_path / "next.zip"):
        merged = run_cli("--db", coordinator, "merge", "--trust-new", bundle)
        assert merged.code == 0, merged.err
    assert "1 skipped" in merged.out
    devices = json.loads(run_cli("--db", coordinator, "devices", "--format", "json").out)
    amal = next(d for d in devices if d["fingerprint"] == world.authors["plain"])
    assert amal["bundles_received"] == [1, 2] and amal["bundles_missing"] == [], amal
    assert amal["revisions"] == world.sizes["plain"] + 2, amal

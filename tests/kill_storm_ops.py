"""What the kill storm kills (tests/kill_storm_children.py runs them): a coordinator's
merge, a field device's edits and exports, and a migration; the files each starts from
(`build_world`), and what "all or nothing" means for each."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from conftest import PASSPHRASE, copy_database, raw_connection, run_cli
from kill_storm_children import CLI, Attempt, Operation, Tally, is_clear
from test_migrations import extra_migration
from test_sync_helpers import INCIDENT, device_factory

from fieldapp.domain.fields import INCIDENT as INCIDENT_KIND
from fieldapp.store import Store, migrate

# fieldapp's command line with one more migration than the app has (test_migrations'
# extra_migration): argv[1] is the migrations folder, the rest the command line.
_MIGRATING_CLI = (
    "import sys; from pathlib import Path; from fieldapp.store import migrate;"
    " migrate.migrations_dir = lambda: Path(sys.argv[1]);"
    " from fieldapp.cli.main import main; sys.exit(main(sys.argv[2:]))"
)
# Settings rows that make a database big enough for its backup to take a while; the extra
# migration upper-cases them, so a migration half done would show.
FILLER = "kill-storm-filler-"
_HEAVY_STATEMENT = f"UPDATE settings SET value = upper(value) WHERE key LIKE '{FILLER}%';\n"
AGE_HEADER = b"age-encryption.org/v1"
SEQUENCE_GAP = "sequence number used, no bundle written (a gap)"
UNRECORDED = "bundle written, its sequence number not recorded (reused next time)"
PARTIALS_AFTER_NEXT = "partial files beside the bundles after the next export"
PARTIALS_KEPT = "partial files kept after the next export: their process id is in use again"


def _owner_alive(name: str) -> bool:
    """Whether the process a partial file is named after (`-p<pid>-`) runs: a killed
    export's id taken by a new process (ids wrap at 32,768 here) keeps its file until
    that one ends, by design (store/leftovers.py)."""
    match = re.search(r"-p(\d+)-", name)
    if match is None:
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class World:
    """The files every attempt copies: a coordinator, two field workers' bundles (one
    plain, one sealed to the coordinator), a field database to edit and export, databases
    to migrate (encrypted and plain) and the migrations folder with one more."""

    root: Path
    coordinator: Path
    verifier: Path  # a copy of the coordinator that verifies (and unseals) exports
    recipient: str
    bundles: dict[str, Path]
    authors: dict[str, str]
    sizes: dict[str, int]
    field: Path
    field_revisions: int
    field_sent: int
    edit_target: str
    delete_ids: list[str]
    migrating: dict[str, Path]
    digests: dict[str, str]
    migrations: Path
    schema: int
    outbox: Path
    attempts: Path


def _checkpoint(path: Path) -> None:
    """Everything in the main file (a copy takes the main file only)."""
    con = raw_connection(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _one(path: Path, sql: str, *args: object) -> Any:
    con = raw_connection(path)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def _cli(*argv: object) -> str:
    result = run_cli(*[str(a) for a in argv])
    assert result.code == 0, result.err
    return result.out


def _device(root: Path, name: str, records: int) -> tuple[Path, str]:
    path = device_factory().new(root, name)
    with Store.open(path) as store:
        rows = (dict(INCIDENT, location=f"{name} {i}") for i in range(records))
        store.add_many(INCIDENT_KIND, rows)
    _checkpoint(path)
    return path, _one(path, "SELECT id FROM device")


def _fill(path: Path, megabytes: int) -> None:
    con = raw_connection(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            ((f"{FILLER}{n}", os.urandom(2048).hex()) for n in range(megabytes * 256)),
        )
        con.execute("COMMIT")
    finally:
        con.close()
    _checkpoint(path)


def build_world(root: Path, records: int = 2000, filler_mb: int = 12) -> World:
    """Made through the command line (run in this process) and the store's validated
    API; before the storm points the temporary folder at its own."""
    os.environ["FIELDAPP_PASSPHRASE"] = PASSPHRASE
    coordinator = root / "coordinator.db"
    _cli("--db", coordinator, "init", "--name", "Coordinator", "--org", "OCHA")
    recipient = _cli("--db", coordinator, "keys", "show").split("Age recipient:")[1].split()[0]
    _checkpoint(coordinator)
    usb, outbox, attempts = root / "usb", root / "outbox", root / "attempts"
    for folder in (usb, outbox, attempts):
        folder.mkdir()
    field, amal = _device(root, "Amal", records)
    other, bilal = _device(root, "Bilal", records // 2)
    bundles = {"plain": usb / "amal.zip", "sealed": usb / "bilal-sealed.age"}
    _cli("--db", field, "export", "--full", "--out", bundles["plain"])
    _cli("--db", other, "export", "--full", "--out", bundles["sealed"], "--seal-to", recipient)
    _checkpoint(field)
    ids = [r[0] for r in _rows(field, "SELECT id FROM incidents ORDER BY id LIMIT 201")]
    migrating = {"encrypted": copy_database(field, root / "migrating.db")}
    plain = root / "migrating-plain.db"
    _cli("--db", plain, "init", "--plain", "--name", "Amal", "--org", "IRN")
    with Store.open(plain) as store:
        store.add_many(INCIDENT_KIND, (dict(INCIDENT, location=f"P{i}") for i in range(300)))
    migrating["plain"] = plain
    for path in migrating.values():
        _fill(path, filler_mb)
    migrations = extra_migration(root)
    newest = sorted(migrations.glob("*.sql"))[-1]
    newest.write_text(newest.read_text(encoding="utf-8") + _HEAVY_STATEMENT, encoding="utf-8")
    return World(
        root=root,
        coordinator=coordinator,
        verifier=copy_database(coordinator, root / "verifier.db"),
        recipient=recipient,
        bundles=bundles,
        authors={"plain": amal, "sealed": bilal},
        sizes={"plain": records, "sealed": records // 2},
        field=field,
        field_revisions=_one(field, "SELECT count(*) FROM revisions"),
        field_sent=_one(field, "SELECT count(*) FROM bundles WHERE direction = 'sent'"),
        edit_target=ids[0],
        delete_ids=ids[1:],
        migrating=migrating,
        digests={name: records_digest(path) for name, path in migrating.items()},
        migrations=migrations,
        schema=_one(field, "SELECT max(version) FROM schema_migrations"),
        outbox=outbox,
        attempts=attempts,
    )


def _rows(path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    con = raw_connection(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def records_digest(path: Path) -> str:
    """The records (revisions, heads, current rows without a migration's new column) and
    the settings other than the filler: what a migration must keep."""
    con = raw_connection(path)
    try:
        parts: list[Any] = [
            con.execute("SELECT id FROM revisions ORDER BY id").fetchall(),
            con.execute("SELECT * FROM heads ORDER BY 1, 2").fetchall(),
            con.execute(
                "SELECT key, value FROM settings WHERE key NOT LIKE ? ORDER BY key", (f"{FILLER}%",)
            ).fetchall(),
        ]
        cols = [r[1] for r in con.execute("PRAGMA table_info(incidents)")]
        cols = [c for c in cols if c not in ("n", "test_flag")]
        parts.append(con.execute(f"SELECT {', '.join(cols)} FROM incidents ORDER BY id").fetchall())
    finally:
        con.close()
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Merge(Operation):
    """`fieldapp merge --trust-new` of one or both bundles (each merges in one
    transaction: a kill between them leaves the first merged, the second not), verified in
    one process or two (FIELDAPP_PARALLEL_VERIFY_MIN)."""

    name = "merge"
    variants = ("plain/two processes", "sealed/one process", "both/one process")

    def __init__(self, world: World):
        self.world = world

    def prepare(self, n: int, variant: str) -> Attempt:
        folder = self.world.attempts / f"merge{n}"
        folder.mkdir()
        db = copy_database(self.world.coordinator, folder / "coordinator.db")
        which = variant.split("/")[0]
        labels = ["plain", "sealed"] if which == "both" else [which]
        bundles = [self.world.bundles[label] for label in labels]
        parallel = "1" if "two" in variant else str(10**9)
        argv = [*CLI, "--db", db, "merge", "--trust-new", *bundles]
        return Attempt(
            db, argv, variant, {"FIELDAPP_PARALLEL_VERIFY_MIN": parallel}, {"labels": labels}
        )

    def check(self, attempt: Attempt, tally: Tally) -> str:
        merged = []
        for label in attempt.data["labels"]:  # type: ignore[attr-defined]
            author = self.world.authors[label]
            count = _one(attempt.db, "SELECT count(*) FROM revisions WHERE device = ?", author)
            received = _one(
                attempt.db,
                "SELECT count(*) FROM bundles WHERE direction = 'received' AND device = ?",
                author,
            )
            assert (count, received) in {(0, 0), (self.world.sizes[label], 1)}, (
                f"bundle {label}: {count} of {self.world.sizes[label]} revisions, "
                f"recorded received {received} times"
            )
            merged.append(count > 0)
        everything = sum(
            self.world.sizes[label]
            for label, m in zip(attempt.data["labels"], merged, strict=True)
            if m
        )  # type: ignore[arg-type]
        assert _one(attempt.db, "SELECT count(*) FROM revisions") == everything
        return "new" if all(merged) else "old" if not any(merged) else "mixed"


class Edit(Operation):
    """`fieldapp add`, `edit` and `delete` of 200 records at once (one transaction)."""

    name = "edit"
    variants = ("add", "edit", "delete 200")

    def __init__(self, world: World):
        self.world = world

    def prepare(self, n: int, variant: str) -> Attempt:
        folder = self.world.attempts / f"edit{n}"
        folder.mkdir()
        db = copy_database(self.world.field, folder / "field.db")
        mark = f"kill storm {n}"
        base = [*CLI, "--db", db]
        if variant == "add":
            argv = [
                *base,
                "add",
                "incident",
                "--date",
                "2019-05-14",
                "--sub-event-type",
                "Air/drone strike",
                "--location",
                mark,
            ]
        elif variant == "edit":
            argv = [*base, "edit", self.world.edit_target, "--notes", mark]
        else:
            argv = [*base, "delete", *self.world.delete_ids]
        return Attempt(db, argv, variant, data={"mark": mark})

    def check(self, attempt: Attempt, tally: Tally) -> str:
        added = _one(attempt.db, "SELECT count(*) FROM revisions") - self.world.field_revisions
        mark = attempt.data["mark"]
        if attempt.variant == "add":
            shown = _one(attempt.db, "SELECT count(*) FROM incidents WHERE location = ?", mark)
            expected = 1
        elif attempt.variant == "edit":
            shown = _one(attempt.db, "SELECT count(*) FROM incidents WHERE notes = ?", mark)
            expected = 1
        else:
            marks = ",".join("?" * len(self.world.delete_ids))
            present = _one(
                attempt.db,
                f"SELECT count(*) FROM incidents WHERE id IN ({marks})",
                *self.world.delete_ids,
            )
            expected = shown = len(self.world.delete_ids) - present
        assert (added, shown) in {(0, 0), (expected, expected)}, (
            f"{added} revisions added, {shown} records show the change (expected 0 or {expected})"
        )
        return "new" if added else "old"


class Export(Operation):
    """`fieldapp export --full`, plain and sealed, into one outbox folder (a USB stick):
    the bundle is there and complete, or not there; the sequence number moves with it."""

    name = "export"
    variants = ("plain", "sealed")

    def __init__(self, world: World):
        self.world = world

    def prepare(self, n: int, variant: str) -> Attempt:
        folder = self.world.attempts / f"export{n}"
        folder.mkdir()
        db = copy_database(self.world.field, folder / "field.db")
        out = self.world.outbox / f"amal{n}.{'age' if variant == 'sealed' else 'zip'}"
        argv = [*CLI, "--db", db, "export", "--full", "--out", out]
        if variant == "sealed":
            argv += ["--seal-to", self.world.recipient]
        return Attempt(db, argv, variant, data={"out": out})

    def _partials(self, out: Path) -> list[Path]:
        return [p for p in self.world.outbox.iterdir() if p.name.startswith(f".{out.name}.")]

    def left_beside(self, attempt: Attempt) -> list[str]:
        return [p.name for p in self._partials(attempt.data["out"])]  # type: ignore[arg-type]

    def check(self, attempt: Attempt, tally: Tally) -> str:
        out: Path = attempt.data["out"]  # type: ignore[assignment]
        partials = self._partials(out)
        tally.notes["kills that left a partial file beside the bundle"] += bool(partials)
        if attempt.variant == "sealed":
            clear = [p.name for p in partials if is_clear(p)]
            if out.exists() and not out.read_bytes().startswith(AGE_HEADER):
                clear.append(out.name)
            if clear:
                tally.clear_text += 1
                tally.problem(f"a sealed export left clear text: {clear}")
        sent = _one(attempt.db, "SELECT count(*) FROM bundles WHERE direction = 'sent'")
        moved = sent - self.world.field_sent
        if out.exists():
            verdict = run_cli("--db", str(self.world.verifier), "verify", str(out))
            assert verdict.code == 0, f"{out.name} is there but verify refuses it: {verdict.err}"
        if moved and not out.exists():
            tally.notes[SEQUENCE_GAP] += 1
        if out.exists() and not moved:
            tally.notes[UNRECORDED] += 1
        assert moved in (0, 1) and (moved == 0 or out.exists()), f"{SEQUENCE_GAP}: {moved}"
        return "new" if out.exists() else "old"

    def finish(self, tally: Tally) -> None:
        """The next export into the same folder, completed: what it leaves there."""
        attempt = self.prepare(10**6, "plain")
        _cli(*attempt.argv[3:])
        self.cleanup(attempt)
        left = [p.name for p in self.world.outbox.iterdir() if p.name.startswith(".")]
        reused = [name for name in left if _owner_alive(name)]
        tally.notes[PARTIALS_AFTER_NEXT] = len(left) - len(reused)
        tally.notes[PARTIALS_KEPT] = len(reused)
        if len(left) > len(reused):  # a leftover like those after a kill (in the counts)
            tally.leftovers += 1
            tally.problem(f"left beside the bundles after the next export: {left}")


class Migration(Operation):
    """Opening a database with one more migration than it has (`fieldapp list` through
    a command line that knows the extra migration): the backup, then the statements (one
    rewrites every filler row). The database stays at the old schema or the new, with the
    same records; a file named like a backup is a whole one."""

    name = "migration"
    variants = ("encrypted", "plain")

    def __init__(self, world: World):
        self.world = world

    def prepare(self, n: int, variant: str) -> Attempt:
        folder = self.world.attempts / f"migration{n}"
        folder.mkdir()
        db = copy_database(self.world.migrating[variant], folder / "field.db")
        argv = [
            sys.executable,
            "-c",
            _MIGRATING_CLI,
            self.world.migrations,
            "--db",
            db,
            "list",
            "incidents",
            "--limit",
            "1",
        ]
        return Attempt(db, argv, variant)

    def opening(self) -> contextlib.AbstractContextManager[object]:
        return mock.patch.object(migrate, "migrations_dir", lambda: self.world.migrations)

    def _backups(self, attempt: Attempt) -> list[Path]:
        return sorted(attempt.db.parent.glob(f"{attempt.db.name}.backup-*"))

    def left_beside(self, attempt: Attempt) -> list[str]:
        """An unfinished backup, or a whole one: the kill came after the backup began."""
        prefixes = (f".{attempt.db.name}.unfinished-", f"{attempt.db.name}.backup-")
        return [p.name for p in attempt.db.parent.iterdir() if p.name.startswith(prefixes)]

    def allowed_beside(self, attempt: Attempt, name: str) -> bool:
        return super().allowed_beside(attempt, name) or name.startswith(
            f"{attempt.db.name}.backup-"
        )

    def _state(self, path: Path, variant: str) -> tuple[int, bool]:
        """(schema version, whether the filler is wholly as the new schema has it), after
        checking the file is sound and its records are the ones it started with."""
        assert_sound = _one(path, "PRAGMA integrity_check")
        if assert_sound != "ok":
            raise RuntimeError(f"{path.name}: integrity_check says {assert_sound}")
        version = _one(path, "SELECT max(version) FROM schema_migrations")
        lower = _one(
            path,
            "SELECT count(*) FROM settings WHERE key LIKE ? AND value GLOB '*[a-f]*'",
            f"{FILLER}%",
        )
        total = _one(path, "SELECT count(*) FROM settings WHERE key LIKE ?", f"{FILLER}%")
        assert records_digest(path) == self.world.digests[variant], f"{path.name}: records changed"
        assert lower in (0, total), f"{path.name}: {total - lower} of {total} filler rows migrated"
        return version, lower == 0

    def check(self, attempt: Attempt, tally: Tally) -> str:
        for backup in self._backups(attempt):
            try:
                version, migrated = self._state(backup, attempt.variant)
                assert (version, migrated) == (self.world.schema, False), "not the old schema"
            except Exception as exc:
                tally.broken_backups += 1
                tally.problem(f"{backup.name} is not a usable backup: {exc}")
        version, migrated = self._state(attempt.db, attempt.variant)
        old, new = (self.world.schema, False), (self.world.schema + 1, True)
        assert (version, migrated) in (old, new), f"schema {version}, filler migrated {migrated}"
        left = self.left_beside(attempt)
        if any(".unfinished-" in name for name in left):
            tally.notes["killed while the backup was written"] += 1
        elif left and not migrated:
            tally.notes["killed after the backup, before the migration committed"] += 1
        return "new" if migrated else "old"

"""The fuzz target's world: valid bundles and target databases, made at run time from the
current code (never stored), so the target follows the bundle format as it changes.

Seeds are exported through the normal API from real device databases (tests/test_sync_helpers
devices, cheap keys): a field device's full bundle (incidents, a displacement, an edit, a
deletion), its next incremental bundle (revisions whose parents are not in it), and a
coordinator's relay bundle (revisions of two devices). Targets are databases a bundle is
merged into: an empty headquarters database and one that already merged the field device's
first bundle (so the checks against a database's own revisions run).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from conftest import PASSPHRASE, copy_database  # noqa: E402
from test_sync_helpers import (  # noqa: E402
    csv_rows,
    device_factory,
    device_key,
    displacement,
    dump,
    incident,
)

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, KINDS  # noqa: E402
from fieldapp.store import Store  # noqa: E402
from fieldapp.sync.export import export_bundle  # noqa: E402
from fieldapp.sync.merge import merge_bundle  # noqa: E402


@dataclass
class Entry:
    """One zip member as the seed holds it."""

    name: str
    data: bytes
    attr: int
    compress: int


@dataclass
class Seed:
    """A valid bundle, taken apart: its entries in order, the parsed manifest and CSVs."""

    name: str
    path: Path
    raw: bytes
    entries: list[Entry]
    manifest: dict[str, Any]
    tables: dict[str, list[list[str]]]
    signer: str  # which device's key re-signs it


@dataclass
class World:
    root: Path
    seeds: dict[str, Seed] = field(default_factory=dict)
    targets: dict[str, Path] = field(default_factory=dict)
    dumps: dict[str, str] = field(default_factory=dict)
    # targets holding no revision: there, a bundle verify refuses must not merge (a
    # database that holds a revision already checked it, and skips the bundle's copy)
    bare: set[str] = field(default_factory=set)
    keys: dict[str, Any] = field(default_factory=dict)  # device name -> private key
    by_fingerprint: dict[str, Any] = field(default_factory=dict)  # device id -> private key
    field_names: set[str] = field(default_factory=set)  # every form field of every kind
    work: Path | None = None

    def seed_names(self) -> list[str]:
        return sorted(self.seeds)

    def target_names(self) -> list[str]:
        return sorted(self.targets)


def take_apart(name: str, path: Path, signer: str) -> Seed:
    raw = path.read_bytes()
    entries: list[Entry] = []
    manifest: dict[str, Any] = {}
    tables: dict[str, list[list[str]]] = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            entries.append(Entry(info.filename, data, info.external_attr, info.compress_type))
            if info.filename.endswith(".csv"):
                tables[info.filename] = csv_rows(data)
            elif info.filename.endswith(".json"):
                manifest = json.loads(data)
    return Seed(name, path, raw, entries, manifest, tables, signer)


def _export(db: Path, out: Path, *, full: bool = False) -> Path:
    with Store.open(db) as store:
        export_bundle(store, out, PASSPHRASE, full=full)
    return out


def build_world(root: Path | None = None) -> World:
    """Devices, seed bundles and target databases: a few seconds, once per process."""
    root = root or Path(tempfile.mkdtemp(prefix="fieldapp-fuzz-world-"))
    world = World(root)
    devices = device_factory()
    field_db = devices.new(root, "Amal")
    with Store.open(field_db) as store:
        a = store.add(INCIDENT, incident())
        b = store.add(INCIDENT, incident(event_date="2019-05-15", location="Ariha", notes="=1+1"))
        store.add(DISPLACEMENT, displacement(cause_incidents=[a]))
        store.edit(a, {"injured": 20})
        store.delete(b)
    first = _export(field_db, root / "field-full.zip", full=True)
    with Store.open(field_db) as store:
        store.edit(a, {"killed": 4, "notes": "later: \u202eevil"})
        store.add(INCIDENT, incident(location="Saraqib", targets=["market"]))
    second = _export(field_db, root / "field-incremental.zip")
    relay_db = devices.new(root, "Coordinator", "OCHA")
    with Store.open(relay_db) as store:
        merge_bundle(store, first, trust_new=True)
        store.add(INCIDENT, incident(location="Idlib city", killed=0))
        store.edit(a, {"source": "coordinator"})
    relay = _export(relay_db, root / "relay-full.zip", full=True)
    world.keys = {"field": device_key(field_db), "relay": device_key(relay_db)}
    world.keys["stranger"] = device_key(devices.new(root, "Stranger", "Nobody"))
    for name, path, signer in (
        ("field-full", first, "field"),
        ("field-incremental", second, "field"),
        ("relay-full", relay, "relay"),
    ):
        world.seeds[name] = take_apart(name, path, signer)
    for seed in world.seeds.values():
        world.by_fingerprint[seed.manifest["author"]["fingerprint"]] = world.keys[seed.signer]
    world.field_names = {f.name for kind in KINDS for f in FIELDS[kind]}
    empty = devices.new(root, "HQ", "Headquarters")
    merged = devices.new(root, "HQ", "Headquarters")
    with Store.open(merged) as store:
        merge_bundle(store, first, trust_new=True)
        store.add(INCIDENT, incident(location="Atmeh"))
    world.targets = {"empty": empty, "merged-first": merged}
    world.bare = {"empty"}
    world.dumps = {name: dump(path) for name, path in world.targets.items()}
    world.work = Path(tempfile.mkdtemp(prefix="fieldapp-fuzz-work-", dir=root))
    return world


def fresh_target(world: World, name: str, where: Path) -> Path:
    """A copy of a target database (its key known to this process, see conftest)."""
    return copy_database(world.targets[name], where / f"{name}.db")


def remove_world(world: World) -> None:
    shutil.rmtree(world.root, ignore_errors=True)

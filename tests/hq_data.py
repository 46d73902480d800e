"""A coordinator's database as it looks after a week of bundles: built once per session.

Two field workers (Amal, Basel) each loaded the north-west Syria sample on their own laptop
(so every record has an exact duplicate from the other device), Basel received Amal's
bundle, and both then edited the same airstrike differently (one open conflict). The
coordinator merged all three bundles, trusting both keys, and has a sealing key. The window
tests, the inventory and the screenshots of the coordinator's day start from a copy.
"""

from __future__ import annotations

from pathlib import Path

from conftest import PASSPHRASE
from test_sync_helpers import device_factory, incident

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Filter, Store
from fieldapp.store.demo import load_demo
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.seal import ensure_age_identity


def build(folder: Path) -> dict[str, Path]:
    """The field databases, their bundles and the coordinator's database, in `folder`."""
    devices = device_factory()
    amal, basel = devices.new(folder, "Amal"), devices.new(folder, "Basel", "Syria Relief")
    coord = devices.new(folder, "Coordinator", "OCHA Gaziantep")
    for path in (amal, basel):
        with Store.open(path) as store:
            load_demo(store)
    with Store.open(amal) as store:
        a1 = export_bundle(store, folder / "amal-1.zip", PASSPHRASE).path
        record = store.query(INCIDENT, Filter(), limit=1)[0]["id"]
    with Store.open(basel) as store:
        b0 = export_bundle(store, folder / "basel-1.zip", PASSPHRASE).path
        merge_bundle(store, a1, trust_new=True)
        store.edit(record, {"killed": 7, "notes": "The hospital confirms seven dead."})
        b1 = export_bundle(store, folder / "basel-2.zip", PASSPHRASE).path
    with Store.open(amal) as store:
        store.edit(record, {"killed": 4, "injured": 15})
        a2 = export_bundle(store, folder / "amal-2.zip", PASSPHRASE).path
    with Store.open(coord) as store:
        for bundle in (a1, b0, a2, b1):
            merge_bundle(store, bundle, trust_new=True)
        ensure_age_identity(store, PASSPHRASE)
    with Store.open(amal) as store:  # on its way: not merged at the coordinator's yet
        store.add(INCIDENT, incident(event_date="2019-05-20", location="Saraqib", killed=1))
        a3 = export_bundle(store, folder / "amal-3.zip", PASSPHRASE).path
    with Store.open(basel) as store:  # and Basel's too
        store.add(INCIDENT, incident(event_date="2019-05-21", location="Ariha", killed=2))
        b3 = export_bundle(store, folder / "basel-3.zip", PASSPHRASE).path
    return {
        "amal": amal,
        "basel": basel,
        "coordinator": coord,
        "conflicted": Path(record),
        "new_bundle": a3,
        "new_bundles": [a3, b3],
    }

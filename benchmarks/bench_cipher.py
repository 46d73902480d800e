"""Unlock and lock of an encrypted database, against their budgets.

- unlock (Store.unlock: the scrypt key derivation, 128 MiB, plus opening the file and
  checking page 1 with the key): budget under 1 s;
- lock (Store.close + Store.lock: closing the store, which checkpoints its WAL, and
  dropping the key from the process): budget under 200 ms, measured after a write, so
  that the close has a WAL to fold back.

bench_store.py calls these on its encrypted 100,000-incident database; run alone, this
script builds one (or takes an existing encrypted database with --db):

    .venv/bin/python benchmarks/bench_cipher.py [--rows 100000] [--db PATH] [--repeat 5]

`--db` needs the database's passphrase in FIELDAPP_PASSPHRASE.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store, cipher

PASSPHRASE = "benchmark passphrase"
BUDGET_UNLOCK_MS = 1000.0
BUDGET_LOCK_MS = 200.0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "NOT MET"


def kdf_times(path: Path, passphrase: str, repeat: int) -> list[float]:
    """The key derivation alone (ms): the part of an unlock SQLCipher does not do."""
    salt = cipher.read_salt(path)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        cipher.derive_key(passphrase, salt)
        times.append((time.perf_counter() - started) * 1000)
    return times


def unlock_times(path: Path, passphrase: str, repeat: int) -> list[float]:
    """Store.unlock from a locked state (ms), as the window's unlock screen calls it."""
    times = []
    for _ in range(repeat):
        Store.lock(path)
        started = time.perf_counter()
        Store.unlock(path, passphrase)
        times.append((time.perf_counter() - started) * 1000)
    return times


def lock_times(path: Path, repeat: int, row: dict[str, object]) -> list[float]:
    """Store.close + Store.lock of a store that has just written a record and read a page
    (ms). The key is put back between runs without paying the KDF again."""
    key = cipher.known_key(path)
    assert key is not None, "unlock the database first"
    times = []
    for _ in range(repeat):
        cipher.remember(path, key)
        store = Store.open(path)
        store.add(INCIDENT, row)
        store.query_rows(INCIDENT, limit=200)
        started = time.perf_counter()
        store.close()
        Store.lock(path)
        times.append((time.perf_counter() - started) * 1000)
        assert Store.is_locked(path) and not store.encrypted
    cipher.remember(path, key)
    return times


def spread(times: list[float]) -> str:
    return f"median of {len(times)}, {min(times):.0f}-{max(times):.0f} ms"


def report(path: Path, passphrase: str, repeat: int, row: dict[str, object]) -> dict[str, float]:
    """Print the unlock and lock figures beside their budgets; return the medians (ms)."""
    kdf = kdf_times(path, passphrase, repeat)
    unlock = unlock_times(path, passphrase, repeat)
    lock = lock_times(path, repeat, row)
    figures = {
        "kdf": statistics.median(kdf),
        "unlock": statistics.median(unlock),
        "lock": statistics.median(lock),
    }
    size = path.stat().st_size / 1e6
    print(f"\nUnlock and lock ({size:.0f} MB encrypted database)")
    print(f"  {'':<47} {'median':>10}  {'budget':<10} {'verdict':<8} spread")
    for label, name, budget in (
        ("scrypt key derivation alone (in the unlock)", "kdf", None),
        ("unlock (Store.unlock: KDF + open + page 1)", "unlock", BUDGET_UNLOCK_MS),
        ("lock (Store.close + Store.lock, after a write)", "lock", BUDGET_LOCK_MS),
    ):
        times = {"kdf": kdf, "unlock": unlock, "lock": lock}[name]
        value = figures[name]
        budget_text = f"< {budget:.0f} ms" if budget else ""
        result = verdict(value < budget) if budget else ""
        print(f"  {label:<47} {value:7.1f} ms  {budget_text:<10} {result:<8} {spread(times)}")
    return figures


def build(path: Path, count: int) -> None:
    """An encrypted database of `count` incidents (bench_store's rows), plus its identity."""
    from bench_store import make_rows

    from fieldapp.identity.keys import create_identity, save_identity

    with Store.open(path, encrypt=True, passphrase=PASSPHRASE) as store:
        # the key's real cost (what `fieldapp init` makes): unlocking opens it too
        save_identity(store, create_identity("Bench", "Benchmark", PASSPHRASE))
        store.add_many(INCIDENT, make_rows(count))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing encrypted database")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from bench_store import make_rows

    row = make_rows(1, seed=11)[0]
    if args.db:
        passphrase = os.environ.get("FIELDAPP_PASSPHRASE", "")
        Store.unlock(args.db, passphrase)
        figures = report(args.db, passphrase, args.repeat, row)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="fieldapp-bench-cipher-"))
        try:
            path = workdir / "bench-encrypted.db"
            print(f"Building an encrypted database of {args.rows:,} incidents (not measured)…")
            build(path, args.rows)
            figures = report(path, PASSPHRASE, args.repeat, row)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    ok = figures["unlock"] < BUDGET_UNLOCK_MS and figures["lock"] < BUDGET_LOCK_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""What SQLCipher's page size and HMAC cost a write: the evidence for a decision on the
encrypted file format (issue 13's "one write at most 1.3 x plain", NOT MET at 8 KiB).

    .venv/bin/python benchmarks/bench_page_size.py [--rows 100000] [--rounds 3] [--adds 40]

1. builds a plain database of `--rows` incidents through the store (bench_store's rows);
2. copies it to plain files with 4 KiB and 2 KiB pages (VACUUM) and to encrypted files
   with each page size and HMAC below (`sqlcipher_export`, a random key in memory);
3. times `--adds` one-record store.add calls on each, in alternating rounds, and prints
   each file's median against today's plain file (8 KiB) and against the plain file with
   the same page size.

Nothing here changes fieldapp's format: the variants are opened by overriding the format's
settings in this process only (fieldapp.store.cipher.PAGE_SIZE and HMAC).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_store
from sqlcipher3 import dbapi2 as sqlcipher

from fieldapp.domain.fields import INCIDENT
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Store, cipher

PLAIN_PAGES = (8192, 4096, 2048, 1024)
ENCRYPTED = (
    (8192, "HMAC_SHA256"),  # fieldapp's format today (cipher.FORMAT, format 2)
    (8192, "HMAC_SHA512"),  # format 1 (cipher.FORMERLY)
    (4096, "HMAC_SHA512"),
    (4096, "HMAC_SHA256"),
    (2048, "HMAC_SHA512"),
    (2048, "HMAC_SHA256"),
    (1024, "HMAC_SHA256"),
)


def build_plain(path: Path, rows: int) -> None:
    with Store.open(path) as store:
        save_identity(store, create_identity("Bench", "Benchmark", "benchmark passphrase", n=2**14))
        store.add_many(INCIDENT, bench_store.make_rows(rows))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def plain_copy(source: Path, dest: Path, page: int) -> None:
    shutil.copy(source, dest)
    conn = sqlite3.connect(dest, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA page_size = {page}")
    conn.execute("VACUUM")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def encrypted_copy(source: Path, dest: Path, page: int, hmac: str, key: bytes) -> None:
    conn = sqlcipher.connect(str(source), isolation_level=None)
    conn.execute(f"ATTACH DATABASE '{dest}' AS v KEY \"{cipher._raw(key, os.urandom(16))}\"")
    conn.execute(f"PRAGMA v.cipher_compatibility = {cipher.COMPATIBILITY}")
    conn.execute(f"PRAGMA v.cipher_page_size = {page}")
    conn.execute(f"PRAGMA v.cipher_hmac_algorithm = {hmac}")
    conn.execute("SELECT sqlcipher_export('v')")
    conn.execute("DETACH DATABASE v")
    conn.close()


def opened_as(page: int, hmac: str) -> None:
    """Open encrypted files with these settings from now on (this process only)."""
    cipher.PAGE_SIZE = page
    cipher.HMAC = hmac


def one_add_ms(path: Path, adds: int, seed: int) -> float:
    with Store.open(path) as store:
        return statistics.median(bench_store.add_times(store, adds, seed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--adds", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-page-size-"))
    try:
        source = work / "source.db"
        print(f"Building a plain database of {args.rows:,} incidents (not measured)…")
        build_plain(source, args.rows)
        key = os.urandom(cipher.KEY_BYTES)
        files: dict[str, tuple[Path, int, str | None]] = {}
        for page in PLAIN_PAGES:
            files[f"plain {page // 1024} KiB"] = (work / f"plain-{page}.db", page, None)
            plain_copy(source, work / f"plain-{page}.db", page)
        for page, hmac in ENCRYPTED:
            name = f"encrypted {page // 1024} KiB {hmac.removeprefix('HMAC_')}"
            files[name] = (work / f"enc-{page}-{hmac}.db", page, hmac)
            encrypted_copy(source, files[name][0], page, hmac, key)
            cipher.remember(files[name][0], key)
        times: dict[str, list[float]] = {name: [] for name in files}
        for round_ in range(args.rounds):
            for name, (path, page, hmac) in files.items():
                if hmac is not None:
                    opened_as(page, hmac)
                times[name].append(one_add_ms(path, args.adds, seed=round_))
        report(files, times, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(
    files: dict[str, tuple[Path, int, str | None]],
    times: dict[str, list[float]],
    args: argparse.Namespace,
) -> None:
    medians = {name: statistics.median(t) for name, t in times.items()}
    plain_at = {page: medians[name] for name, (_p, page, hmac) in files.items() if not hmac}
    today = plain_at[8192]
    print(f"\nOne store.add on {args.rows:,} incidents: median of {args.adds} adds, "
          f"median of {args.rounds} alternating rounds")  # fmt: skip
    print(f"{'file':32} {'ms':>7} {'x plain 8 KiB':>14} {'x plain, same page':>19}  rounds")
    for name, (_path, page, hmac) in files.items():
        same = f"{medians[name] / plain_at[page]:.2f}" if hmac and page in plain_at else "—"
        rounds = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:32} {medians[name]:7.2f} {medians[name] / today:14.2f} {same:>19}  {rounds}")
    print("\nBudget (issue 13): an encrypted write at most 1.3 x the plain one.")


if __name__ == "__main__":
    sys.exit(main())

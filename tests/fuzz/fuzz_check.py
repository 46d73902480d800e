"""The property the fuzz target checks for every bundle it makes.

For any bytes, `verify_bundle` (no database) and `merge_bundle` (into a fresh copy of a
target database, the signer accepted) either succeed or raise a FieldappError whose
message is coded and safe to print on one line. After a refusal the database's dump is
exactly what it was; after a merge the database is consistent (integrity, full-text
indexes, every record's row the winner of its heads), into a database without revisions
it holds what the bundle's record CSVs show, and merging the same bundle again changes
nothing. A bundle verify refuses is refused by merge too, into a database without
revisions (one that holds some skips the checks of the bundle's copies of those); when the
recipe asks, verify's two-process path (a large bundle's) comes to the same verdict as the
one-process path. No scratch or partial file is left in the temporary folder. Each step
is bounded in time (LIMIT seconds).

Anything else is a crash: an exception of another type, a multi-line or uncoded message,
a changed database, an inconsistency, a leftover, or a slow case (a hang or a memory
blow-up is caught by libFuzzer's -timeout and -rss_limit_mb while fuzzing).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import PASSPHRASE
from fuzz_apply import build, cell
from fuzz_world import World, fresh_target
from test_sync_helpers import assert_consistent, csv_rows, dump

from fieldapp.domain.display import is_safe
from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.sync.format import RECORD_FILES
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.verify import verify_bundle

LIMIT = 20.0  # seconds for verify or merge of a bundle of a few kilobytes
PARALLEL_VAR = "FIELDAPP_PARALLEL_VERIFY_MIN"  # fieldapp.sync.bundle.parallel


class Crash(AssertionError):
    """The property does not hold (the fuzzer saves the input; a test replays it)."""


@dataclass
class Outcome:
    verify: str  # "accepted" or the refusal's code
    merge: str  # "merged", "already" or the refusal's code


def _refusal(step: str, exc: FieldappError) -> str:
    text = str(exc)
    if exc.code is None:
        raise Crash(f"{step}: an uncoded refusal {type(exc).__name__}: {text[:300]!r}")
    if not is_safe(text):
        raise Crash(f"{step}: a refusal not safe to print on one line: {text[:300]!r}")
    return exc.code


def _timed(step: str, started: float) -> None:
    took = time.perf_counter() - started
    if took > LIMIT:
        raise Crash(f"{step} took {took:.1f} s (limit {LIMIT} s)")


def _leftovers(before: set[str]) -> list[str]:
    now = set(os.listdir(tempfile.gettempdir()))
    return sorted(n for n in now - before if n.startswith("fieldapp"))


def check_bytes(world: World, target: str, raw: bytes, *, parallel: bool = False) -> Outcome:
    """The property for one bundle file's bytes merged into a copy of `target`; with
    `parallel`, verify's two-process path must also come to the same verdict."""
    assert world.work is not None
    work = Path(tempfile.mkdtemp(prefix="case-", dir=world.work))
    try:
        outcome = _check(world, target, raw, work)
        if parallel:
            _check_parallel(work, outcome)
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_parallel(work: Path, outcome: Outcome) -> None:
    """The same bundle verified in two processes (as a large bundle is): whatever stops
    that path hands the bundle to the one-process path, so the verdict is the same."""
    before = os.environ.get(PARALLEL_VAR)
    os.environ[PARALLEL_VAR] = "1"
    started = time.perf_counter()
    try:
        with verify_bundle(work / "bundle.zip"):
            verified = "accepted"
    except FieldappError as exc:
        verified = _refusal("verify in two processes", exc)
    finally:
        if before is None:
            os.environ.pop(PARALLEL_VAR, None)
        else:
            os.environ[PARALLEL_VAR] = before
    _timed("verify in two processes", started)
    if verified != outcome.verify:
        raise Crash(f"verify in two processes says {verified}, in one {outcome.verify}")


def _check(world: World, target: str, raw: bytes, work: Path) -> Outcome:
    path = work / "bundle.zip"
    path.write_bytes(raw)
    before = set(os.listdir(tempfile.gettempdir()))
    started = time.perf_counter()
    try:
        with verify_bundle(path):
            verified = "accepted"
    except FieldappError as exc:
        verified = _refusal("verify", exc)
    _timed("verify", started)
    db = fresh_target(world, target, work)
    started = time.perf_counter()
    try:
        with Store.open(db) as store:
            summary = merge_bundle(store, path, trust_new=True, passphrase=lambda: PASSPHRASE)
        merged = "already" if summary.already_merged else "merged"
    except FieldappError as exc:
        merged = _refusal("merge", exc)
        _timed("merge", started)
        if dump(db) != world.dumps[target]:
            raise Crash(f"merge refused ({merged}) but changed the database") from None
    else:
        _timed("merge", started)
        assert_consistent(db)
        if merged == "merged":
            if target in world.bare:
                _shown_is_merged(db, path)
            _merge_again(db, path)
        if verified != "accepted" and merged == "merged" and target in world.bare:
            raise Crash(f"verify refused ({verified}) what merge accepted")
    left = _leftovers(before)
    if left:
        raise Crash(f"left in the temporary folder: {left}")
    return Outcome(verified, merged)


def _shown_is_merged(db: Path, path: Path) -> None:
    """The spreadsheet is the truth a person reads: merged into a database without
    revisions, every record row of the bundle is what the database now holds, value for
    value, from the revision the row names."""
    with zipfile.ZipFile(path) as zf:
        tables = {name: csv_rows(zf.read(name)) for name in zf.namelist() if name in RECORD_FILES}
    with Store.open(db) as store:
        for name, rows in tables.items():
            header = rows[0]
            for row in rows[1:]:
                held = store.get(row[0])
                if held is None:
                    raise Crash(f"{name} shows a record the merge did not keep: {row[0]}")
                for column, shown in zip(header, row, strict=True):
                    if column in ("created_at", "device"):  # the exporter's, not the winner's
                        continue
                    if column in held and cell(held[column]) != shown:
                        raise Crash(f"{name} shows {column} = {shown!r}, merged {held[column]!r}")


def _merge_again(db: Path, path: Path) -> None:
    """A bundle merged is known: merging it again changes nothing."""
    after = dump(db)
    try:
        with Store.open(db) as store:
            summary = merge_bundle(store, path, trust_new=True, passphrase=lambda: PASSPHRASE)
    except FieldappError as exc:
        raise Crash(f"merged once, refused the second time: {_refusal('merge', exc)}") from None
    if not summary.already_merged or dump(db) != after:
        raise Crash("a bundle merged again was not known as merged, or changed the database")


def check_recipe(world: World, recipe: dict[str, Any]) -> Outcome:
    """The property for the bundle a recipe makes from its seed."""
    raw = build(world, recipe)
    return check_bytes(world, recipe["target"], raw, parallel=recipe.get("parallel", False))

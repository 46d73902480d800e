"""The hostile corpus (tests/hostile_bundles.py) through `fieldapp verify` and `fieldapp
merge`: each case refused with one line and its exit code (or merged, when that is what
it must do), no traceback, the coordinator's database unchanged by a refusal, in bounded
time; then the table issue 14 asks for, counted, with tracebacks, hangs and wrongly
accepted bundles all zero."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from hostile_bundles import CASES, SPREADSHEET, Case, build_corpus
from test_bundle_refusals import valid_world
from test_sync_helpers import (
    csv_rows,
    device_factory,
    device_key,
    dump,
    incident,
    read_bundle,
)

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle

PROGRESS = re.compile(r"[A-Z][\w .-]*: [0-9]+% ")  # the progress line, not a message
SECONDS = 5.0  # per command; every case is a small bundle
OUTCOMES: dict[str, str] = {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A valid bundle from a field device (two incidents, one edited, one deleted, a
    displacement), its coordinator, and every hostile case made from the bundle."""
    world = valid_world(tmp_path_factory.mktemp("hostile"))
    root, field, coordinator = world["root"], world["field"], world["coordinator"]
    cases = build_corpus(root / "valid.zip", device_key(field), root / "cases")
    return {"valid": root / "valid.zip", "coordinator": coordinator, "cases": cases}


def _run(corpus: dict[str, object], case: Case, where: Path) -> tuple[str, str]:
    """(outcome, detail): outcome is one of refused, merged, traceback, hang, accepted
    (wrongly), wrong (refused, but not as the case says)."""
    db = copy_database(corpus["coordinator"], where / "coordinator.db")  # type: ignore[arg-type]
    before = dump(db)
    for command in (["verify"], ["merge", "--trust-new"]):
        started = time.perf_counter()
        result = run_cli("--db", db, *command, case.path)
        seconds = time.perf_counter() - started
        what = f"{command[0]}: exit {result.code}, {seconds:.1f} s, {result.err.strip()!r}"
        if "Traceback" in result.err or result.code not in (0, 1, 2, 3, 4):
            return "traceback", what
        if seconds > SECONDS:
            return "hang", what
        if case.code == 0:
            if result.code != 0:
                return "wrong", what
            continue
        if result.code == 0:
            return "accepted", what
        lines = [n for n in result.err.strip().splitlines() if not PROGRESS.match(n)]
        if result.code != case.code or len(lines) != 1:
            return "wrong", what
        if not all(word in result.err for word in case.words):
            return "wrong", what
        if dump(db) != before:
            return "wrong", what + " (the database changed)"
    return ("merged" if case.code == 0 else "refused"), ""


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_hostile_case(corpus: dict[str, object], tmp_path: Path, index: int) -> None:
    case = corpus["cases"][index]  # type: ignore[index]
    outcome, detail = _run(corpus, case, tmp_path)
    OUTCOMES[case.name] = outcome
    assert outcome in ("refused", "merged"), f"{case.name}: {outcome}: {detail}"


PARALLEL = [c.name for c in SPREADSHEET] + [
    "data: killed = 3.0",
    "data: 5,000 nested arrays",
    "revision: timestamp in year 9999",
]


@pytest.mark.parametrize("name", PARALLEL)
def test_hostile_case_in_two_processes(
    corpus: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The same refusals when the bundle is checked in two processes (the second part's
    findings travel back through the pipe; the one-process path then names them)."""
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    case = next(c for c in corpus["cases"] if c.name == name)  # type: ignore[attr-defined]
    outcome, detail = _run(corpus, case, tmp_path)
    assert outcome == "refused", f"{case.name}: {outcome}: {detail}"


def test_the_valid_bundle_still_merges(corpus: dict[str, object], tmp_path: Path) -> None:
    db = copy_database(corpus["coordinator"], tmp_path / "c.db")  # type: ignore[arg-type]
    result = run_cli("--db", db, "merge", "--trust-new", corpus["valid"])
    assert result.code == 0, result.err
    assert "3 new" in result.out


def test_far_ahead_is_counted_not_listed(corpus: dict[str, object], tmp_path: Path) -> None:
    """A bundle numbered 10**12 merges in bounded time; its gap is counted, not listed."""
    from fieldapp.sync.merge import merge_bundle

    case = next(c for c in corpus["cases"] if "far ahead" in c.name)  # type: ignore[attr-defined]
    db = copy_database(corpus["coordinator"], tmp_path / "c.db")  # type: ignore[arg-type]
    started = time.perf_counter()
    with Store.open(db) as store:
        summary = merge_bundle(store, case.path, trust_new=True)
    assert time.perf_counter() - started < SECONDS
    assert summary.missing_before == []
    assert summary.far_ahead == 10**12 - 1


def test_the_table(corpus: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every case counted (those not run above are run here): tried, refused cleanly,
    merged as they should, and tracebacks, hangs, wrongly accepted, wrongly refused: zero."""
    for case in corpus["cases"]:  # type: ignore[attr-defined]
        if case.name not in OUTCOMES:
            OUTCOMES[case.name] = _run(corpus, case, tmp_path_factory.mktemp("case"))[0]
    counts = {k: 0 for k in ("refused", "merged", "traceback", "hang", "accepted", "wrong")}
    for outcome in OUTCOMES.values():
        counts[outcome] += 1
    table = [
        ("hostile inputs tried", len(OUTCOMES)),
        ("refused cleanly", counts["refused"]),
        ("merged as they should (far ahead)", counts["merged"]),
        ("tracebacks", counts["traceback"]),
        ("hangs (over 5 s)", counts["hang"]),
        ("wrongly accepted", counts["accepted"]),
        ("refused with the wrong message or code", counts["wrong"]),
    ]
    print("\n" + "\n".join(f"  {label:<40}{n:>5}" for label, n in table))
    assert len(OUTCOMES) == len(CASES)
    assert counts["traceback"] == counts["hang"] == counts["accepted"] == counts["wrong"] == 0


@pytest.mark.parametrize("field_last", [True, False], ids=["outside-wins", "inside-wins"])
def test_incremental_bundle_with_a_conflict_is_not_refused(tmp_path: Path, field_last: bool):
    """The row check accepts what the exporter really writes: an incremental bundle carrying
    a competing revision whose record's current version is (or is not) in the bundle."""
    from fieldapp.sync.merge import merge_bundle
    from fieldapp.sync.verify import verify_bundle

    devices = device_factory()
    field, coordinator = devices.new(tmp_path, "Amal"), devices.new(tmp_path, "Coordinator")
    with Store.open(field) as store:
        record = store.add(INCIDENT, incident())
        export_bundle(store, tmp_path / "b0.zip", PASSPHRASE)
    with Store.open(coordinator) as store:
        merge_bundle(store, tmp_path / "b0.zip", trust_new=True)
        if field_last:
            store.edit(record, {"killed": 7})
    with Store.open(field) as store:
        store.edit(record, {"injured": 30})
        export_bundle(store, tmp_path / "b1.zip", PASSPHRASE)
    with Store.open(coordinator) as store:
        if not field_last:
            store.edit(record, {"killed": 7})
        export_bundle(store, tmp_path / "c.zip", PASSPHRASE)
    with Store.open(field) as store:
        merge_bundle(store, tmp_path / "c.zip", trust_new=True)
        assert len(store.heads(record)) == 2
        export_bundle(store, tmp_path / "b2.zip", PASSPHRASE)
    rows = csv_rows(read_bundle(tmp_path / "b2.zip")["incidents.csv"])[1:]
    assert len(rows) == (0 if field_last else 1)  # the current version is outside, or in
    with verify_bundle(tmp_path / "b2.zip") as verified:
        assert verified.info.revisions >= 1


def test_the_command_line_says_a_bundle_is_far_ahead(
    corpus: dict[str, object], tmp_path: Path, cli
) -> None:
    case = next(c for c in corpus["cases"] if "far ahead" in c.name)  # type: ignore[attr-defined]
    db = copy_database(corpus["coordinator"], tmp_path / "c.db")  # type: ignore[arg-type]
    result = cli("--db", db, "merge", "--trust-new", case.path)
    assert result.code == 0, result.err
    assert f"is far ahead: {10**12 - 1:,} earlier bundles have not arrived" in result.out


def test_the_devices_report_counts_a_far_ahead_gap(
    corpus: dict[str, object], tmp_path: Path, cli
) -> None:
    """After a bundle numbered 10**12, `fieldapp devices` (and the Devices view, which
    reads the same report) counts the gap in bounded time instead of listing it."""
    case = next(c for c in corpus["cases"] if "far ahead" in c.name)  # type: ignore[attr-defined]
    db = copy_database(corpus["coordinator"], tmp_path / "c.db")  # type: ignore[arg-type]
    assert cli("--db", db, "merge", "--trust-new", case.path).code == 0
    started = time.perf_counter()
    listed = cli("--db", db, "devices")
    assert time.perf_counter() - started < SECONDS
    assert listed.code == 0 and f"{10**12 - 1:,} earlier bundles (far ahead)" in listed.out
    as_json = cli("--db", db, "devices", "--format", "json")
    far = [d for d in json.loads(as_json.out) if d["bundles_far_ahead"]]
    assert far and far[0]["bundles_missing"] == []

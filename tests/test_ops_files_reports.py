"""fieldapp.ops.files and fieldapp.ops.reports on real databases: backups, the report with
its map drawer from the caller, the map page; reads say they changed nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection
from ops_helpers import CancelAt
from test_sync_helpers import dump, incident

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, DatabaseError
from fieldapp.ops import EVERYTHING, NOTHING, files, reports
from fieldapp.store import Filter, Store


def test_backup_then_restore_brings_the_old_content_back(db_path, tmp_path):
    with Store.open(db_path) as store:
        store.add(INCIDENT, incident(killed=1))
    backed = files.backup(db_path, tmp_path / "copy.db")
    assert backed.path.is_file() and backed.changes == NOTHING
    with pytest.raises(DatabaseError, match="already exists"):
        files.backup(db_path, backed.path)
    files.backup(db_path, backed.path, replace=True)
    with Store.open(db_path) as store:
        store.add(INCIDENT, incident(killed=2))
        assert store.count(INCIDENT) == 2
    restored = files.restore_backup(db_path, backed.path)
    assert restored.changes == EVERYTHING
    assert restored.previous is not None and restored.previous.is_file()
    with Store.open(db_path) as store:
        assert [r["killed"] for r in store.query(INCIDENT)] == [1]


def test_backup_of_no_database_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="nothing to back up"):
        files.backup(tmp_path / "none.db", tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_a_cancelled_backup_leaves_no_file(demo_db_path, tmp_path):
    out = tmp_path / "copy.db"
    with pytest.raises(Cancelled):
        files.backup(demo_db_path, out, task=CancelAt(1).task())
    assert not out.exists()


def test_a_cancelled_restore_leaves_the_database_as_it_was(db_path, demo_db_path, tmp_path):
    before = dump(db_path)
    with pytest.raises(Cancelled):
        files.restore_backup(db_path, demo_db_path, task=CancelAt(1).task())
    assert dump(db_path) == before


def test_report_draws_its_map_with_the_callers_drawer(demo_db_path, tmp_path):
    drawn: list[Path] = []

    def draw(png: Path) -> tuple[Path | None, str | None]:
        drawn.append(png)
        return None, "no map in this test"

    before = dump(demo_db_path)
    progress = CancelAt()
    with Store.open(demo_db_path) as store:
        made = reports.report(
            store,
            tmp_path / "r.pdf",
            Filter(admin1="Idlib"),
            sign=True,
            passphrase=PASSPHRASE,
            draw_map=draw,
            task=progress.task(),
        )
    assert made.changes == NOTHING
    assert made.report.signed and made.report.incidents > 0
    assert made.report.map_problem == "no map in this test" and len(drawn) == 1
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert progress.progress[-1] == (1000, 1000) and progress.calls > 0
    assert dump(demo_db_path) == before


def test_a_cancelled_report_writes_no_file(demo_db_path, tmp_path):
    with Store.open(demo_db_path) as store, pytest.raises(Cancelled):
        reports.report(store, tmp_path / "r.pdf", sign=False, task=CancelAt(1).task())
    assert not (tmp_path / "r.pdf").exists()


def test_scope_lines_warn_about_duplicates(hq_db_path):
    with Store.open(hq_db_path) as store:
        lines = reports.scope_lines(store, Filter())
        assert reports.scope(store, Filter())
    assert lines and any("duplicate" in line for line in lines)


def test_map_page_counts_what_it_shows(demo_db_path, tmp_path):
    with Store.open(demo_db_path) as store:
        written = reports.map_page(store, tmp_path / "map.html", Filter(), title="Idlib")
        total = store.count(INCIDENT)
    assert written.changes == NOTHING
    assert 0 < written.incidents <= total and written.displacements > 0
    assert "<title>Idlib</title>" in (tmp_path / "map.html").read_text(encoding="utf-8")
    with Store.open(demo_db_path) as store, pytest.raises(Exception, match="folder"):
        reports.map_page(store, tmp_path)


def test_the_database_is_still_a_database_after_a_restore(db_path, tmp_path):
    files.backup(db_path, tmp_path / "b.db")
    files.restore_backup(db_path, tmp_path / "b.db")
    con = raw_connection(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_verify_report_checks_a_signed_pdf_against_the_trust_list(demo_db_path, tmp_path):
    with Store.open(demo_db_path) as store:
        reports.report(store, tmp_path / "signed.pdf", passphrase=PASSPHRASE)
        reports.report(store, tmp_path / "draft.pdf", sign=False)
        signed = reports.verify_report(store, tmp_path / "signed.pdf")
        draft = reports.verify_report(store, tmp_path / "draft.pdf")
    assert signed.changes == NOTHING
    assert signed.check.exit_code == 0 and signed.check.signatures[0].trusted
    assert draft.check.exit_code == 4 and not draft.check.signatures
    untrusted = reports.verify_report(None, tmp_path / "signed.pdf")
    assert untrusted.check.exit_code == 5

"""The Store on real files: filters, sorting, paging, ids, settings, pragmas, transactions."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from conftest import raw_connection

from fieldapp.domain import validation
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, columns
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.errors import Cancelled, DatabaseError, NotFound, NotInitialised, ValidationError
from fieldapp.store import Filter, Store, dialect
from fieldapp.store.database import LAST_EXPORT_KEY


def _incident(date: str, location: str, admin1: str, **more: object) -> dict[str, object]:
    return {
        "event_date": date,
        "event_type": more.pop("event_type", "Explosions/Remote violence"),
        "sub_event_type": more.pop("sub_event_type", "Air/drone strike"),
        "location": location,
        "admin1": admin1,
        **more,
    }


ROWS = [
    _incident("2019-04-28", "Khan Shaykhun", "Idlib", killed=3, notes="Airstrike hit a school"),
    _incident("2019-05-02", "Kafr Nabl", "Idlib", killed=0, notes="قصف على كفرنبل أصاب مدرسة"),
    _incident("2019-05-10", "Kafr Zita", "Hama", killed=5, notes="Shelling near the market"),
    _incident(
        "2019-05-14",
        "Azaz",
        "Aleppo",
        killed=0,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        notes="People gathered against the bombardment",
    ),
    _incident("2019-05-20", "Maarrat An-Numan", "Idlib", killed=1, source="Civil defence"),
    _incident("2019-06-01", "خان شيخون", "Idlib", killed=2, notes="مشفى ميداني"),
]


@pytest.fixture
def filled(store: Store) -> tuple[Store, list[str]]:
    ids = store.add_many(INCIDENT, ROWS)
    return store, ids


def _locations(store: Store, flt: Filter | None = None, **kw: object) -> list[str]:
    return [r["location"] for r in store.query(INCIDENT, flt, **kw)]


# -- filters -------------------------------------------------------------------------------


def test_no_filter_lists_everything_by_date(filled) -> None:
    store, _ = filled
    assert _locations(store) == [r["location"] for r in ROWS]
    assert _locations(store, Filter()) == _locations(store)


def test_date_range_is_inclusive(filled) -> None:
    store, _ = filled
    flt = Filter(date_from="2019-05-02", date_to="2019-05-14")
    assert _locations(store, flt) == ["Kafr Nabl", "Kafr Zita", "Azaz"]
    assert _locations(store, Filter(date_from="2019-05-20")) == ["Maarrat An-Numan", "خان شيخون"]
    assert _locations(store, Filter(date_to="2019-04-28")) == ["Khan Shaykhun"]
    assert _locations(store, Filter(date_from="2019-07-01")) == []


def test_admin1_filter_ignores_letter_case(filled) -> None:
    store, _ = filled
    assert _locations(store, Filter(admin1="Hama")) == ["Kafr Zita"]
    assert _locations(store, Filter(admin1="idlib")) == _locations(store, Filter(admin1="Idlib"))
    assert len(_locations(store, Filter(admin1="IDLIB"))) == 4
    assert _locations(store, Filter(admin1="Idl")) == []  # exact, not a prefix


def test_event_type_filter(filled) -> None:
    store, _ = filled
    assert _locations(store, Filter(event_type="Protests")) == ["Azaz"]
    assert _locations(store, Filter(sub_event_type="Peaceful protest")) == ["Azaz"]
    assert len(_locations(store, Filter(event_type="Explosions/Remote violence"))) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("school", ["Khan Shaykhun"]),
        ("School", ["Khan Shaykhun"]),
        ("khan shay", ["Khan Shaykhun"]),  # every word a prefix
        ("shell", ["Kafr Zita"]),
        ("civil defence", ["Maarrat An-Numan"]),  # the source is searched too
        ("مدرسة", ["Kafr Nabl"]),
        ("مدر", ["Kafr Nabl"]),  # Arabic prefix
        ("خان", ["خان شيخون"]),
        ("مَشفى", ["خان شيخون"]),  # harakat in the query are ignored
        ("kafr", ["Kafr Nabl", "Kafr Zita"]),
        ("nowhere", []),
        ('"; DROP TABLE incidents; --', []),
    ],
)
def test_full_text_search(filled, text: str, expected: list[str]) -> None:
    store, _ = filled
    assert _locations(store, Filter(search=text)) == expected
    assert store.count(INCIDENT, Filter(search=text)) == len(expected)


def test_filters_combine(filled) -> None:
    store, _ = filled
    flt = Filter(admin1="Idlib", date_from="2019-05-01", search="kafr")
    assert _locations(store, flt) == ["Kafr Nabl"]
    assert store.count(INCIDENT, flt) == 1
    assert Filter().is_empty() and not flt.is_empty()


def test_search_follows_edits_and_deletes(filled) -> None:
    store, ids = filled
    store.edit(ids[0], {"notes": "a bakery was hit"})
    assert _locations(store, Filter(search="school")) == []
    assert _locations(store, Filter(search="bakery")) == ["Khan Shaykhun"]
    store.delete(ids[0])
    assert _locations(store, Filter(search="bakery")) == []
    # FTS5 raises "database disk image is malformed" if the index and the rows disagree.
    store.db.execute("INSERT INTO incidents_fts (incidents_fts) VALUES ('integrity-check')")


def test_displacement_filters(store: Store) -> None:
    base = {"direction": "arrived", "individuals": 100}
    store.add_many(
        DISPLACEMENT,
        [
            {**base, "report_date": "2019-06-01", "location": "Atmeh", "admin1": "Idlib"},
            {
                **base,
                "report_date": "2019-06-02",
                "location": "Azaz",
                "admin1": "Aleppo",
                "origin_location": "Khan Shaykhun",
                "direction": "departed",
            },
        ],
    )
    assert [r["location"] for r in store.query(DISPLACEMENT, Filter(admin1="aleppo"))] == ["Azaz"]
    assert [r["location"] for r in store.query(DISPLACEMENT, Filter(search="khan"))] == ["Azaz"]
    assert [r["location"] for r in store.query(DISPLACEMENT, Filter(direction="arrived"))] == [
        "Atmeh"
    ]
    assert store.count(DISPLACEMENT, Filter(date_from="2019-06-02")) == 1
    # a filter on a field the kind does not have is ignored, not an error
    assert store.count(DISPLACEMENT, Filter(event_type="Protests")) == 2


# -- sorting and paging --------------------------------------------------------------------


def test_sorting(filled) -> None:
    store, _ = filled
    by_date_desc = _locations(store, descending=True)
    assert by_date_desc == [r["location"] for r in reversed(ROWS)]
    killed = [r["killed"] for r in store.query(INCIDENT, order_by="killed", descending=True)]
    assert killed == sorted(killed, reverse=True)
    assert _locations(store, order_by="location")[0] == "Azaz"
    with pytest.raises(ValueError, match="cannot sort"):
        store.query(INCIDENT, order_by="killed; DROP TABLE incidents")


def test_ties_keep_a_stable_order_across_pages(store: Store) -> None:
    store.add_many(
        INCIDENT, [_incident("2019-05-01", f"Place {i:03d}", "Idlib") for i in range(45)]
    )
    everything = [r["id"] for r in store.query(INCIDENT)]
    pages = []
    for offset in range(0, 45, 10):
        pages += [r["id"] for r in store.query(INCIDENT, limit=10, offset=offset)]
    assert pages == everything and len(set(pages)) == 45
    desc = [r["id"] for r in store.query(INCIDENT, descending=True)]
    assert desc == list(reversed(everything))


def _plan(store: Store, query) -> list[str]:
    """The plan of the statement `query` makes the store run."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        query()
    finally:
        store.db.conn.set_trace_callback(None)
    select = [s for s in statements if s.startswith("SELECT") and "ORDER BY" in s][-1]
    return [row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + select)]


@pytest.mark.parametrize("column", ["event_date", "location", "killed", "injured", "admin1"])
def test_sorting_a_page_by_a_table_column_walks_an_index(filled, column: str) -> None:
    store, _ = filled
    for descending in (False, True):
        plan = _plan(
            store,
            lambda d=descending: store.query(INCIDENT, order_by=column, descending=d, limit=200),
        )
        assert any("USING INDEX" in step for step in plan), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan
    # A governorate filter is its P-code (issue 16): every record here has it, so a page is
    # a walk of the (code, date) index, whatever spelling the filter was given in.
    for typed in ("Idlib", "SY07", "إدلب"):
        flt = Filter(admin1=typed, date_from="2019-01-01", date_to="2019-12-31")
        plan = _plan(store, lambda f=flt: store.query(INCIDENT, f, descending=True, limit=200))
        assert plan == [
            "SEARCH incidents USING INDEX incidents_admin1_pcode_date (admin1_pcode=? AND "
            "event_date>? AND event_date<?)"
        ]


def test_a_governorate_filter_also_finds_records_named_without_a_code(filled) -> None:
    """A record another device wrote before the register ("Idlib", no code) is found by
    name too: the page then searches both indexes, never the whole table."""
    store, _ = filled
    data = validation.clean(INCIDENT, _incident("2019-06-01", "Binnish", "Idlib"))
    old = Revision(str(uuid.uuid4()), INCIDENT, (), "d" * 64, 1, utc_now(), False, data)
    store.apply_revisions([old])
    flt = Filter(admin1="SY07", date_from="2019-01-01", date_to="2019-12-31")
    plan = _plan(store, lambda: store.query(INCIDENT, flt, descending=True, limit=200))
    assert not any(step.startswith("SCAN incidents") for step in plan), plan
    searches = [step for step in plan if step.startswith("SEARCH incidents USING INDEX")]
    assert {s.split()[4] for s in searches} == {
        "incidents_admin1_pcode_date",
        "incidents_admin1_date",
    }, plan
    assert old.record_id in {r["id"] for r in store.query(INCIDENT, flt)}


def test_ties_are_broken_by_date(store: Store) -> None:
    store.add_many(
        INCIDENT,
        [_incident(d, "Same place", "Idlib", killed=1) for d in ("2019-05-03", "2019-05-01")],
    )
    rows = store.query(INCIDENT, order_by="killed")
    assert [r["event_date"] for r in rows] == ["2019-05-01", "2019-05-03"]


def test_a_search_matching_most_records_walks_the_sort_order(store: Store) -> None:
    rows = [_incident(f"2019-05-{1 + i % 28:02d}", f"Village {i}", "Idlib", notes="shelling")
            for i in range(300)]  # fmt: skip
    rows[7]["notes"] = "a rare zarzour"
    store.add_many(INCIDENT, rows)
    for word, walks in (("shelling", True), ("zarzour", False)):
        flt = Filter(search=word)
        for order_by, descending in (("event_date", False), ("location", True)):
            everything = store.query(INCIDENT, flt, order_by=order_by, descending=descending)
            for offset in (0, 10, 290):
                page = store.query(
                    INCIDENT, flt, order_by=order_by, descending=descending, limit=10,
                    offset=offset,
                )  # fmt: skip
                assert page == everything[offset : offset + 10]
        plan = _plan(store, lambda f=flt: store.query(INCIDENT, f, limit=10))
        assert any("TEMP B-TREE" in step for step in plan) != walks, plan


def test_count_matches_query(filled) -> None:
    store, _ = filled
    for flt in (None, Filter(admin1="Idlib"), Filter(search="kafr"), Filter(date_to="2019-05-10")):
        assert store.count(INCIDENT, flt) == len(store.query(INCIDENT, flt))
    assert store.count(DISPLACEMENT) == 0


def test_query_rows_returns_the_requested_columns(filled) -> None:
    store, ids = filled
    rows = store.query_rows(INCIDENT, cols=("id", "location"), limit=2)
    assert rows == [(ids[0], "Khan Shaykhun"), (ids[1], "Kafr Nabl")]
    with pytest.raises(ValueError, match="unknown columns"):
        store.query_rows(INCIDENT, cols=("id", "password"))


# -- single records ------------------------------------------------------------------------


def test_get(filled) -> None:
    store, ids = filled
    record = store.get(ids[0])
    assert record is not None
    assert set(record) == {*columns(INCIDENT), "kind"}
    assert record["kind"] == INCIDENT and record["targets"] == []
    assert record["device"] == store.require_device().id
    assert store.get(str(uuid.uuid4())) is None


def test_resolve_id_prefix_rules(filled) -> None:
    store, ids = filled
    assert store.resolve_id(ids[2]) == ids[2]
    assert store.resolve_id(ids[2][:8]) == ids[2]
    assert store.resolve_id(ids[2][:6].upper()) == ids[2]
    assert store.resolve_id(f"  {ids[2][:6]} ") == ids[2]
    with pytest.raises(NotFound, match="too short"):
        store.resolve_id(ids[2][:5])
    with pytest.raises(NotFound, match="no record"):
        store.resolve_id("ffffff-not-there")
    store.delete(ids[2])
    assert store.resolve_id(ids[2][:8]) == ids[2]  # a deleted record still has a history


def test_an_ambiguous_prefix_is_refused(store: Store) -> None:
    twins = ["abcdef12-0000-4000-8000-000000000001", "abcdef12-0000-4000-8000-000000000002"]
    store.apply_revisions(
        Revision(t, INCIDENT, (), "a" * 64, i, "2019-05-01T08:00:00.000Z", False, ROWS[0])
        for i, t in enumerate(twins)
    )
    with pytest.raises(NotFound, match="several records"):
        store.resolve_id("abcdef12")
    assert store.resolve_id("abcdef12-0000-4000-8000-000000000002") == twins[1]


# -- device, settings, unexported changes --------------------------------------------------


def test_device_label(store: Store) -> None:
    device = store.require_device()
    assert store.device_label(device.id) == f"Amal (Idlib Response Network) {device.id[:8]}"
    assert store.device_label("c0ffee" * 10) == "unknown device c0ffeec0"
    assert store.is_trusted(device.id) and not store.is_trusted("c0ffee" * 10)


def test_unexported_count(filled) -> None:
    store, ids = filled
    assert store.unexported_count() == len(ROWS)
    last = store.db.execute("SELECT max(n) FROM revisions").fetchone()[0]
    store.set_setting(LAST_EXPORT_KEY, str(last))
    assert store.unexported_count() == 0
    store.edit(ids[0], {"killed": 9})
    store.delete(ids[1])
    assert store.unexported_count() == 2
    # revisions merged from someone else's bundle are not ours to export
    store.apply_revisions(
        [
            Revision(
                str(uuid.uuid4()),
                INCIDENT,
                (),
                "b" * 64,
                1,
                "2019-05-01T08:00:00.000Z",
                False,
                ROWS[0],
            )
        ]
    )
    assert store.unexported_count() == 2


def test_settings_round_trip(store: Store) -> None:
    assert store.setting("ui.language") is None
    assert store.setting("ui.language", "en") == "en"
    store.set_setting("ui.language", "ar")
    store.set_setting("ui.language", "ar-SY")
    assert store.setting("ui.language") == "ar-SY"


def test_writes_need_a_device(tmp_path: Path) -> None:
    with Store.open(tmp_path / "blank.db") as store:
        assert store.device() is None and store.unexported_count() == 0
        with pytest.raises(NotInitialised, match="fieldapp init"):
            store.add(INCIDENT, ROWS[0])
        assert store.revision_count() == 0


# -- SQLite settings and transactions ------------------------------------------------------


def test_pragmas_are_in_effect(store: Store, db_path: Path) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] >= 1  # NORMAL or FULL
    assert store.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    other = raw_connection(db_path)  # WAL is a property of the file, not of the connection
    assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    other.close()


def test_foreign_keys_are_enforced(filled) -> None:
    store, _ = filled
    with pytest.raises(dialect.IntegrityError, match="FOREIGN KEY"):
        store.db.execute(
            "INSERT INTO heads (record_id, revision_id) VALUES ('x', 'no-such-revision')"
        )


def test_every_write_is_one_transaction(store: Store) -> None:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)

    def transactions(action) -> tuple[int, int]:
        statements.clear()
        action()
        return (
            sum(s.startswith("BEGIN") for s in statements),
            sum(s == "COMMIT" for s in statements),
        )

    record: list[str] = []
    assert transactions(lambda: record.append(store.add(INCIDENT, ROWS[0]))) == (1, 1)
    assert transactions(lambda: store.edit(record[0], {"killed": 4})) == (1, 1)
    assert transactions(lambda: store.add_many(INCIDENT, ROWS * 300)) == (1, 1)
    assert transactions(lambda: store.delete(record[0])) == (1, 1)
    assert transactions(lambda: store.set_setting("k", "v")) == (1, 1)
    store.db.conn.set_trace_callback(None)


def test_add_many_with_one_invalid_row_stores_nothing(filled) -> None:
    store, _ = filled
    before = list(store.db.iterdump())
    rows = [*ROWS * 200, {**ROWS[0], "killed": -1}, *ROWS]
    with pytest.raises(ValidationError, match="killed"):
        store.add_many(INCIDENT, rows)
    assert list(store.db.iterdump()) == before
    assert store.count(INCIDENT) == len(ROWS)


def test_an_outer_transaction_rolls_back_inner_writes(filled) -> None:
    store, _ = filled
    before = list(store.db.iterdump())
    with pytest.raises(RuntimeError), store.transaction():
        store.add(INCIDENT, ROWS[0])
        store.add_many(INCIDENT, ROWS)
        raise RuntimeError("power cut")
    assert list(store.db.iterdump()) == before
    assert not store.db.conn.in_transaction


def test_add_many_reports_progress_and_can_be_cancelled(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    ids = store.add_many(
        INCIDENT, ROWS * 400, progress=lambda d, t: seen.append((d, t)), total=len(ROWS) * 400
    )
    assert len(ids) == len(set(ids)) == 2400
    assert seen[0] == (1000, 2400) and seen[-1] == (2400, 2400)
    seqs = [r.seq for r in store.revisions_since(0)]
    assert seqs == list(range(seqs[0], seqs[0] + 2400))  # one per revision, in order
    before = list(store.db.iterdump())
    with pytest.raises(Cancelled):
        store.add_many(INCIDENT, ROWS * 400, cancel=lambda: True)
    assert list(store.db.iterdump()) == before


def test_bulk_and_single_writes_store_the_same_thing(store: Store) -> None:
    [bulk] = store.add_many(INCIDENT, [{**ROWS[1], "targets": ["school", "mosque"]}])
    single = store.add(INCIDENT, {**ROWS[1], "targets": ["school", "mosque"]})
    a, b = store.get(bulk), store.get(single)
    for key in ("id", "revision", "created_at", "updated_at"):
        a.pop(key), b.pop(key)
    assert a == b and a["targets"] == ["mosque", "school"]
    assert store.history(bulk)[0].revision().id == store.history(bulk)[0].id


def test_a_busy_database_is_reported_not_crashed(filled, db_path: Path) -> None:
    store, _ = filled
    store.db.execute("PRAGMA busy_timeout = 50")
    other = raw_connection(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="busy"):
            store.add(INCIDENT, ROWS[0])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.count(INCIDENT) == len(ROWS)
    store.add(INCIDENT, ROWS[0])
    assert store.count(INCIDENT) == len(ROWS) + 1


def test_memory_store_works_like_a_file() -> None:
    store = Store.memory()
    assert store.path is None and store.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    store.apply_revisions(
        [
            Revision(
                str(uuid.uuid4()),
                INCIDENT,
                (),
                "a" * 64,
                1,
                "2019-05-01T08:00:00.000Z",
                False,
                ROWS[0],
            )
        ]
    )
    assert store.count(INCIDENT) == 1


def test_sqlite_utils_view_shares_the_connection(demo_store) -> None:
    """store.db is sqlite-utils over the same connection (loaded on first use)."""
    import sqlite_utils

    db = demo_store.db
    assert isinstance(db, sqlite_utils.Database)
    assert db.conn is demo_store._conn  # the same connection, not a second one
    assert db["incidents"].count == demo_store.count(INCIDENT)
    assert {"incidents", "displacements", "revisions", "heads"} <= set(db.table_names())


def test_area_values_latest_value_and_export_counters(demo_store) -> None:
    assert demo_store.admin1_values() == ["Aleppo", "Hama", "Idleb"]
    newest = demo_store.query(DISPLACEMENT, order_by="report_date")[-1]
    assert demo_store.latest_value(DISPLACEMENT, "country") == "Syria"
    assert newest["country"] == "Syria"
    with pytest.raises(ValueError):
        demo_store.latest_value(INCIDENT, "n; DROP TABLE incidents")
    total = demo_store.revision_count()
    assert demo_store.export_mark() == 0
    assert demo_store.pending_export_count() == total
    assert demo_store.bundle_seq() == 0
    ids = [r["id"] for r in demo_store.query(INCIDENT, limit=3)]
    assert demo_store.conflicted(ids) == set()
    assert demo_store.conflicted([]) == set()


def test_loading_the_demo_can_be_cancelled_and_writes_nothing(store):
    from fieldapp.errors import Cancelled
    from fieldapp.store.demo import load_demo

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 2  # after the incidents went in, before the reports

    with pytest.raises(Cancelled):
        load_demo(store, cancelled=cancelled)
    assert store.revision_count() == 0
    assert load_demo(store) == (53, 12)

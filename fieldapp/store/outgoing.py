"""What an export reads: the revisions after the last bundle's mark, the record rows they
leave current, and the facts the manifest states (time range, other devices'
certificates). Read inside `bundles.export_snapshot`, so every pass sees the same data.
Rows are streamed (a cursor, not a list): a full export of 100,000 records holds one row
at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from fieldapp.domain.fields import TABLES

if TYPE_CHECKING:
    from fieldapp.store.database import Store


def pending(store: Store, since: int) -> tuple[int | None, int]:
    """The last local arrival number after `since`, and how many revisions there are."""
    last_n, count = store._conn.execute(
        "SELECT max(n), count(*) FROM revisions WHERE n > ?", (since,)
    ).fetchone()
    return last_n, count


def record_rows(
    store: Store, kind: str, columns: Iterable[str], since: int, last_n: int
) -> Iterator[tuple]:
    """The current rows of a kind (`columns` of its table, in id order): all of them for a
    full export (`since` 0), else those whose current revision is in (since, last_n]."""
    cols = ", ".join(f"t.{c}" for c in columns)
    if since == 0:
        sql = f"SELECT {cols} FROM {TABLES[kind]} t ORDER BY t.id"
        params: tuple[int, ...] = ()
    else:
        sql = (
            f"SELECT {cols} FROM revisions r JOIN {TABLES[kind]} t"
            " ON t.id = r.record_id AND t.revision = r.id"
            " WHERE r.n > ? AND r.n <= ? ORDER BY t.id"
        )
        params = (since, last_n)
    return iter(store._conn.execute(sql, params))


def revision_rows(store: Store, since: int, last_n: int) -> Iterator[tuple]:
    """(id, record_id, kind, parents, device, seq, timestamp, deleted, data, signature) of
    the revisions in (since, last_n], grouped by record, oldest first."""
    return iter(
        store._conn.execute(
            "SELECT id, record_id, kind, parents, device, seq, timestamp, deleted, data,"
            " signature FROM revisions WHERE n > ? AND n <= ? ORDER BY record_id, timestamp, n",
            (since, last_n),
        )
    )


def time_range(store: Store, since: int, last_n: int) -> tuple[str | None, str | None]:
    """The earliest and latest revision timestamps in (since, last_n]."""
    first, last = store._conn.execute(
        "SELECT min(timestamp), max(timestamp) FROM revisions WHERE n > ? AND n <= ?",
        (since, last_n),
    ).fetchone()
    return first, last


def certificates(store: Store, device_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Name, organisation and certificate of the known devices among `device_ids` (for
    the manifest's list of relayed devices), in the order given."""
    found = []
    for dev in device_ids:
        row = store._conn.execute(
            "SELECT name, organisation, certificate FROM devices WHERE id = ?", (dev,)
        ).fetchone()
        if row:
            found.append(
                {"fingerprint": dev, "name": row[0], "organisation": row[1], "certificate": row[2]}
            )
    return found

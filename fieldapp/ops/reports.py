"""What a person takes away from the records: the signed PDF report and the offline map
page.

Neither imports Qt: a report receives its map image (`map_png`, PNG bytes) or a function
that draws one into a stream (`draw_map`, e.g. `fieldapp.qtkit.render.map_drawer`) from its
caller, and the map page its translated labels; the window and the command line each know
how to draw. A report is written to the file the user chose, or kept in memory (`out`
None: the window previews, prints and saves those bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fieldapp import diskfull
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Filter, Store

# fieldapp.reports.generate.MapDrawer: draws the PNG into the stream it is given.
MapDrawer = Callable[[IO[bytes]], tuple[object | None, str | None]]


@dataclass(frozen=True)
class Reported:
    report: Any  # fieldapp.reports.generate.ReportResult (imported when a report is made)
    changes: Changes = NOTHING


@dataclass(frozen=True)
class MapWritten:
    path: Path
    incidents: int  # shown on the map
    displacements: int
    missing: int  # matching records without coordinates, left out
    changes: Changes = NOTHING


def scope(store: Store, flt: Filter | None, *, task: Task = NO_TASK) -> Any:
    """What a report's totals may be wrong about (conflicts, possible duplicates in its
    scope): fieldapp.reports.scope.ScopeWarnings, shown before the passphrase is asked.
    A linear pass over the records in scope: it reports progress and can be cancelled."""
    from fieldapp.reports.scope import scope_warnings

    return scope_warnings(store, flt, task.progress, task.cancelled)


def scope_lines(store: Store, flt: Filter | None, lang: str = "en") -> list[str]:
    """The same warnings as the box on the report's first page, one line each."""
    from fieldapp.reports.scope import warning_lines

    return warning_lines(lang, scope(store, flt))


def report(
    store: Store,
    out: str | Path | None,
    flt: Filter | None = None,
    lang: str = "en",
    *,
    sign: bool = True,
    passphrase: str | None = None,
    map_png: bytes | str | Path | None = None,
    draw_map: MapDrawer | None = None,
    task: Task = NO_TASK,
) -> Reported:
    """Build the report of the records matching `flt` and write it to `out`, signed with
    this device's key unless `sign` is False (a draft). Reads only.

    `out` None keeps the report in memory: its bytes are `Reported.report.pdf` and no file
    is written (the window's preview; the user saves those bytes)."""
    from fieldapp.reports import generate

    if store.path is None:
        raise FieldappError(Message("report.in_memory"))
    store.require_device()
    options: dict[str, Any] = {
        "sign": sign,
        "passphrase": passphrase,
        "map_png": map_png,
        "draw_map": draw_map,
        "progress": task.progress,
        "cancelled": task.cancelled,
    }
    if out is None:
        return Reported(generate.build(store.path, flt, lang, **options))
    return Reported(generate.generate(store.path, out, flt, lang, **options))


def save(out: str | Path, pdf: bytes) -> Path:
    """Save a report built in memory (the window's preview) to the user's file, whole or
    not at all: a full disk is one message (DiskFull) and leaves no half PDF."""
    out = Path(out)
    diskfull.write_atomically(out, pdf)
    return out


def map_page(
    store: Store,
    out: str | Path,
    flt: Filter | None = None,
    *,
    title: str = "fieldapp map",
    labels: Mapping[str, str] | None = None,
    locale: Mapping[str, str] | None = None,
    task: Task = NO_TASK,
) -> MapWritten:
    """Write the matching records as one self-contained offline map page (HTML)."""
    from fieldapp.maps import data as mapdata
    from fieldapp.maps.page import build_html

    out = Path(out)
    arabic = (locale or {}).get("lang") == "ar"
    records = mapdata.payload(store, flt, details=True, arabic=arabic)
    if out.is_dir():
        raise FieldappError(Message("file.folder_not_html", path=out))
    task.check()
    html = build_html(records, title=title, collapsed_layers=False, labels=labels, locale=locale)
    out.parent.mkdir(parents=True, exist_ok=True)
    # whole or not at all: a full disk leaves no half page under the user's name
    diskfull.write_atomically(out, html.encode("utf-8"))
    return MapWritten(
        out,
        records["incidents"]["n"],
        records["displacements"]["n"],
        records["missing"],
    )


@dataclass(frozen=True)
class ReportChecked:
    check: Any  # fieldapp.reports.verify's result: signatures, verdict, exit code
    changes: Changes = NOTHING


def verify_report(store: Store | None, path: str | Path) -> ReportChecked:
    """Check a signed PDF report: intact, whole, and whether this database trusts its
    signer (`store` None: the signature is still checked, the signer counts as
    untrusted)."""
    from fieldapp.reports.verify import check_pdf

    return ReportChecked(check_pdf(path, store))

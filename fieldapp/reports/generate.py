"""Make a report file: the one function the CLI and the Reports view both call.

Order matters for the user: the passphrase is checked first (a wrong one costs a third of a
second, not a whole report build), the file appears only when it is complete and signed
(written next to the target and renamed into place), and a failure or a cancel leaves no
file behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.errors import FieldappError
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports import labels
from fieldapp.reports.data import collect
from fieldapp.reports.pdf import SignatureBlock, build_pdf
from fieldapp.reports.scope import ScopeWarnings
from fieldapp.store import Filter, Store

log = logging.getLogger(__name__)

# Draws the report's map into the PNG path it is given: (that path, None) or (None, why not).
MapDrawer = Callable[[Path], tuple[Path | None, str | None]]

# Share of the progress bar per step (out of 1000).
_UNLOCK, _READ, _BUILD = 40, 160, 760


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    incidents: int
    displacements: int
    signed: bool
    signed_at: dt.datetime | None
    fingerprint: str
    with_map: bool
    map_problem: str | None
    seconds: float
    # What page one warns about (none: no box).
    warnings: ScopeWarnings = field(default_factory=ScopeWarnings)


def generate(
    db_path: str | Path,
    out: str | Path,
    flt: Filter | None = None,
    lang: str = "en",
    *,
    sign: bool = True,
    passphrase: str | None = None,
    map_png: str | Path | None = None,
    draw_map: MapDrawer | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> ReportResult:
    """Build the report for `flt` from the database at `db_path` and write it to `out`.

    `map_png` is a map image drawn beforehand (the desktop app draws it on the GUI
    thread); `draw_map(png_path)` draws it here instead, after the passphrase is checked
    (the CLI passes `fieldapp.qtkit.render.map_drawer(...)`). Reports import no Qt: the
    caller decides whether and how a map is drawn.
    """
    started = time.perf_counter()
    labels.check_language(lang)
    out = Path(out)
    if out.is_dir():
        raise FieldappError(f"{out} is a folder; give a file name ending in .pdf")
    if not out.parent.exists():
        raise FieldappError(f"the folder {out.parent} does not exist; create it or choose another")
    if sign and passphrase is None:
        raise FieldappError("signing needs the device passphrase (or make a draft with --no-sign)")

    def report(done: int) -> None:
        if progress:
            progress(done, 1000)

    report(0)
    with tempfile.TemporaryDirectory(prefix="fieldapp-report-") as tmp:
        with Store.open(db_path, create=False) as store:
            device = store.require_device()
            key = None
            if sign:
                from fieldapp.reports.sign import unlock

                key = unlock(device, passphrase or "")
            report(_UNLOCK)
            map_problem = None
            if map_png is None and draw_map is not None:
                map_png, map_problem = draw_map(Path(tmp) / "map.png")
            data = collect(
                store,
                flt,
                lambda d, t: report(_UNLOCK + (_READ * d // t if t else _READ)),
                cancelled,
            )
        signed_at = data.generated_at.replace(microsecond=0) if sign else None
        block = (
            SignatureBlock(device.name, device.organisation, device.fingerprint, signed_at)
            if signed_at
            else None
        )
        built = build_pdf(
            data,
            lang,
            block,
            Path(map_png) if map_png else None,
            lambda d, t: report(_UNLOCK + _READ + (_BUILD * d // t if t else _BUILD)),
            cancelled,
        )
    pdf = built.data
    if key is not None and signed_at is not None:
        from fieldapp.reports.sign import sign_pdf

        pdf = sign_pdf(pdf, key, device.certificate, signed_at)
    _write_atomically(out, pdf)
    report(1000)
    return ReportResult(
        path=out,
        pages=built.pages,
        incidents=len(data.incidents),
        displacements=len(data.displacements),
        signed=key is not None,
        signed_at=signed_at,
        fingerprint=device.fingerprint,
        with_map=map_png is not None,
        map_problem=map_problem,
        seconds=time.perf_counter() - started,
        warnings=data.warnings,
    )


def _write_atomically(out: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FieldappError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

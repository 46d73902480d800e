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
from typing import TYPE_CHECKING

from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports import labels
from fieldapp.reports.data import ReportData, collect
from fieldapp.reports.pdf import SignatureBlock, build_pdf
from fieldapp.reports.scope import ScopeWarnings
from fieldapp.store import Filter, Store

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

    from fieldapp.store.devices import Device

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
    _check_request(out, sign, passphrase)

    def report(done: int) -> None:
        if progress:
            progress(done, 1000)

    report(0)
    with tempfile.TemporaryDirectory(prefix="fieldapp-report-") as tmp:
        inputs = _gather(
            db_path,
            flt,
            passphrase if sign else None,
            map_png,
            draw_map,
            Path(tmp),
            report,
            cancelled,
        )
        signed_at = inputs.data.generated_at.replace(microsecond=0) if sign else None
        device = inputs.device
        built = build_pdf(
            inputs.data,
            lang,
            _signature_block(device, signed_at),
            Path(inputs.map_png) if inputs.map_png else None,
            lambda d, t: report(_UNLOCK + _READ + (_BUILD * d // t if t else _BUILD)),
            cancelled,
        )
    pdf = built.data
    if inputs.key is not None and signed_at is not None:
        from fieldapp.reports.sign import sign_pdf

        pdf = sign_pdf(pdf, inputs.key, device.certificate, signed_at)
    _write_atomically(out, pdf)
    report(1000)
    return ReportResult(
        path=out,
        pages=built.pages,
        incidents=len(inputs.data.incidents),
        displacements=len(inputs.data.displacements),
        signed=inputs.key is not None,
        signed_at=signed_at,
        fingerprint=device.fingerprint,
        with_map=inputs.map_png is not None,
        map_problem=inputs.map_problem,
        seconds=time.perf_counter() - started,
        warnings=inputs.data.warnings,
    )


def _check_request(out: Path, sign: bool, passphrase: str | None) -> None:
    """Refuse, before any work, what cannot end in a written report."""
    if out.is_dir():
        raise FieldappError(Message("file.folder_not_pdf", path=out))
    if not out.parent.exists():
        raise FieldappError(Message("file.folder_missing", path=out.parent))
    if sign and passphrase is None:
        raise FieldappError(Message("report.passphrase_needed"))


def _signature_block(device: Device, signed_at: dt.datetime | None) -> SignatureBlock | None:
    """What the visible block says: this device, signing now; None on a draft."""
    if signed_at is None:
        return None
    return SignatureBlock(device.name, device.organisation, device.fingerprint, signed_at)


@dataclass(frozen=True)
class _Inputs:
    """What the PDF is made from, read while the database is open."""

    device: Device
    key: ec.EllipticCurvePrivateKey | None  # None: a draft
    data: ReportData
    map_png: str | Path | None  # drawn beforehand or here; None: no map
    map_problem: str | None


def _gather(
    db_path: str | Path,
    flt: Filter | None,
    passphrase: str | None,
    map_png: str | Path | None,
    draw_map: MapDrawer | None,
    tmp: Path,
    report: Callable[[int], None],
    cancelled: CancelFlag | None,
) -> _Inputs:
    """Unlock the key (when `passphrase` is given: a signed report), draw the map if asked,
    read the records, in that order: a wrong passphrase fails before any slow step."""
    with Store.open(db_path, create=False) as store:
        device = store.require_device()
        key = None
        if passphrase is not None:
            from fieldapp.reports.sign import unlock

            key = unlock(device, passphrase)
        report(_UNLOCK)
        map_problem = None
        if map_png is None and draw_map is not None:
            map_png, map_problem = draw_map(tmp / "map.png")
        data = collect(
            store,
            flt,
            lambda d, t: report(_UNLOCK + (_READ * d // t if t else _READ)),
            cancelled,
        )
    return _Inputs(device, key, data, map_png, map_problem)


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
        raise FieldappError(
            Message("file.cannot_write", path=out, text=exc.strerror or str(exc))
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

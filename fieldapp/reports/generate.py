"""Make a report: `generate` writes the file the user chose (the CLI), `build` keeps it in
memory (the Reports view previews those bytes, prints them and saves them as they are).

Order matters for the user: the passphrase is checked first (a wrong one costs a third of a
second, not a whole report build), the file appears only when it is complete and signed
(written next to the target and renamed into place), and a failure or a cancel leaves no
file behind.

Nothing of a report touches the disk on its own: the map image comes as PNG bytes (drawn
into an io.BytesIO), reportlab and pyHanko write into memory, and the only file written is
the one the user asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fieldapp import diskfull
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

# Draws the report's map as a PNG into the binary stream it is given (an io.BytesIO: the
# image stays in memory): (anything but None, None) once drawn, or (None, why not). What it
# returns may also be the PNG's bytes.
MapDrawer = Callable[[IO[bytes]], tuple[object | None, str | None]]
# A map drawn beforehand: its PNG bytes (or a PNG file's path).
MapImage = bytes | str | Path

# Share of the progress bar per step (out of 1000).
_UNLOCK, _READ, _BUILD = 40, 160, 760


@dataclass(frozen=True)
class ReportResult:
    path: Path | None  # the file written; None: built in memory only (see `pdf`)
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
    # The document itself, as signed (what `path` holds, byte for byte).
    pdf: bytes = field(default=b"", repr=False)


def generate(
    db_path: str | Path,
    out: str | Path,
    flt: Filter | None = None,
    lang: str = "en",
    *,
    sign: bool = True,
    passphrase: str | None = None,
    map_png: MapImage | None = None,
    draw_map: MapDrawer | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> ReportResult:
    """Build the report for `flt` from the database at `db_path` and write it to `out`.

    `map_png` is a map image drawn beforehand (the desktop app draws it on the GUI
    thread); `draw_map(stream)` draws it here instead, after the passphrase is checked
    (the CLI passes `fieldapp.qtkit.render.map_drawer(...)`). Reports import no Qt: the
    caller decides whether and how a map is drawn.
    """
    started = time.perf_counter()
    labels.check_language(lang)  # before anything is built: a bad language or target
    out = Path(out)
    _check_out(out)
    built = build(
        db_path, flt, lang, sign=sign, passphrase=passphrase, map_png=map_png,
        draw_map=draw_map, progress=progress, cancelled=cancelled,
    )  # fmt: skip
    diskfull.write_atomically(out, built.pdf)
    return dataclasses.replace(built, path=out, seconds=time.perf_counter() - started)


def build(
    db_path: str | Path,
    flt: Filter | None = None,
    lang: str = "en",
    *,
    sign: bool = True,
    passphrase: str | None = None,
    map_png: MapImage | None = None,
    draw_map: MapDrawer | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> ReportResult:
    """The same report as `generate`, kept in memory: its bytes are `result.pdf`, and no
    file is written anywhere (result.path is None)."""
    built = _make(db_path, flt, lang, sign, passphrase, map_png, draw_map, progress, cancelled)
    if progress:
        progress(1000, 1000)
    return built


def _make(
    db_path: str | Path,
    flt: Filter | None,
    lang: str,
    sign: bool,
    passphrase: str | None,
    map_png: MapImage | None,
    draw_map: MapDrawer | None,
    progress: Progress | None,
    cancelled: CancelFlag | None,
) -> ReportResult:
    """The signed (or draft) PDF's bytes and what it holds; progress up to 999."""
    started = time.perf_counter()
    labels.check_language(lang)
    _check_signing(sign, passphrase)

    def report(done: int) -> None:
        if progress:
            progress(min(done, 999), 1000)

    report(0)
    inputs = _gather(
        db_path, flt, passphrase if sign else None, map_png, draw_map, report, cancelled
    )
    signed_at = inputs.data.generated_at.replace(microsecond=0) if sign else None
    device = inputs.device
    built = build_pdf(
        inputs.data,
        lang,
        _signature_block(device, signed_at),
        inputs.map_png,
        lambda d, t: report(_UNLOCK + _READ + (_BUILD * d // t if t else _BUILD)),
        cancelled,
    )
    pdf = built.data
    if inputs.key is not None and signed_at is not None:
        from fieldapp.reports.sign import sign_pdf

        pdf = sign_pdf(pdf, inputs.key, device.certificate, signed_at)
    report(999)
    return ReportResult(
        path=None,
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
        pdf=pdf,
    )


def _check_out(out: Path) -> None:
    """Refuse, before any work, a file that cannot be written."""
    if out.is_dir():
        raise FieldappError(Message("file.folder_not_pdf", path=out))
    if not out.parent.exists():
        raise FieldappError(Message("file.folder_missing", path=out.parent))


def _check_signing(sign: bool, passphrase: str | None) -> None:
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
    map_png: bytes | None  # drawn beforehand or here; None: no map
    map_problem: str | None


def _gather(
    db_path: str | Path,
    flt: Filter | None,
    passphrase: str | None,
    map_png: MapImage | None,
    draw_map: MapDrawer | None,
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
        png = _png_bytes(map_png)
        if map_png is None and draw_map is not None:
            sink = io.BytesIO()
            drawn, map_problem = draw_map(sink)
            png = _png_bytes(drawn, sink)
        data = collect(
            store,
            flt,
            lambda d, t: report(_UNLOCK + (_READ * d // t if t else _READ)),
            cancelled,
        )
    return _Inputs(device, key, data, png, map_problem)


def _png_bytes(image: object | None, sink: io.BytesIO | None = None) -> bytes | None:
    """The PNG's bytes: given as bytes, in a file (a map drawn beforehand, the caller's),
    or drawn into `sink`; None for no map."""
    if image is None:
        return None
    if isinstance(image, bytes):
        return image or None
    if isinstance(image, str | Path):
        return Path(image).read_bytes() or None
    return (sink.getvalue() if sink is not None else b"") or None

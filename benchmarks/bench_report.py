"""Report speed: build and sign a report of 1,000 and 10,000 incidents.

    .venv/bin/python benchmarks/bench_report.py [--sizes 1000,10000] [--lang en]

What is timed is `fieldapp.reports.generate.generate` (what `fieldapp report --no-map`
runs): unlock the key (scrypt, ~0.4 s by design), read the records, lay out the PDF, sign
it (PAdES B-B), write it. The map is left out: it is QtWebEngine's time, measured in
bench_map.py. The baseline, measured in the same run on the same rows, is the plainest
reportlab document with the same incident table: one platypus Table of Paragraph cells
with a repeated header, built-in Helvetica, no other sections, no page N of M, no signing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from fieldapp.domain.fields import INCIDENT
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.reports.data import collect
from fieldapp.reports.generate import generate
from fieldapp.reports.pdf import SignatureBlock, build_pdf
from fieldapp.reports.sign import sign_pdf, unlock
from fieldapp.store import Store

PASSPHRASE = "benchmark passphrase"
PLACES = [
    ("Khan Shaykhun", "Maarrat An-Numan"),
    ("Ariha", "Ariha"),
    ("Saraqab", "Idlib"),
    ("Atmeh - أطمة", "Harim"),
    ("Kafr Nabl", "Maarrat An-Numan"),
]


def make_db(path: Path, n: int) -> None:
    rng = random.Random(n)
    identity = create_identity("Amal", "Idlib Response Network", PASSPHRASE)
    start = dt.date(2023, 1, 1)
    rows = []
    for i in range(n):
        location, admin2 = PLACES[i % len(PLACES)]
        sub = "Air/drone strike" if i % 2 else "Shelling/artillery/missile attack"
        rows.append(
            {
                "event_date": (start + dt.timedelta(days=i * 365 // n)).isoformat(),
                "event_type": "Explosions/Remote violence",
                "sub_event_type": sub,
                "admin1": "Idlib",
                "admin2": admin2,
                "location": location,
                "killed": rng.randint(0, 4),
                "injured": rng.randint(0, 12),
                "targets": rng.sample(["residential", "school", "market", "mosque"], 2),
                "source": rng.choice(["Field team", "Civil defence", "Local council"]),
                "notes": (
                    f"قصف على {location} أصاب منازل (تقرير ميداني)"
                    if i % 6 == 1
                    else f"Shelling hit homes in {location}. Casualty figures from the local "
                    "health directorate."
                ),
            }
        )
    with Store.open(path) as store:
        save_identity(store, identity)
        store.add_many(INCIDENT, rows)


def baseline(path: Path) -> tuple[float, int]:
    """The same incident table in the plainest reportlab document."""
    t0 = time.perf_counter()
    with Store.open(path) as store:
        records = store.query(INCIDENT)
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=7.5, leading=9.2)
    rows: list[list[object]] = [
        ["Date", "Event", "Location", "Killed", "Injured", "Source", "Notes"]
    ]
    for r in records:
        rows.append(
            [
                r["event_date"],
                Paragraph(escape(r["sub_event_type"] + ", " + ", ".join(r["targets"])), style),
                Paragraph(escape(f"{r['location']}, {r['admin2']}, {r['admin1']}"), style),
                str(r["killed"]),
                str(r["injured"]),
                Paragraph(escape(r["source"]), style),
                Paragraph(escape(r["notes"]), style),
            ]
        )
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=45, rightMargin=45)
    doc.build([Table(rows, colWidths=[46, 98, 90, 34, 38, 62, 137], repeatRows=1)])
    return time.perf_counter() - t0, doc.page


def measure(n: int, lang: str, folder: Path) -> dict[str, float]:
    db = folder / f"bench-{n}.db"
    t0 = time.perf_counter()
    make_db(db, n)
    setup = time.perf_counter() - t0

    base_s, base_pages = baseline(db)

    out = folder / f"report-{n}.pdf"
    result = generate(db, out, lang=lang, passphrase=PASSPHRASE)

    # the same work in its steps, to see where the time goes
    with Store.open(db) as store:
        device = store.require_device()
        t0 = time.perf_counter()
        key = unlock(device, PASSPHRASE)
        t_unlock = time.perf_counter() - t0
        t0 = time.perf_counter()
        data = collect(store)
        t_read = time.perf_counter() - t0
    signed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    block = SignatureBlock(device.name, device.organisation, device.fingerprint, signed_at)
    t0 = time.perf_counter()
    built = build_pdf(data, lang, block)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    signed = sign_pdf(built.data, key, device.certificate, signed_at)
    t_sign = time.perf_counter() - t0
    return {
        "n": n,
        "setup": setup,
        "total": result.seconds,
        "pages": result.pages,
        "bytes": out.stat().st_size,
        "unlock": t_unlock,
        "read": t_read,
        "build": t_build,
        "sign": t_sign,
        "signed_bytes": len(signed),
        "baseline": base_s,
        "baseline_pages": base_pages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--lang", default="en", choices=("en", "ar"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"report benchmark, language {args.lang} (times in seconds)")
    header = (
        f"{'incidents':>9} {'pages':>5} {'MB':>5} {'report':>7} {'unlock':>6} {'read':>6} "
        f"{'layout':>7} {'sign':>6} {'baseline':>8} {'b.pages':>7} {'ratio':>6}"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="fieldapp-bench-") as tmp:
        for n in sizes:
            r = measure(n, args.lang, Path(tmp))
            print(
                f"{r['n']:>9,} {r['pages']:>5} {r['bytes'] / 1e6:>5.1f} {r['total']:>7.2f} "
                f"{r['unlock']:>6.2f} {r['read']:>6.2f} {r['build']:>7.2f} {r['sign']:>6.3f} "
                f"{r['baseline']:>8.2f} {r['baseline_pages']:>7} "
                f"{r['total'] / r['baseline']:>5.2f}x",
                flush=True,
            )
    print(
        "report = generate() end to end (unlock + read + layout + sign + write); "
        "ratio = report / baseline"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

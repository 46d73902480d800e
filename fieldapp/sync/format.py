"""The bundle format (DESIGN §4): file names, CSV columns, cell text, manifest, limits.

A bundle is a zip holding these entries:

- ``revisions.csv``: every revision the bundle carries. The source of truth for merging:
  record id, kind, parents, author device, its sequence number, timestamp, deleted flag
  and the field values as canonical JSON. A revision's id is recomputed from those. The
  last cell is the author's signature over the id (hex of r||s, ECDSA P-256 / SHA-256 over
  ``fieldapp revision v1\n`` + the id): checked against the author's certificate, which
  the manifest carries (the signer's, and in ``devices`` every other author's).
- ``incidents.csv`` and ``displacements.csv``: the current state of each record whose
  current revision is in the bundle, one column per field, for people opening the bundle
  in a spreadsheet. They must agree with revisions.csv, cell for cell.
- ``place_editions.csv`` and ``places.csv`` (format 4, both or neither): the places
  register editions the signer loaded, each with its units, its id (the SHA-256 of its
  content) and the loading device's signature over ``fieldapp places v1\n`` + the id
  (fieldapp.sync.bundle.places).
- ``manifest.json``: what the bundle is and who made it, with the SHA-256 and size of each
  CSV; ``manifest.sig``: a detached ECDSA P-256 / SHA-256 signature (DER) over the exact
  bytes of manifest.json, so ``openssl dgst -sha256 -verify`` can check it too.

CSV files are UTF-8 with a byte-order mark and CRLF line ends (RFC 4180): Excel only
recognises UTF-8, and so shows Arabic correctly, when the file starts with a BOM, and
LibreOffice accepts it too. Cells a spreadsheet would run as a formula are neutralised
(fieldapp.domain.csvcell) and read back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fieldapp.domain.csvcell import protect
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, KINDS, columns
from fieldapp.store import bundles as stored_bundles

FORMAT_NAME = "fieldapp-bundle"
# 2: every revision signed by its author (the signature column of revisions.csv). A
# format-1 bundle, from a fieldapp that did not sign revisions, is refused with its own
# message: nothing in it proves who wrote a revision its signer relays.
# 3: revision ids are RFC 8785 (fieldapp.domain.revisions): a revision may carry a number
# written as RFC 8785 writes it (0.00001), where a format-2 reader expects Python's form
# (1e-05) and would refuse the bundle as altered; this says "made by a newer fieldapp"
# instead. A format-2 bundle is read as before: every revision in it is checked in the
# form its id was made with, and whole numbers stored as 5.0 stay as they are.
# 4: the places register (schema 5). The record CSVs carry the P-code of the location and,
# for displacement, every level of where people came from and went to (RECORD_COLUMNS);
# a format-3 reader would refuse those headers, and now says "made by a newer fieldapp".
# A bundle may also carry the register editions its signer loaded (place_editions.csv and
# places.csv, both or neither), each signed by the device that loaded it. A format-2 or -3
# bundle is read as before, its record CSVs with the columns of its time (the fields added
# since are empty in every revision of it, and checked to be).
FORMAT_VERSION = 4
OLDEST_READ = 2  # the oldest format this fieldapp reads
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REVISIONS = "revisions.csv"
RECORD_FILES = {INCIDENT: "incidents.csv", DISPLACEMENT: "displacements.csv"}
CSV_FILES = (RECORD_FILES[INCIDENT], RECORD_FILES[DISPLACEMENT], REVISIONS)
ENTRIES = (*CSV_FILES, MANIFEST, SIGNATURE)  # every bundle has these
# Format 4 on: the register editions the bundle carries (fieldapp.sync.bundle.places),
# both files or neither, listed in the manifest like the others.
PLACE_EDITIONS = "place_editions.csv"
PLACES = "places.csv"
PLACE_FILES = (PLACE_EDITIONS, PLACES)
OPTIONAL_ENTRIES = PLACE_FILES
PLACES_FROM = 4  # the first format that may carry them
CSV_ENCODING = "utf-8-sig"  # writes and strips the BOM
REVISION_COLUMNS = (
    "id",
    "record_id",
    "kind",
    "parents",
    "device",
    "seq",
    "timestamp",
    "deleted",
    "data",
    "signature",
)
RECORD_COLUMNS = {kind: columns(kind) for kind in KINDS}
# The fields format 4 added (schema 5): a format-2 or -3 record CSV has every other column,
# in the same order.
_ENDS_ADDED = ("location_pcode", "admin1_pcode", "admin2", "admin2_pcode", "admin3", "admin3_pcode")
ADDED_IN_4 = {
    INCIDENT: frozenset({"location_pcode"}),
    DISPLACEMENT: frozenset(
        {
            "location_pcode",
            *(f"{end}_{n}" for end in ("origin", "destination") for n in _ENDS_ADDED),
        }
    ),
}
_BEFORE_4 = {k: tuple(c for c in RECORD_COLUMNS[k] if c not in ADDED_IN_4[k]) for k in KINDS}
PLACE_EDITION_COLUMNS = (
    "id", "source", "title", "valid_on", "loaded_at", "device", "levels", "units", "signature",
)  # fmt: skip
PLACE_COLUMNS = (
    "edition", "pcode", "level", "parent", "name", "name_ar", "alternates", "country",
    "latitude", "longitude", "boundary",
)  # fmt: skip
AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"

HEX64 = re.compile(r"[0-9a-f]{64}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
SEQ = re.compile(r"[1-9][0-9]{0,17}")
SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
MAX_PARENTS = 64
# Integers a bundle may carry anywhere: what SQLite stores (signed 64 bits). A bundle
# sequence number is one per export: beyond 2**53 (exact in every JSON reader) it is not a
# count of exports but an attack on the bookkeeping.
MAX_INT64 = 2**63 - 1
MAX_BUNDLE_SEQUENCE = 2**53
# How deep the JSON of a manifest or a revision's data may nest (a manifest needs 3, a
# data cell 2): checked before parsing, so a 100,000-deep "[[[[" costs a scan, not a stack.
MAX_JSON_DEPTH = 16
# Timestamps (a manifest's created_at, a revision's) are real times from this year to
# tomorrow (a device east of the coordinator is already tomorrow): the first fieldapp
# revision postdates it by decades; year 0001 or 9999 is a forged or broken clock.
EARLIEST_TIMESTAMP = "2000-01-01T00:00:00.000Z"
# A gap in a device's bundle sequence wider than this is reported as "far ahead", its
# missing numbers counted, not listed (the store's bookkeeping holds the one value).
MAX_LISTED_GAP = stored_bundles.MAX_LISTED_GAP


@dataclass(frozen=True)
class Limits:
    """What a bundle may unpack to. A zip bomb is refused before it is inflated, and the
    streaming reader counts real bytes too, so a header that lies gains nothing."""

    max_file_bytes: int = 1 << 30  # 1 GiB uncompressed per CSV (about 1.5 million records)
    max_total_bytes: int = 2 << 30
    max_ratio: float = 200.0  # CSV compresses about 5-15x; a bomb, thousands
    ratio_floor: int = 1 << 20  # tiny files may compress badly or very well: not a risk
    max_manifest_bytes: int = 8 << 20
    max_signature_bytes: int = 256
    max_entries: int = 16
    max_places_bytes: int = 512 << 20  # places.csv: a COD-AB with every boundary, generously


# What a register edition in a bundle may hold (fieldapp.sync.bundle.places): Syria's
# COD-AB has about 7,000 communities and 1,500 sites; boundaries are GeoJSON text.
MAX_PLACE_EDITIONS = 16
MAX_PLACE_UNITS = 250_000
MAX_BOUNDARY_CHARS = 16 << 20
MAX_PLACE_TEXT = 300  # a name, a title, a country
MAX_ALTERNATES_CHARS = 4000  # the JSON list of other spellings


DEFAULT_LIMITS = Limits()


_TRIGGERS = frozenset("=+-@\t\r'")
# Positions (among a kind's fields) of the list fields, stored as JSON text in the tables.
LIST_FIELD_INDEXES = {
    kind: [i for i, f in enumerate(FIELDS[kind]) if f.type in ("multi", "idlist")] for kind in KINDS
}


def record_columns(kind: str, version: int = FORMAT_VERSION) -> tuple[str, ...]:
    """The header of a kind's record CSV in a bundle of format `version`."""
    return RECORD_COLUMNS[kind] if version >= 4 else _BEFORE_4[kind]


def csv_files(files: dict[str, Any] | None = None) -> tuple[str, ...]:
    """The CSV entries a bundle holds: the three of every bundle, and the register's
    when its manifest lists them (`files`, the manifest's file list)."""
    return (*CSV_FILES, *(n for n in PLACE_FILES if files is not None and n in files))


def cell(value: Any) -> str:
    """One field value as CSV text: lists joined with ';', floats in shortest exact form."""
    if value is None:
        return ""
    if isinstance(value, list):
        return protect(";".join(value))
    if isinstance(value, float):
        return protect(repr(value))
    return protect(str(value))


def values_cells(values: list[Any]) -> list[str]:
    """Cells for field values in field order, exactly as `cell` makes them (inlined: this
    runs for every record of every bundle written and read)."""
    out: list[str] = []
    append = out.append
    for value in values:
        if value is None:
            append("")
            continue
        cls = value.__class__
        if cls is str:
            text = value
        elif cls is list:
            text = ";".join(value)
        elif cls is float:
            text = repr(value)
        else:
            text = str(value)
        append(protect(text) if text and text[0] in _TRIGGERS else text)
    return out


def parents_cell(parents: list[str] | tuple[str, ...]) -> str:
    return ";".join(sorted(parents))

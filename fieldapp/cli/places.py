"""`fieldapp places`: the places register (load a COD-AB, check the records' places, list
the editions, show a unit) and the offline gazetteer search it grew out of.

    fieldapp places load FILE [--boundaries FILE] [--title T]
    fieldapp places check [--fill] [--all] [--format text|json]
    fieldapp places editions
    fieldapp places show CODE_OR_NAME
    fieldapp places search TEXT...          (also: fieldapp places TEXT...)
    fieldapp places near LAT LON            (also: fieldapp places --near LAT LON)

A first word that is no subcommand is a search, so `fieldapp places Saraqab` works as it
always did. Exit codes: `check` 0 when every record is placed, 1 when some are listed;
`search` 1 when nothing matches.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from fieldapp.cli.common import ProgressLine, open_store, print_table
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.messages import Message
from fieldapp.ops import places as place_ops
from fieldapp.progress import Task

SHOWN_PROBLEMS = 20  # rows of the COD-AB left out, printed before "and N more"
_parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser


def register(sub: argparse._SubParsersAction) -> None:
    global _parser_class
    p = sub.add_parser(
        "places",
        help="the places register (load a COD-AB, check records' places) and place search",
        description="The places register and the offline place index. Commands: load FILE "
        "(OCHA's COD-AB from HDX), check [--fill] [--all], editions, show CODE_OR_NAME, "
        "search TEXT, near LAT LON. `fieldapp places TEXT` searches the offline gazetteer in "
        "English or Arabic, spelling-tolerant (Azaz, A'zaz, I'zaz and أعزاز all find "
        "I‘zāz); --near LAT LON gives the nearest known place with its governorate. "
        "`fieldapp places COMMAND --help` for each command.",
    )
    _parser_class = type(p)
    _search_options(p)
    p.add_argument("words", nargs=argparse.REMAINDER, metavar="COMMAND|TEXT ...")
    p.set_defaults(func=cmd_places)


def _search_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--near", nargs=2, type=float, metavar=("LAT", "LON"))
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--format", choices=("table", "json"), default="table")


def _commands() -> dict[str, tuple[argparse.ArgumentParser, Callable[[argparse.Namespace], int]]]:
    """The subcommands, parsed from the words after `places`."""

    def parser(name: str, description: str) -> argparse.ArgumentParser:
        return _parser_class(prog=f"fieldapp places {name}", description=description)

    load = parser(
        "load",
        "Load OCHA's COD-AB (the tabular XLSX from HDX, a CSV, or a folder or zip of "
        "per-level CSVs) into the places register: its units replace, level by level, what "
        "the register held, and this device's records whose places now resolve are completed.",
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--boundaries", metavar="FILE", help="the boundaries, as GeoJSON")
    load.add_argument("--title", metavar="T", help="the edition's title (default: file name)")
    check = parser(
        "check",
        "Check every record's places against the register and list those not placed: a "
        "code that is not the named unit's, a name it does not know or that names several "
        "units, coordinates outside the unit, a completion not yet written. Exit 1 when any "
        "record is listed.",
    )
    check.add_argument("--fill", action="store_true", help="write the completions (own records)")
    check.add_argument(
        "--all", dest="everyone", action="store_true", help="with --fill: every device's records"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    editions = parser("editions", "Every edition the register has held, newest first.")
    editions.add_argument("--format", choices=("table", "json"), default="table")
    show = parser("show", "One unit: its names, spellings, the units above it, its children.")
    show.add_argument("code", metavar="CODE_OR_NAME", nargs="+")
    show.add_argument("--level", type=int, choices=(1, 2, 3, 4, 5), help="only units of a level")
    show.add_argument("--format", choices=("text", "json"), default="text")
    search = parser("search", "Search the offline place index (GeoNames) by name.")
    search.add_argument("text", nargs="*")
    _search_options(search)
    near = parser("near", "The nearest known place to a point, with its governorate.")
    near.add_argument("lat", type=float, metavar="LAT")
    near.add_argument("lon", type=float, metavar="LON")
    near.add_argument("--format", choices=("table", "json"), default="table")
    return {
        "load": (load, cmd_load),
        "check": (check, cmd_check),
        "editions": (editions, cmd_editions),
        "show": (show, cmd_show),
        "search": (search, cmd_search),
        "near": (near, cmd_near),
    }


def cmd_places(args: argparse.Namespace) -> int:
    words = list(args.words or [])
    commands = _commands()
    if words and words[0] in commands:
        parser, run = commands[words[0]]
        defaults = argparse.Namespace(db=args.db)
        return run(parser.parse_args(words[1:], namespace=defaults))
    search, _run = commands["search"]
    # the words (and any option after them) are a search; options before them kept
    given = argparse.Namespace(db=args.db, near=args.near, limit=args.limit, format=args.format)
    parsed = search.parse_args(words, namespace=given)
    if parsed.near:
        parsed.lat, parsed.lon = parsed.near
        return cmd_near(parsed)
    return cmd_search(parsed)


# -- the register ----------------------------------------------------------------------------


def cmd_load(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        task = Task(ProgressLine("Reading"))
        done = place_ops.load(
            store, args.file, boundaries=args.boundaries, title=args.title, task=task
        )
    ed = done.edition
    levels = ", ".join(f"admin {lv}: {n:,}" for lv, n in done.by_level.items())
    print(f"Loaded {ed.title} (valid on {ed.valid_on or 'unknown'}): {ed.units:,} units ({levels})")
    print(f"Edition {ed.id[:12]}; {done.replaced:,} units of earlier editions replaced")
    if args.boundaries:
        extra = (
            f", {done.boundaries_unmatched:,} matched no unit" if done.boundaries_unmatched else ""
        )
        print(f"Boundaries: {done.boundaries:,} units{extra}")
    print(
        f"Records completed: {done.completed:,} (this device's own; `places check` lists the rest)"
    )
    if done.problems:
        print(f"{len(done.problems):,} rows left out:", file=sys.stderr)
        for problem in done.problems[:SHOWN_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        if len(done.problems) > SHOWN_PROBLEMS:
            print(f"  … and {len(done.problems) - SHOWN_PROBLEMS:,} more", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = place_ops.check(
            store, fill=args.fill, everyone=args.everyone, task=Task(ProgressLine("Checking"))
        )
    if args.format == "json":
        listed = [
            {"id": u.record_id, "kind": u.kind, "field": u.field, "status": u.status,
             "code": getattr(u.message, "code", None), "message": str(u.message)}
            for u in report.unplaced
        ]  # fmt: skip
        body = {"checked": report.checked, "completed": report.completed, "unplaced": listed}
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        rows = [
            [u.record_id[:8], u.kind, u.field, u.status, str(u.message)] for u in report.unplaced
        ]
        if rows:
            print_table(rows, ["id", "kind", "field", "status", "message"])
        print(
            f"{report.checked:,} records checked; {report.records():,} listed"
            + (f"; {report.completed:,} completed" if args.fill else ""),
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def cmd_editions(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = place_ops.editions(store)
    if args.format == "json":
        out = [
            {"id": e.edition.id, "title": e.edition.title, "source": e.edition.source,
             "valid_on": e.edition.valid_on, "loaded_at": e.edition.loaded_at,
             "levels": list(e.edition.levels), "units": e.edition.units,
             "loaded_by": e.loaded_by, "received_at": e.edition.received_at,
             "replaced_at": e.edition.replaced_at}
            for e in found
        ]  # fmt: skip
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    rows = [
        [
            e.edition.title, e.edition.source, e.edition.valid_on or "-",
            e.edition.loaded_at[:16].replace("T", " "),
            ",".join(str(lv) for lv in e.edition.levels), f"{e.edition.units:,}", e.loaded_by,
            (e.edition.replaced_at or "")[:16].replace("T", " ") or "current",
        ]
        for e in found
    ]  # fmt: skip
    print_table(
        rows, ["title", "source", "valid_on", "loaded_at", "levels", "units", "loaded by",
               "replaced"],
    )  # fmt: skip
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    text = " ".join(args.code)
    with open_store(args) as store:
        info = place_ops.unit(store, text, args.level)
    unit = info.unit
    if args.format == "json":
        body = {
            "pcode": unit.pcode, "level": unit.level, "name": unit.name, "name_ar": unit.name_ar,
            "alternates": list(unit.alternates), "parent": unit.parent, "country": unit.country,
            "latitude": unit.latitude, "longitude": unit.longitude,
            "has_boundary": bool(unit.boundary), "children": info.children,
            "chain": [{"level": u.level, "pcode": u.pcode, "name": u.name} for u in info.chain],
            "edition": info.edition.title if info.edition else None,
            "others": [u.pcode for u in info.others],
        }  # fmt: skip
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{unit.label()}  admin {unit.level}")
    print(f"name (en):   {unit.name}")
    print(f"name (ar):   {unit.name_ar or '-'}")
    print(f"spellings:   {', '.join(unit.alternates) or '-'}")
    print(f"in:          {' > '.join(u.label() for u in info.chain[:-1]) or unit.country or '-'}")
    print(f"units below: {info.children:,}")
    point = f"{unit.latitude}, {unit.longitude}" if unit.latitude is not None else "-"
    print(f"point:       {point}; boundary: {'yes' if unit.boundary else 'no'}")
    print(f"edition:     {info.edition.title if info.edition else '-'}")
    if info.others:
        also = ", ".join(f"{u.label()} admin {u.level}" for u in info.others)
        print(f"also named so: {also} (give the P-code, or --level)")
    return 0


# -- the gazetteer ---------------------------------------------------------------------------


def cmd_near(args: argparse.Namespace) -> int:
    from fieldapp.maps.gazetteer import default

    lat, lon = args.lat, args.lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"--near": Message("places.near_range")})
    gaz = default()
    near = gaz.nearest(lat, lon)
    if near is None:
        raise FieldappError(Message("places.index_empty"))
    if args.format == "json":
        json.dump(near.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        p = near.place
        print(f"{p.label()}  {near.distance_km:.1f} km away at {p.lat}, {p.lon}")
        print(f"admin1: {near.admin1 or '-'}  P-code: {near.admin1_pcode or '-'}")
    print(gaz.attribution, file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from fieldapp.maps.gazetteer import default

    text = " ".join(args.text).strip()
    if not text:
        raise FieldappError(Message("places.no_query"))
    gaz = default()
    matches = gaz.search(text, limit=max(1, args.limit))
    if args.format == "json":
        json.dump([m.as_dict() for m in matches], sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not matches:
        print(f"No place matches {text!r}.")
        return 1
    else:
        rows = [
            [
                m.place.name,
                m.place.name_ar or "",
                m.place.admin1 or "",
                m.place.country,
                f"{m.place.lat:.5f}",
                f"{m.place.lon:.5f}",
                f"{m.place.population:,}" if m.place.population else "",
                f"{m.score:.0f}",
            ]
            for m in matches
        ]
        print_table(rows, ["name", "arabic", "admin1", "country", "lat", "lon", "pop", "score"])
    print(gaz.attribution, file=sys.stderr)
    return 0 if matches else 1

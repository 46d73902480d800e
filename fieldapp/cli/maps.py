"""Map commands: a standalone offline map page or image, tile archives (the place index
and register: fieldapp/cli/places.py)."""

from __future__ import annotations

import argparse
import json
import re
import sys

from fieldapp.cli.common import open_store
from fieldapp.cli.records import add_filter_options, filter_from_args
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.messages import Message
from fieldapp.ops import reports as map_ops


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map",
        help="write the records as an offline map page (--out) or image (--png)",
        description="Draw the records matching the filters on the offline base map. --out "
        "writes one self-contained HTML file any browser opens with no network; --png renders "
        "an image offscreen (optionally over the tiles of an MBTiles archive).",
    )
    p.add_argument("--out", metavar="FILE.html", help="write a standalone map page")
    p.add_argument("--png", metavar="FILE.png", help="render the map to a PNG image")
    p.add_argument("--tiles", metavar="ARCHIVE.mbtiles", help="raster tile background (--png)")
    p.add_argument(
        "--size", metavar="WxH", default="1200x800", help="image size (--png; default 1200x800)"
    )
    p.add_argument("--title", default="fieldapp map", help="page title (--out)")
    p.add_argument(
        "--lang",
        choices=("en", "ar"),
        default="en",
        help="language of the legend, popups and town names (default en)",
    )
    add_filter_options(p)
    p.set_defaults(func=cmd_map)

    p = sub.add_parser(
        "tiles",
        help="check an MBTiles tile archive and show what it holds",
    )
    p.add_argument("archive", metavar="ARCHIVE.mbtiles")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_tiles)


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text or "")
    if not match:
        raise ValidationError({"--size": Message("map.size_format", value=repr(text))})
    width, height = int(match.group(1)), int(match.group(2))
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise ValidationError({"--size": Message("map.size_limits")})
    return width, height


def cmd_map(args: argparse.Namespace) -> int:
    if not args.out and not args.png:
        raise FieldappError(Message("map.no_output"))
    if args.tiles and not args.png:
        raise FieldappError(Message("map.tiles_need_png"))
    flt = filter_from_args(args)
    size = _size(args.size)
    with open_store(args) as store:
        if args.out:
            from fieldapp.qtkit.render import page_language

            texts, page_locale = page_language(args.lang)
            page = map_ops.map_page(
                store, args.out, flt, title=args.title, labels=texts, locale=page_locale
            )
            missing = f" ({page.missing:,} without coordinates left out)" if page.missing else ""
            print(
                f"Wrote {page.path}: {page.incidents:,} incidents and "
                f"{page.displacements:,} displacement reports{missing}"
            )
            if not page.incidents + page.displacements:
                print("(no records with coordinates match these filters)", file=sys.stderr)
        if args.png:
            # Drawing is Qt's (qtkit, beside the cli); it only reads the records.
            from fieldapp.qtkit.render import render_png

            out = render_png(store, args.png, flt, size, tiles=args.tiles, lang=args.lang)
            print(f"Wrote {out} ({size[0]}x{size[1]})")
    return 0


def cmd_tiles(args: argparse.Namespace) -> int:
    from fieldapp.maps.mbtiles import inspect

    info = inspect(args.archive)
    if args.format == "json":
        json.dump(info.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    west, south, east, north = info.bounds
    print(f"name:        {info.name}")
    print(f"format:      {info.format}")
    print(f"zoom:        {info.minzoom}-{info.maxzoom}")
    print(f"tiles:       {info.tile_count:,}")
    print(f"bounds:      W {west} S {south} E {east} N {north}")
    print(f"attribution: {info.attribution or '-'}")
    return 0

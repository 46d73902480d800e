"""The third part of fieldapp/ui/message_catalogue.py's list (a module stays under 600
lines): the places templates of fieldapp.messages.CATALOGUE (fieldapp/catalogue_places.py),
in its order, for pyside6-lupdate. They follow message_catalogue_part2's, as PLACE_MESSAGES
follows the import templates in the catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

MESSAGES = (
    QT_TRANSLATE_NOOP(  # place.pcode_format
        "messages",
        "{value} is not a P-code: a P-code is capital letters then digits, such as SY07 or "
        "SY0702; leave it empty to have it filled from the name",
    ),
    QT_TRANSLATE_NOOP(  # place.pcode_unknown
        "messages",
        "P-code {value} is not in the places register at admin level {level}; check it, or "
        "load the COD-AB edition that has it (fieldapp places load)",
    ),
    QT_TRANSLATE_NOOP(  # place.pcode_level
        "messages",
        "P-code {value} is {unit}, an admin-{level} unit, not admin-{wanted}; put it in the "
        "admin-{level} field",
    ),
    QT_TRANSLATE_NOOP(  # place.pcode_mismatch
        "messages",
        "P-code {value} is {unit}, not {name} (the register knows {name} as {named}); correct"
        " the name or the code, or leave the code empty to have it filled",
    ),
    QT_TRANSLATE_NOOP(  # place.not_within
        "messages",
        "{unit} lies in {actual}, not in {named}; correct one of them, or leave the upper "
        "level empty to have it filled",
    ),
    QT_TRANSLATE_NOOP(  # place.ambiguous
        "messages",
        "{value} names more than one unit ({units}); give its P-code in {field}, or the level"
        " above it, to say which",
    ),
    QT_TRANSLATE_NOOP(  # place.unknown_name
        "messages",
        "{value} is not an admin-{level} name the places register knows; it is kept as typed,"
        " without a P-code in {field}. Check the spelling, or give the P-code",
    ),
    QT_TRANSLATE_NOOP(  # place.elsewhere
        "messages",
        "{value} is {units}, which does not lie in {named}; it is kept as typed. Check the "
        "place and the levels above it",
    ),
    QT_TRANSLATE_NOOP(  # place.outside
        "messages",
        "the coordinates {lat}, {lon} lie {km} km outside {unit}; check the coordinates and "
        "the place",
    ),
    QT_TRANSLATE_NOOP(  # place.far
        "messages",
        "the coordinates {lat}, {lon} lie {km} km from {unit}; check the coordinates and the place",
    ),
    QT_TRANSLATE_NOOP(  # cod.unknown_format
        "messages",
        "{path} is not a COD-AB table fieldapp can read: give the tabular XLSX from HDX "
        "(…_adminboundaries_tabulardata.xlsx), a CSV, or a folder or zip of per-level CSVs",
    ),
    QT_TRANSLATE_NOOP(  # cod.not_cod
        "messages",
        "{path} is not a COD-AB table: no sheet or CSV in it has an admin P-code column "
        "(admin1Pcode … admin4Pcode, or adm1_pcode …). Nothing was loaded",
    ),
    QT_TRANSLATE_NOOP(  # cod.no_units
        "messages",
        "{path} has P-code columns but not one usable unit ({count} rows left out); nothing "
        "was loaded",
    ),
    QT_TRANSLATE_NOOP(  # cod.bad_level
        "messages",
        "{path}: the column {name} names admin level {number}; a COD-AB table has levels 0 to"
        " 4. Nothing was loaded",
    ),
    QT_TRANSLATE_NOOP(  # cod.zip_entry
        "messages",
        "{path} is refused: the entry {entry} is a link or points outside the archive. "
        "Nothing was loaded",
    ),
    QT_TRANSLATE_NOOP(  # cod.row_no_pcode
        "messages",
        "{path} row {line}: no admin-{number} P-code; the row is left out",
    ),
    QT_TRANSLATE_NOOP(  # cod.row_bad_pcode
        "messages",
        "{path} row {line}: {value} is not a P-code; the row is left out",
    ),
    QT_TRANSLATE_NOOP(  # cod.row_no_name
        "messages",
        "{path} row {line}: unit {value} has no name; the row is left out",
    ),
    QT_TRANSLATE_NOOP(  # cod.row_duplicate
        "messages",
        "{path} row {line}: P-code {value} names {unit} here and {other} at {entry}; the row "
        "is left out",
    ),
    QT_TRANSLATE_NOOP(  # cod.row_no_parent
        "messages",
        "{path} row {line}: {unit} lies in {value}, which the file does not have at admin "
        "level {number}; it is left out",
    ),
    QT_TRANSLATE_NOOP(  # cod.boundaries_shapefile
        "messages",
        "{path} is a shapefile; fieldapp reads boundaries as GeoJSON: take the GeoJSON from "
        "HDX, or convert it (QGIS: Export > Save Features As… GeoJSON; or ogr2ogr -f GeoJSON "
        "out.geojson {path})",
    ),
    QT_TRANSLATE_NOOP(  # cod.boundaries_unreadable
        "messages",
        "{path} is not a GeoJSON FeatureCollection fieldapp can read ({text}); nothing was loaded",
    ),
    QT_TRANSLATE_NOOP(  # places.no_unit
        "messages",
        "the places register has no unit with the P-code or name {value}",
    ),
    QT_TRANSLATE_NOOP(  # places.many_units
        "messages",
        "{value} names more than one unit ({text}); give its P-code",
    ),
    QT_TRANSLATE_NOOP(  # places.fillable
        "messages",
        "can be completed ({text}); `fieldapp places check --fill` writes it",
    ),
    QT_TRANSLATE_NOOP(  # places.fillable_other
        "messages",
        "can be completed ({text}), but its current version is {name}'s: only `fieldapp "
        "places check --fill --all` writes it",
    ),
    QT_TRANSLATE_NOOP(  # places.fillable_conflict
        "messages",
        "can be completed ({text}), but the record has competing versions; resolve them first"
        " (fieldapp conflicts)",
    ),
)

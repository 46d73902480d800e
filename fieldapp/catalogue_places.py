"""The part of fieldapp's catalogue (fieldapp/catalogue.py) about places: the register's
checks of a record's place, loading OCHA's COD-AB, and `fieldapp places`. Its own module
so that each stays under 600 lines; CATALOGUE holds it in its place.
"""

PLACE_MESSAGES: dict[str, str] = {
    # -- the places register (issue 16: fieldapp/domain/places.py, fieldapp/ops/places.py) --
    "place.pcode_format": (
        "{value} is not a P-code: a P-code is capital letters then digits, such as SY07 or "
        "SY0702; leave it empty to have it filled from the name"
    ),
    "place.pcode_unknown": (
        "P-code {value} is not in the places register at admin level {level}; check it, or "
        "load the COD-AB edition that has it (fieldapp places load)"
    ),
    "place.pcode_level": (
        "P-code {value} is {unit}, an admin-{level} unit, not admin-{wanted}; put it in the "
        "admin-{level} field"
    ),
    "place.pcode_mismatch": (
        "P-code {value} is {unit}, not {name} (the register knows {name} as {named}); "
        "correct the name or the code, or leave the code empty to have it filled"
    ),
    "place.not_within": (
        "{unit} lies in {actual}, not in {named}; correct one of them, or leave the upper "
        "level empty to have it filled"
    ),
    "place.ambiguous": (
        "{value} names more than one unit ({units}); give its P-code in {field}, or the "
        "level above it, to say which"
    ),
    "place.unknown_name": (
        "{value} is not an admin-{level} name the places register knows; it is kept as "
        "typed, without a P-code in {field}. Check the spelling, or give the P-code"
    ),
    "place.elsewhere": (
        "{value} is {units}, which does not lie in {named}; it is kept as typed. Check the "
        "place and the levels above it"
    ),
    "place.outside": (
        "the coordinates {lat}, {lon} lie {km} km outside {unit}; check the coordinates "
        "and the place"
    ),
    "place.far": (
        "the coordinates {lat}, {lon} lie {km} km from {unit}; check the coordinates and the place"
    ),
    # -- loading a COD-AB (fieldapp/interchange/cod.py) ---------------------------------
    "cod.unknown_format": (
        "{path} is not a COD-AB table fieldapp can read: give the tabular XLSX from HDX "
        "(…_adminboundaries_tabulardata.xlsx), a CSV, or a folder or zip of per-level CSVs"
    ),
    "cod.not_cod": (
        "{path} is not a COD-AB table: no sheet or CSV in it has an admin P-code column "
        "(admin1Pcode … admin4Pcode, or adm1_pcode …). Nothing was loaded"
    ),
    "cod.no_units": (
        "{path} has P-code columns but not one usable unit ({count} rows left out); nothing "
        "was loaded"
    ),
    "cod.bad_level": (
        "{path}: the column {name} names admin level {number}; a COD-AB table has levels 0 to"
        " 4. Nothing was loaded"
    ),
    "cod.zip_entry": (
        "{path} is refused: the entry {entry} is a link or points outside the archive. "
        "Nothing was loaded"
    ),
    "cod.row_no_pcode": "{path} row {line}: no admin-{number} P-code; the row is left out",
    "cod.row_bad_pcode": "{path} row {line}: {value} is not a P-code; the row is left out",
    "cod.row_no_name": "{path} row {line}: unit {value} has no name; the row is left out",
    "cod.row_duplicate": (
        "{path} row {line}: P-code {value} names {unit} here and {other} at {entry}; the row "
        "is left out"
    ),
    "cod.row_no_parent": (
        "{path} row {line}: {unit} lies in {value}, which the file does not have at admin "
        "level {number}; it is left out"
    ),
    "cod.boundaries_shapefile": (
        "{path} is a shapefile; fieldapp reads boundaries as GeoJSON: take the GeoJSON from "
        "HDX, or convert it (QGIS: Export > Save Features As… GeoJSON; or ogr2ogr -f GeoJSON "
        "out.geojson {path})"
    ),
    "cod.boundaries_unreadable": (
        "{path} is not a GeoJSON FeatureCollection fieldapp can read ({text}); nothing was loaded"
    ),
    # -- `fieldapp places` (fieldapp/ops/places.py, fieldapp/cli/places.py) ----------------
    "places.no_unit": "the places register has no unit with the P-code or name {value}",
    "places.many_units": "{value} names more than one unit ({text}); give its P-code",
    "places.fillable": "can be completed ({text}); `fieldapp places check --fill` writes it",
    "places.fillable_other": (
        "can be completed ({text}), but its current version is {name}'s: only `fieldapp "
        "places check --fill --all` writes it"
    ),
    "places.fillable_conflict": (
        "can be completed ({text}), but the record has competing versions; resolve them first"
        " (fieldapp conflicts)"
    ),
}

"""The catalogue of what fieldapp says to the person at the keyboard: code -> English
template. Data only; fieldapp.messages (Message, how to add one) is the module to read.
"""

from fieldapp.catalogue_bundles import BUNDLE_REFUSALS
from fieldapp.catalogue_places import PLACE_MESSAGES

# code -> English template. Grouped as a reader looks for them; each code is unique (a
# dict literal with a repeated key would silently keep the last: tests/test_error_codes.py
# parses this file to catch that).
CATALOGUE: dict[str, str] = {
    # -- validation of one field (fieldapp/domain/validation.py) --------------------------
    "field.required": "is required",
    "date.not_a_date": "{value} is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14",
    "date.not_real": "{value} is not a real calendar date",
    "number.must_be_whole": "must be a whole number",
    "number.not_whole": "{value} is not a whole number",
    "number.negative": "{number} is negative; counts start at 0",
    "number.implausible": "{number} is not plausible (more than {limit}); check the figure",
    "number.must_be_number": "must be a number",
    "number.not_a_number": "{value} is not a number",
    "number.not_finite": "must be a finite number",
    "text.control_characters": "contains control characters; remove them",
    "text.too_long": "is {number} characters long; the limit is {limit}",
    "choice.not_allowed": "{value} is not one of: {allowed}",
    "choice.not_a_sub_event_type": "{value} is not a sub-event type; choose one of: {allowed}",
    "list.not_a_list": "{value} is not a list",
    "list.not_a_record_id": "{value} is not a record id",
    "field.unknown_incident": "is not a field of an incident record",
    "field.unknown_displacement": "is not a field of a displacement record",
    "date.in_future": "{date} is in the future; use the date it happened",
    "place.latitude_range": "{number} is outside -90..90",
    "place.longitude_range": "{number} is outside -180..180",
    "place.half_coordinates": "give both latitude and longitude, or neither",
    "incident.sub_event_mismatch": "{sub} is not a kind of {type} (it belongs to {belongs})",
    "displacement.household_size": "{number} is not a plausible household size (0 to {limit})",
    "displacement.no_count": "give the number of individuals or of households",
    "displacement.households_disagree": (
        "{households} households of {size} make about {people} people, not {individuals}"
    ),
    "displacement.above_population": (
        "{individuals} individuals is more than the population before ({before})"
    ),
    "displacement.end_before_start": "{date} is before the report date {start}",
    "record.unknown_kind": "unknown record kind {value}; use one of {allowed}",
    # -- the device key (fieldapp/identity/keys.py) ---------------------------------------
    "keys.wrong_passphrase_signing": (
        "the passphrase is wrong; nothing was signed. Try again (it is case-sensitive)"
    ),
    "keys.wrong_passphrase_opening": (
        "the passphrase is wrong; nothing was opened. Try again (it is case-sensitive)"
    ),
    "report.passphrase_needed": (
        "signing needs the device passphrase (or make a draft with --no-sign)"
    ),
    "keys.passphrase_too_short": (
        "the passphrase must be at least {limit} characters; choose a longer one"
    ),
    "keys.key_unknown_format": "the device key is in an unknown format; this fieldapp is too old",
    "keys.stored_key_unknown_format": (
        "a stored key is in an unknown format; this fieldapp is too old"
    ),
    "keys.name_missing": "give the device a name (your name or the team's), e.g. --name Amal",
    "keys.organisation_missing": "give your organisation, e.g. --org 'Idlib Response Network'",
    "keys.not_a_certificate": "that file is not a PEM certificate exported by fieldapp",
    "keys.not_ecdsa": "the certificate's key is not an ECDSA key; fieldapp uses P-256",
    "keys.no_certificate_file": "no certificate file at {path}",
    "keys.certificate_not_this_key": (
        "this database's certificate does not match its device key; the database is damaged. "
        "Restore it from a backup"
    ),
    # -- long operations the user cancelled -----------------------------------------------
    "cancelled.nothing_written": "cancelled; nothing was written",
    "cancelled.nothing_saved": "cancelled; nothing was saved",
    "cancelled.nothing_merged": "cancelled; nothing was merged",
    "cancelled.no_report": "cancelled; no report was written",
    "cancelled.no_bundle": "cancelled; no bundle was written",
    "export.cancelled": "export cancelled; no bundle was written",
    "merge.cancelled": "merge cancelled; nothing was merged",
    "print.cancelled": "printing cancelled; the rest of the job was withdrawn",
    "backup.cancelled": "backup cancelled; nothing was written",
    "duplicates.search_cancelled": "search cancelled",
    # -- printing --------------------------------------------------------------------------
    "print.no_report": "there is no report to print; generate one first",
    "print.printer_not_started": (
        "the printer could not be started; check it is connected and ready"
    ),
    "print.new_page_refused": "the printer refused a new page; printing stopped",
    # -- files a person names (a report, a bundle, a certificate to write) ------------------
    "file.folder_not_pdf": "{path} is a folder; give a file name ending in .pdf",
    "file.is_a_folder": "{path} is a folder; give a file name such as {text}",
    "file.folder_missing": "the folder {path} does not exist; create it or choose another",
    "file.cannot_write": "cannot write {path}: {text}",
    "file.folder_not_html": "{path} is a folder; give a file name ending in .html",
    "file.out_not_pdf": "--out {path}: give a file name ending in .pdf",
    # -- reports -----------------------------------------------------------------------------
    "pdf.cannot_read": "cannot read {path}: {text}",
    "pdf.not_a_pdf": "{path} is not a PDF file",
    "pdf.unreadable": "{path} is not a readable PDF ({text}); it may be damaged",
    "pdf.no_reports_module": (
        "this fieldapp cannot check PDF reports (the reports module is missing)"
    ),
    "report.in_memory": "a report is made from a database file, not one in memory",
    "report.font_missing": "the report font {path} is missing; reinstall fieldapp",
    "report.unknown_language": "unknown report language {value}; use one of {allowed}",
    # -- maps and places (fieldapp/maps, fieldapp/qtkit/render.py, fieldapp/cli/maps.py) ----
    "places.index_empty": "the place index is empty; reinstall fieldapp",
    "places.index_unreadable": "the place index {path} cannot be read ({text}); reinstall fieldapp",
    "places.no_query": "give a place name to search for, or --near LAT LON",
    "places.near_range": "latitude -90..90 and longitude -180..180",
    "map.no_output": "say where to write the map: --out FILE.html and/or --png FILE.png",
    "map.tiles_need_png": (
        "--tiles draws an archive under a --png image; a standalone page cannot carry one"
    ),
    "map.size_format": "{value} is not WIDTHxHEIGHT, e.g. 1200x800",
    "map.size_limits": "width and height must be between 100 and 8000",
    "tiles.missing": "{path} does not exist; choose an .mbtiles file",
    "tiles.is_folder": "{path} is a folder; choose an .mbtiles file",
    "tiles.not_sqlite": (
        "{file} is not an MBTiles tile archive (it is not an SQLite file); choose a raster "
        ".mbtiles file, e.g. one exported from QGIS or MOBAC"
    ),
    "tiles.cannot_open": "{file} cannot be opened ({text})",
    "tiles.not_mbtiles": (
        "{file} is an SQLite file but not an MBTiles archive (no tiles and metadata tables); "
        "choose a raster .mbtiles file"
    ),
    "tiles.damaged": "{file} is damaged or not an MBTiles archive ({text}); choose another file",
    "tiles.empty": "{file} holds no tiles; choose another archive",
    "tiles.vector": (
        "{file} holds vector tiles, which fieldapp cannot draw; use a raster (PNG, JPEG or "
        "WebP) archive"
    ),
    "tiles.unknown_format": (
        "{file} says its tiles are {value}; fieldapp shows PNG, JPEG and WebP tiles"
    ),
    "render.unavailable": "the map renderer is not available ({text})",
    "render.needs_widgets": "the map can only be rendered in a widget application",
    "render.main_thread": (
        "the map can only be drawn on the application's main thread; draw it before starting "
        "the background job and pass the image in"
    ),
    "render.timeout": "the map page did not finish ({text}) within {number} s",
    "render.script_timeout": "the map page did not answer a script within {number} s",
    "render.no_labels": "the map has no labels in language {value}",
    "render.size_range": "map size {text} is out of range (100..8000 pixels)",
    "render.cannot_write": "could not write the map image {path}",
    "render.tiles_not_registered": (
        "tile archives can only be drawn when the application registered the fieldtiles: scheme "
        "at start-up; render without --tiles"
    ),
    "render.load_failed": "the map page failed to load",
    **BUNDLE_REFUSALS,  # fieldapp/catalogue_bundles.py, in this place
    # -- exporting and sealing (fieldapp/sync/export.py, seal.py) ----------------------------
    "export.no_records": "this database has no records yet; nothing to export",
    "export.nothing_changed": (
        "nothing changed since the last bundle; nothing was written (use --full to export "
        "everything again)"
    ),
    "seal.not_to_this_device": (
        "{file} is sealed, but not to this device's key, or it is damaged ({text}). Check that "
        "the sender sealed it to the recipient `fieldapp keys show` prints here"
    ),
    "seal.no_sealing_key": (
        "this bundle is sealed, but this database has no sealing key, so it was not sealed to "
        "it. Ask the sender which recipient they used; yours is printed by `fieldapp keys show`"
    ),
    "seal.not_a_recipient": (
        "{value} is not an age recipient; ask the coordinator for the line starting with age1 "
        "that `fieldapp keys show` prints on their computer"
    ),
    "export.unsigned_revisions": (
        "{count} revisions to export carry no signature of their author (the first: "
        "device {name} {id}), and only their author can sign them. Ask that device for "
        "a new full bundle (merging it adds the signatures), then export again"
    ),
    # -- devices and trust (fieldapp/sync/devices.py, fieldapp/store/devices.py) -----------
    "device.not_initialised": (
        "this database has no device identity yet; run `fieldapp init --name NAME "
        "--org ORGANISATION` first"
    ),
    "device.already_initialised": (
        "this database already has a device identity; use another --db for a new one"
    ),
    "device.fingerprint_too_short": "give at least 8 characters of the fingerprint",
    "device.unknown": "no known device with fingerprint {text}",
    "device.ambiguous": "{text} matches several devices; give more of the fingerprint",
    "device.own_key": "this is this database's own key; it cannot be untrusted",
    # -- the database -----------------------------------------------------------------------
    "database.missing": "no database at {path}; run `fieldapp init` first",
    "database.is_folder": "{path} is a folder, not a database file",
    "database.cannot_open": "cannot open {path} ({text}); check the path and its permissions",
    "database.not_fieldapp": "{path} is not a fieldapp database ({text}); choose another file",
    "database.busy": (
        "{path} is busy: another fieldapp (or another program) is writing to it. "
        "Close it and try again; nothing was written"
    ),
    "database.disk_full": (
        "the disk holding {path} is full; free some space and try again. Nothing was written"
    ),
    "database.read_only": ("{path} is read-only; copy it somewhere writable or fix permissions"),
    "demo.database_not_empty": (
        "the demo data goes only into an empty database; use --db with a new file"
    ),
    "install.folder_missing": "fieldapp's {text} folder is missing; reinstall fieldapp",
    # -- migrating the database (fieldapp/store/migrate.py) ---------------------------------
    "migrate.not_numbered": "migrations in {path} are not numbered 1..n: {text}",
    "migrate.newer_schema": (
        "{path} uses schema version {version}, but this fieldapp only knows up to {supported}; "
        "it was written by a newer fieldapp. Install the newer version, or open another "
        "database. The file was not changed."
    ),
    "migrate.newer_schema_here": (
        "this database uses schema version {version}, but this fieldapp only knows up to "
        "{supported}; it was written by a newer fieldapp. Install the newer version, or open "
        "another database. The file was not changed."
    ),
    "migrate.other_program": (
        "{path} is an SQLite database made by another program, not by fieldapp; choose another "
        "file (it was not changed)"
    ),
    "migrate.other_program_here": (
        "this database is an SQLite database made by another program, not by fieldapp; choose "
        "another file (it was not changed)"
    ),
    "migrate.incomplete_statement": (
        "{file} ends with an incomplete statement; nothing was migrated"
    ),
    "migrate.failed": (
        "migration {file} failed ({text}); it was rolled back and the database is as it was "
        "before it"
    ),
    "migrate.failed_backup": (
        "migration {file} failed ({text}); it was rolled back and the database is as it was "
        "before it; a backup is at {path}"
    ),
    # -- records ------------------------------------------------------------------------
    "record.not_found": "no record with id {id}",
    "record.no_revision": "no revision with id {id}",
    "record.id_too_short": "{value} is too short to identify a record; give 6+ characters",
    "record.id_ambiguous": "{value} matches several records; give more of the id",
    "record.deleted_cannot_edit": "record {id} was deleted; it cannot be edited",
    "record.already_deleted": "record {id} is already deleted",
    "record.deleted_and_changed": (
        "record {id} was deleted on one device and changed on another; resolve that "
        "conflict first (see `fieldapp conflicts`), then edit"
    ),
    "record.not_a_field_of_kind": "{field} is not a field of a {kind} record",
    # -- merging revisions into the database (fieldapp/store/records.py) --------------------
    "revision.forged": (
        "revision {revision} of record {id} is linked to another record's history; the data is "
        "inconsistent and nothing was merged"
    ),
    "revision.kind_mismatch": (
        "revision {revision} says record {id} is a {kind}, but it is a {other}; the data is "
        "inconsistent and was not merged"
    ),
    "record.no_current_revision": (
        "record {id} has no current revision; the data is inconsistent and nothing was merged"
    ),
    # -- restoring a record (fieldapp/store/restore.py) --------------------------------------
    "restore.revision_too_short": (
        "{value} is too short to identify a revision; give 6+ characters"
    ),
    "restore.no_such_revision": "record {id} has no revision {revision}",
    "restore.revision_ambiguous": "{value} matches several revisions; give more of the id",
    "restore.revision_is_deletion": (
        "revision {revision} is a deletion; choose a revision that holds values"
    ),
    "restore.not_deleted": (
        "record {id} is not deleted; to go back to an older version give its revision "
        "(--revision, see `fieldapp history`)"
    ),
    "restore.nothing_earlier": (
        "record {id} has no earlier version to restore (only its deletion arrived here)"
    ),
    # -- conflicts and duplicates (fieldapp/curation) ---------------------------------------
    "conflict.none": "record {id} has no conflict",
    "conflict.nothing_to_resolve": "record {id} has no conflict to resolve",
    "conflict.no_single_head": "--take {value} matches no single head; use one of {allowed}",
    "conflict.say_which": "say which version to keep: --take REV, or --pick FIELD=REV",
    "conflict.no_single_version": "{value} matches no single version; use one of {allowed}",
    "conflict.version_is_deletion": (
        "version {revision} is a deletion; keep it whole with --take instead"
    ),
    "duplicates.bad_distance": "--km must be above 0 and --days 0 or more",
    "duplicates.same_record": "give two different records",
    "duplicates.kinds_differ": "a possible duplicate pairs two records of the same kind",
    "duplicates.merge_kinds_differ": "only records of the same kind can be merged",
    "duplicates.relation": "the relation is one of {allowed}",
    "duplicates.relation_or_none": "the relation is one of {allowed} or none",
    "duplicates.conflict_first": (
        "record {id} has a conflict; resolve it first (`fieldapp conflicts`)"
    ),
    "duplicates.both_must_exist": "both records must exist (one of them is deleted)",
    # -- backups (fieldapp/store/backup.py) ------------------------------------------------
    "backup.no_database": "no database at {path}; nothing to back up",
    "backup.no_file": "no file at {path}; nothing was changed",
    "backup.source_is_folder": "{path} is a folder, not a database file; nothing was changed",
    "backup.not_fieldapp": "{path} is not a fieldapp database; nothing was changed",
    "backup.not_fieldapp_because": (
        "{path} is not a fieldapp database ({text}); nothing was changed"
    ),
    "backup.damaged": "{path} is damaged ({text}); not used",
    "backup.is_the_database": ("{path} is the database itself; choose another file for the backup"),
    "backup.out_is_folder": "{path} is a folder; give the backup a file name",
    "backup.exists": "{path} already exists; choose another name (nothing was written)",
    "backup.cannot_write": "cannot write the backup {path} ({text}); nothing was written",
    "backup.cannot_keep_copy": (
        "cannot keep a copy of {path} before restoring ({text}); nothing was replaced"
    ),
    "backup.database_in_use": (
        "{path} is in use by another fieldapp window or program that is writing to it; close "
        "it and try again. Nothing was replaced"
    ),
    "backup.is_the_open_database": "{path} is the open database itself; choose a backup file",
    "backup.cannot_replace": "cannot write {path} ({text}); it was not changed",
    # -- the command line (fieldapp/cli) and the window's start-up (fieldapp/ui/app.py, i18n.py) ---
    "cli.passphrase_no_terminal": "a passphrase is needed: run this in a terminal, or set {name}",
    "cli.passphrases_differ": "the two passphrases differ; nothing was created. Try again",
    "cli.name_org_no_terminal": "give --name and --org (no terminal to ask on)",
    "cli.nothing_to_change": "nothing to change: give at least one --FIELD VALUE",
    "cli.bad_sort": "--sort: {text}; use one of {allowed}",
    "cli.not_zero_or_more": "must be 0 or more",
    "cli.clear_not_incident_field": "{value} is not a field of an incident record",
    "cli.clear_not_displacement_field": "{value} is not a field of a displacement record",
    "cli.record_deleted": "record {id} is deleted; see `fieldapp history`",
    "cli.database_taken": (
        "{path} already belongs to {name} ({organisation}); use --db for another database"
    ),
    "cli.bad_pick": "--pick {value}: write FIELD=REV, e.g. --pick killed=3f2a9c",
    "cli.take_not_a_field": "--take {field}: not a field of a {kind} record",
    "ui.quit_after_not_a_number": "{name} must be a number of milliseconds, not {value}",
    "ui.unknown_language": "unknown interface language {value}; use one of {allowed}",
    "ui.catalogue_missing": (
        "the {language} catalogue {path} is missing; reinstall fieldapp or run `make translations`"
    ),
    # -- encrypted databases (fieldapp/store/cipher.py, cipher_convert.py) ---------------
    "cipher.not_encrypted": (
        "{path} is not encrypted; convert it with `fieldapp encrypt` (nothing was changed)"
    ),
    "cipher.truncated": (
        "{path} is damaged or truncated ({size} bytes is not a whole number of {limit}-byte "
        "pages); nothing was changed. Restore a backup"
    ),
    "cipher.wrong_passphrase": (
        "the passphrase does not open {path}: it is wrong (it is case-sensitive) or the file is "
        "damaged; nothing was changed. Try again, or restore a backup if you are sure of the "
        "passphrase"
    ),
    "cipher.not_plain": "{path} is not a plain SQLite database; nothing was written",
    "cipher.salt_changed": "{path}: SQLCipher changed the salt during a rekey",
    "cipher.in_use": (
        "{path} is in use by another fieldapp window or command; close it and convert again "
        "(nothing was changed)"
    ),
    "cipher.copy_differs": (
        "the encrypted copy of {path} does not hold the same data ({count} revisions, not "
        "{expected}); nothing was changed"
    ),
    "database.needs_passphrase": (
        "{path} is encrypted: it opens only with its passphrase (set FIELDAPP_PASSPHRASE,"
        " or type it when asked)"
    ),
    # -- changing the passphrase (fieldapp/identity/change_passphrase.py, store/rekey.py) --
    "passphrase.wrong_current": (
        "the current passphrase is wrong; nothing was changed. Try again (it is case-sensitive)"
    ),
    "passphrase.new_differs": "the two new passphrases differ; nothing was changed. Try again",
    "passphrase.unchanged": (
        "the new passphrase is the same as the current one; nothing was changed"
    ),
    "passphrase.changed_meanwhile": (
        "the device's keys were changed by another window or command meanwhile; nothing was "
        "changed. Try again"
    ),
    # -- restoring an encrypted backup (fieldapp/store/backup_encrypted.py) ----------------
    "restore.backup_needs_passphrase": (
        "{path} is encrypted under another passphrase than the database's (a backup made "
        "before the passphrase was changed, or of another database): give the backup's "
        "passphrase (command line: set FIELDAPP_BACKUP_PASSPHRASE, or type it when asked); "
        "nothing was changed"
    ),
    "restore.encrypt_first": (
        "{path} is encrypted and the database {db} is not: encrypt the database first "
        "(`fieldapp encrypt`), then restore the backup; nothing was changed"
    ),
    # -- hostile bundles (issue 14: fieldapp/sync/bundle) ------------------------------------
    "bundle.manifest_too_deep": "{file}: the manifest nests deeper than {limit} levels; refused",
    "revision.data_too_deep": "the data nests deeper than {limit} levels",
    "revision.time_out_of_bounds": "{value} is not a time between {earliest} and {latest}",
    "bundle.special_entry": (
        "{file} is refused: the entry {value} is not a plain file (a device, pipe or socket)"
    ),
    "bundle.data_wrong_type": (
        "revisions.csv line {line} (record {id}): {column} is {value}, not {wanted} as "
        "fieldapp stores it (counts are whole numbers, coordinates decimal numbers); "
        "refused"
    ),
    "bundle.row_not_current": (
        "{entry} line {line}: record {id} is shown at revision {revision}, but its "
        "revisions make {wanted} current; refused"
    ),
    "bundle.row_of_deleted": (
        "{entry} line {line}: record {id} is shown, but its revisions delete it; refused"
    ),
    "bundle.row_missing": (
        "{entry} has no row for record {id}, which its revisions leave current "
        "(revision {revision}); refused"
    ),
    "cli.passphrase_closed": "no passphrase was typed (the input ended); nothing was changed",
    "cli.passphrase_not_text": (
        "the passphrase is not valid text (its bytes are not UTF-8: check {name} or the "
        "terminal's encoding); nothing was changed"
    ),
    # -- a full disk (issue 14: fieldapp/diskfull.py) -----------------------------------------
    "file.disk_full": (
        "there is no room on the disk holding {path} (the disk is full, or the file is larger "
        "than it allows); free some space there or choose another place, and try again. "
        "Nothing was written"
    ),
    "file.temp_disk_full": (
        "there is no room in the temporary folder {path} (its disk is full); free some space "
        "on that disk, or set TMPDIR to a folder on a disk with room, and try again. Nothing "
        "was written"
    ),
    "file.output_disk_full": (
        "there is no room on the disk holding {path}, where the output goes: it is "
        "incomplete; free some space there or write it to another place, and run the "
        "command again"
    ),
    # -- imports (issue 15: fieldapp/ops/imports.py, fieldapp/interchange/readers.py) ------
    "import.no_file": (
        "{path} does not exist or is not a file; choose the CSV or XLSX file to import"
    ),
    "import.unknown_format": (
        "{path} is not a file fieldapp can import: give a CSV (.csv, .tsv, .txt) or an "
        "XLSX workbook (.xlsx)"
    ),
    "import.too_big": (
        "{path} would be {size} bytes to read; an import may be at most {limit} bytes (as"
        " a bundle). Split it into smaller files"
    ),
    "import.too_many_rows": (
        "{path} has more than {limit} rows; split it into smaller files and import each"
    ),
    "import.too_many_columns": (
        "{path} has a row of {number} columns; at most {limit} can be imported"
    ),
    "import.cell_too_long": (
        "{path} row {line}: a cell of {number} characters; a cell may hold at most {limit}"
    ),
    "import.unknown_encoding": (
        "{path} is not in a text encoding fieldapp can read with certainty (UTF-8, "
        'UTF-16, Arabic Windows); save it as UTF-8 ("CSV UTF-8" in Excel, "Unicode '
        '(UTF-8)" in LibreOffice) and import it again. Nothing was imported'
    ),
    "import.csv_is_binary": (
        "{path} is named like a CSV file but does not hold text; open it in the program "
        "that made it and save it as CSV or XLSX. Nothing was imported"
    ),
    "import.csv_is_zip": (
        "{path} is named like a CSV file but is a zip archive (perhaps an XLSX workbook);"
        " rename it to .xlsx or save it as CSV. Nothing was imported"
    ),
    "import.csv_unreadable": ("{path} cannot be read as CSV: {text}. Nothing was imported"),
    "import.not_xlsx": (
        "{path} is named like an XLSX workbook but is not one that can be read; open it "
        "in a spreadsheet and save it as .xlsx or .csv. Nothing was imported"
    ),
    "import.zip_bomb": (
        "{path}: {entry} would unpack to {size} bytes, far more than a spreadsheet holds;"
        " refused. Nothing was imported"
    ),
    "import.empty": ("{path} has no rows to import"),
    "import.no_sheet": ("{path} has no sheet named {name}; its sheets: {text}"),
    "import.no_mapping": ("there is no saved mapping named {name}; saved mappings: {text}"),
    "import.bad_kind": ("{value} is not a kind of record; choose incident or displacement"),
    "import.unknown_field": ("{value} is not a field of a {kind}; choose one of: {allowed}"),
    "import.unknown_column": ("the file has no column {value}; its columns: {text}"),
    "import.bad_map": ('{value} is not COLUMN=FIELD, e.g. --map "Date of event=event_date"'),
    "import.bad_mode": ("{value} is not an import mode; choose one of: {allowed}"),
    "import.invalid_rows": (
        "{count} rows of {path} are invalid, so nothing was imported (import the valid "
        "rows only, or correct the file): {text}"
    ),
    "import.nothing_mapped": (
        "no column of {path} is mapped to a field; map columns with --map COLUMN=FIELD or"
        " a saved --mapping"
    ),
    "import.rejected_needs_file": (
        "--valid-only needs --rejected FILE: where the rejected rows are written, to be "
        "corrected and imported again"
    ),
    # -- the age identity, exported for the `age` tool (fieldapp/ops/age_identity.py) ------
    "age_identity.no_sealing_key": (
        "this device has no sealing key yet, so there is no age identity to export. Create "
        "it first (`fieldapp keys show`, or Create sealing key… in the Devices view)"
    ),
    "age_identity.file_exists": (
        "{path} exists already; nothing was written. Choose another name, or add --force "
        "to replace it"
    ),
    # -- exports (issue 15: fieldapp/ops/exports.py) ---------------------------------------
    "export.unknown_format": "{value} is not an export format; choose one of {allowed}",
    "export.hxl_xlsx_only": (
        "--hxl adds the HXL hashtag row to an XLSX export; for CSV choose --format hxl"
    ),
    "export.acled_incidents_only": (
        "ACLED's format holds incidents only: export displacement reports as xlsx, csv, "
        "hxl, geojson or gpkg"
    ),
    "import.cannot_read": (
        "{path} cannot be read ({text}); check that you may read it and that no other "
        "program holds it locked, then try again. Nothing was imported"
    ),
    "import.worker_failed": (
        "the second process checking the rows of {path} stopped ({text}); nothing was "
        "imported. Try again; if it happens again, import the file in smaller parts"
    ),
    "import.row_problem": "{column}: {reason}",
    **PLACE_MESSAGES,  # fieldapp/catalogue_places.py, in this place
}

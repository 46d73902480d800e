"""The second part of fieldapp/ui/message_catalogue.py's list (a module stays under 600
lines): the templates of fieldapp.messages.CATALOGUE from "-- exporting and sealing" to its
end, in its order, for pyside6-lupdate. message_catalogue.MESSAGES is the first part
followed by this one; a new template at the end of the catalogue goes at the end here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

MESSAGES = (
    # export.no_records
    QT_TRANSLATE_NOOP("messages", "this database has no records yet; nothing to export"),
    QT_TRANSLATE_NOOP(  # export.nothing_changed
        "messages",
        "nothing changed since the last bundle; nothing was written (use --full to export "
        "everything again)",
    ),
    QT_TRANSLATE_NOOP(  # seal.not_to_this_device
        "messages",
        "{file} is sealed, but not to this device's key, or it is damaged ({text}). Check "
        "that the sender sealed it to the recipient `fieldapp keys show` prints here",
    ),
    QT_TRANSLATE_NOOP(  # seal.no_sealing_key
        "messages",
        "this bundle is sealed, but this database has no sealing key, so it was not sealed "
        "to it. Ask the sender which recipient they used; yours is printed by `fieldapp keys "
        "show`",
    ),
    QT_TRANSLATE_NOOP(  # seal.not_a_recipient
        "messages",
        "{value} is not an age recipient; ask the coordinator for the line starting with "
        "age1 that `fieldapp keys show` prints on their computer",
    ),
    QT_TRANSLATE_NOOP(  # export.unsigned_revisions
        "messages",
        "{count} revisions to export carry no signature of their author (the first: "
        "device {name} {id}), and only their author can sign them. Ask that device for "
        "a new full bundle (merging it adds the signatures), then export again",
    ),
    QT_TRANSLATE_NOOP(  # device.not_initialised
        "messages",
        "this database has no device identity yet; run `fieldapp init --name NAME --org "
        "ORGANISATION` first",
    ),
    QT_TRANSLATE_NOOP(  # device.already_initialised
        "messages",
        "this database already has a device identity; use another --db for a new one",
    ),
    # device.fingerprint_too_short
    QT_TRANSLATE_NOOP("messages", "give at least 8 characters of the fingerprint"),
    QT_TRANSLATE_NOOP("messages", "no known device with fingerprint {text}"),  # device.unknown
    # device.ambiguous
    QT_TRANSLATE_NOOP("messages", "{text} matches several devices; give more of the fingerprint"),
    # device.own_key
    QT_TRANSLATE_NOOP("messages", "this is this database's own key; it cannot be untrusted"),
    # database.missing
    QT_TRANSLATE_NOOP("messages", "no database at {path}; run `fieldapp init` first"),
    QT_TRANSLATE_NOOP("messages", "{path} is a folder, not a database file"),  # database.is_folder
    QT_TRANSLATE_NOOP(  # database.cannot_open
        "messages",
        "cannot open {path} ({text}); check the path and its permissions",
    ),
    QT_TRANSLATE_NOOP(  # database.not_fieldapp
        "messages",
        "{path} is not a fieldapp database ({text}); choose another file",
    ),
    QT_TRANSLATE_NOOP(  # database.busy
        "messages",
        "{path} is busy: another fieldapp (or another program) is writing to it. Close it "
        "and try again; nothing was written",
    ),
    QT_TRANSLATE_NOOP(  # database.disk_full
        "messages",
        "the disk holding {path} is full; free some space and try again. Nothing was written",
    ),
    QT_TRANSLATE_NOOP(  # database.read_only
        "messages",
        "{path} is read-only; copy it somewhere writable or fix permissions",
    ),
    QT_TRANSLATE_NOOP(  # demo.database_not_empty
        "messages",
        "the demo data goes only into an empty database; use --db with a new file",
    ),
    # install.folder_missing
    QT_TRANSLATE_NOOP("messages", "fieldapp's {text} folder is missing; reinstall fieldapp"),
    # migrate.not_numbered
    QT_TRANSLATE_NOOP("messages", "migrations in {path} are not numbered 1..n: {text}"),
    QT_TRANSLATE_NOOP(  # migrate.newer_schema
        "messages",
        "{path} uses schema version {version}, but this fieldapp only knows up to {supported}; "
        "it was written by a newer fieldapp. Install the newer version, or open another "
        "database. The file was not changed.",
    ),
    QT_TRANSLATE_NOOP(  # migrate.newer_schema_here
        "messages",
        "this database uses schema version {version}, but this fieldapp only knows up to "
        "{supported}; it was written by a newer fieldapp. Install the newer version, or open "
        "another database. The file was not changed.",
    ),
    QT_TRANSLATE_NOOP(  # migrate.other_program
        "messages",
        "{path} is an SQLite database made by another program, not by fieldapp; choose another "
        "file (it was not changed)",
    ),
    QT_TRANSLATE_NOOP(  # migrate.other_program_here
        "messages",
        "this database is an SQLite database made by another program, not by fieldapp; choose "
        "another file (it was not changed)",
    ),
    # migrate.incomplete_statement
    QT_TRANSLATE_NOOP("messages", "{file} ends with an incomplete statement; nothing was migrated"),
    QT_TRANSLATE_NOOP(  # migrate.failed
        "messages",
        "migration {file} failed ({text}); it was rolled back and the database is as it was "
        "before it",
    ),
    QT_TRANSLATE_NOOP(  # migrate.failed_backup
        "messages",
        "migration {file} failed ({text}); it was rolled back and the database is as it was "
        "before it; a backup is at {path}",
    ),
    QT_TRANSLATE_NOOP("messages", "no record with id {id}"),  # record.not_found
    QT_TRANSLATE_NOOP("messages", "no revision with id {id}"),  # record.no_revision
    # record.id_too_short
    QT_TRANSLATE_NOOP("messages", "{value} is too short to identify a record; give 6+ characters"),
    # record.id_ambiguous
    QT_TRANSLATE_NOOP("messages", "{value} matches several records; give more of the id"),
    # record.deleted_cannot_edit
    QT_TRANSLATE_NOOP("messages", "record {id} was deleted; it cannot be edited"),
    QT_TRANSLATE_NOOP("messages", "record {id} is already deleted"),  # record.already_deleted
    QT_TRANSLATE_NOOP(  # record.deleted_and_changed
        "messages",
        "record {id} was deleted on one device and changed on another; resolve that conflict "
        "first (see `fieldapp conflicts`), then edit",
    ),
    # record.not_a_field_of_kind
    QT_TRANSLATE_NOOP("messages", "{field} is not a field of a {kind} record"),
    QT_TRANSLATE_NOOP(  # revision.forged
        "messages",
        "revision {revision} of record {id} is linked to another record's history; the data is "
        "inconsistent and nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # revision.kind_mismatch
        "messages",
        "revision {revision} says record {id} is a {kind}, but it is a {other}; the data is "
        "inconsistent and was not merged",
    ),
    QT_TRANSLATE_NOOP(  # record.no_current_revision
        "messages",
        "record {id} has no current revision; the data is inconsistent and nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # restore.revision_too_short
        "messages",
        "{value} is too short to identify a revision; give 6+ characters",
    ),
    # restore.no_such_revision
    QT_TRANSLATE_NOOP("messages", "record {id} has no revision {revision}"),
    # restore.revision_ambiguous
    QT_TRANSLATE_NOOP("messages", "{value} matches several revisions; give more of the id"),
    QT_TRANSLATE_NOOP(  # restore.revision_is_deletion
        "messages",
        "revision {revision} is a deletion; choose a revision that holds values",
    ),
    QT_TRANSLATE_NOOP(  # restore.not_deleted
        "messages",
        "record {id} is not deleted; to go back to an older version give its revision "
        "(--revision, see `fieldapp history`)",
    ),
    QT_TRANSLATE_NOOP(  # restore.nothing_earlier
        "messages",
        "record {id} has no earlier version to restore (only its deletion arrived here)",
    ),
    QT_TRANSLATE_NOOP("messages", "record {id} has no conflict"),  # conflict.none
    # conflict.nothing_to_resolve
    QT_TRANSLATE_NOOP("messages", "record {id} has no conflict to resolve"),
    # conflict.no_single_head
    QT_TRANSLATE_NOOP("messages", "--take {value} matches no single head; use one of {allowed}"),
    # conflict.say_which
    QT_TRANSLATE_NOOP("messages", "say which version to keep: --take REV, or --pick FIELD=REV"),
    # conflict.no_single_version
    QT_TRANSLATE_NOOP("messages", "{value} matches no single version; use one of {allowed}"),
    QT_TRANSLATE_NOOP(  # conflict.version_is_deletion
        "messages",
        "version {revision} is a deletion; keep it whole with --take instead",
    ),
    # duplicates.bad_distance
    QT_TRANSLATE_NOOP("messages", "--km must be above 0 and --days 0 or more"),
    QT_TRANSLATE_NOOP("messages", "give two different records"),  # duplicates.same_record
    # duplicates.kinds_differ
    QT_TRANSLATE_NOOP("messages", "a possible duplicate pairs two records of the same kind"),
    # duplicates.merge_kinds_differ
    QT_TRANSLATE_NOOP("messages", "only records of the same kind can be merged"),
    QT_TRANSLATE_NOOP("messages", "the relation is one of {allowed}"),  # duplicates.relation
    # duplicates.relation_or_none
    QT_TRANSLATE_NOOP("messages", "the relation is one of {allowed} or none"),
    QT_TRANSLATE_NOOP(  # duplicates.conflict_first
        "messages",
        "record {id} has a conflict; resolve it first (`fieldapp conflicts`)",
    ),
    # duplicates.both_must_exist
    QT_TRANSLATE_NOOP("messages", "both records must exist (one of them is deleted)"),
    # backup.no_database
    QT_TRANSLATE_NOOP("messages", "no database at {path}; nothing to back up"),
    QT_TRANSLATE_NOOP("messages", "no file at {path}; nothing was changed"),  # backup.no_file
    # backup.source_is_folder
    QT_TRANSLATE_NOOP("messages", "{path} is a folder, not a database file; nothing was changed"),
    # backup.not_fieldapp
    QT_TRANSLATE_NOOP("messages", "{path} is not a fieldapp database; nothing was changed"),
    QT_TRANSLATE_NOOP(  # backup.not_fieldapp_because
        "messages",
        "{path} is not a fieldapp database ({text}); nothing was changed",
    ),
    QT_TRANSLATE_NOOP("messages", "{path} is damaged ({text}); not used"),  # backup.damaged
    QT_TRANSLATE_NOOP(  # backup.is_the_database
        "messages",
        "{path} is the database itself; choose another file for the backup",
    ),
    # backup.out_is_folder
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; give the backup a file name"),
    QT_TRANSLATE_NOOP(  # backup.exists
        "messages",
        "{path} already exists; choose another name (nothing was written)",
    ),
    # backup.cannot_write
    QT_TRANSLATE_NOOP("messages", "cannot write the backup {path} ({text}); nothing was written"),
    QT_TRANSLATE_NOOP(  # backup.cannot_keep_copy
        "messages",
        "cannot keep a copy of {path} before restoring ({text}); nothing was replaced",
    ),
    QT_TRANSLATE_NOOP(  # backup.database_in_use
        "messages",
        "{path} is in use by another fieldapp window or program that is writing to it; close "
        "it and try again. Nothing was replaced",
    ),
    # backup.is_the_open_database
    QT_TRANSLATE_NOOP("messages", "{path} is the open database itself; choose a backup file"),
    # backup.cannot_replace
    QT_TRANSLATE_NOOP("messages", "cannot write {path} ({text}); it was not changed"),
    # cli.passphrase_no_terminal
    QT_TRANSLATE_NOOP("messages", "a passphrase is needed: run this in a terminal, or set {name}"),
    # cli.passphrases_differ
    QT_TRANSLATE_NOOP("messages", "the two passphrases differ; nothing was created. Try again"),
    # cli.name_org_no_terminal
    QT_TRANSLATE_NOOP("messages", "give --name and --org (no terminal to ask on)"),
    # cli.nothing_to_change
    QT_TRANSLATE_NOOP("messages", "nothing to change: give at least one --FIELD VALUE"),
    QT_TRANSLATE_NOOP("messages", "--sort: {text}; use one of {allowed}"),  # cli.bad_sort
    QT_TRANSLATE_NOOP("messages", "must be 0 or more"),  # cli.not_zero_or_more
    # cli.clear_not_incident_field
    QT_TRANSLATE_NOOP("messages", "{value} is not a field of an incident record"),
    # cli.clear_not_displacement_field
    QT_TRANSLATE_NOOP("messages", "{value} is not a field of a displacement record"),
    # cli.record_deleted
    QT_TRANSLATE_NOOP("messages", "record {id} is deleted; see `fieldapp history`"),
    QT_TRANSLATE_NOOP(  # cli.database_taken
        "messages",
        "{path} already belongs to {name} ({organisation}); use --db for another database",
    ),
    # cli.bad_pick
    QT_TRANSLATE_NOOP("messages", "--pick {value}: write FIELD=REV, e.g. --pick killed=3f2a9c"),
    # cli.take_not_a_field
    QT_TRANSLATE_NOOP("messages", "--take {field}: not a field of a {kind} record"),
    # ui.quit_after_not_a_number
    QT_TRANSLATE_NOOP("messages", "{name} must be a number of milliseconds, not {value}"),
    # ui.unknown_language
    QT_TRANSLATE_NOOP("messages", "unknown interface language {value}; use one of {allowed}"),
    QT_TRANSLATE_NOOP(  # ui.catalogue_missing
        "messages",
        "the {language} catalogue {path} is missing; reinstall fieldapp or run `make translations`",
    ),
    QT_TRANSLATE_NOOP(  # cipher.not_encrypted
        "messages",
        "{path} is not encrypted; convert it with `fieldapp encrypt` (nothing was changed)",
    ),
    QT_TRANSLATE_NOOP(  # cipher.truncated
        "messages",
        "{path} is damaged or truncated ({size} bytes is not a whole number of {limit}-byte "
        "pages); nothing was changed. Restore a backup",
    ),
    QT_TRANSLATE_NOOP(  # cipher.wrong_passphrase
        "messages",
        "the passphrase does not open {path}: it is wrong (it is case-sensitive) or the file is "
        "damaged; nothing was changed. Try again, or restore a backup if you are sure of the "
        "passphrase",
    ),
    QT_TRANSLATE_NOOP(  # cipher.not_plain
        "messages",
        "{path} is not a plain SQLite database; nothing was written",
    ),
    QT_TRANSLATE_NOOP(  # cipher.salt_changed
        "messages",
        "{path}: SQLCipher changed the salt during a rekey",
    ),
    QT_TRANSLATE_NOOP(  # cipher.in_use
        "messages",
        "{path} is in use by another fieldapp window or command; close it and convert again "
        "(nothing was changed)",
    ),
    QT_TRANSLATE_NOOP(  # cipher.copy_differs
        "messages",
        "the encrypted copy of {path} does not hold the same data ({count} revisions, not "
        "{expected}); nothing was changed",
    ),
    QT_TRANSLATE_NOOP(  # database.needs_passphrase
        "messages",
        "{path} is encrypted: it opens only with its passphrase (set FIELDAPP_PASSPHRASE,"
        " or type it when asked)",
    ),
    QT_TRANSLATE_NOOP(  # passphrase.wrong_current
        "messages",
        "the current passphrase is wrong; nothing was changed. Try again (it is case-sensitive)",
    ),
    QT_TRANSLATE_NOOP(  # passphrase.new_differs
        "messages", "the two new passphrases differ; nothing was changed. Try again"
    ),
    QT_TRANSLATE_NOOP(  # passphrase.unchanged
        "messages", "the new passphrase is the same as the current one; nothing was changed"
    ),
    QT_TRANSLATE_NOOP(  # passphrase.changed_meanwhile
        "messages",
        "the device's keys were changed by another window or command meanwhile; nothing was "
        "changed. Try again",
    ),
    QT_TRANSLATE_NOOP(  # restore.backup_needs_passphrase
        "messages",
        "{path} is encrypted under another passphrase than the database's (a backup made "
        "before the passphrase was changed, or of another database): give the backup's "
        "passphrase (command line: set FIELDAPP_BACKUP_PASSPHRASE, or type it when asked); "
        "nothing was changed",
    ),
    QT_TRANSLATE_NOOP(  # restore.encrypt_first
        "messages",
        "{path} is encrypted and the database {db} is not: encrypt the database first "
        "(`fieldapp encrypt`), then restore the backup; nothing was changed",
    ),
    QT_TRANSLATE_NOOP(  # bundle.manifest_too_deep
        "messages",
        "{file}: the manifest nests deeper than {limit} levels; refused",
    ),
    QT_TRANSLATE_NOOP(  # revision.data_too_deep
        "messages",
        "the data nests deeper than {limit} levels",
    ),
    QT_TRANSLATE_NOOP(  # revision.time_out_of_bounds
        "messages",
        "{value} is not a time between {earliest} and {latest}",
    ),
    QT_TRANSLATE_NOOP(  # bundle.special_entry
        "messages",
        "{file} is refused: the entry {value} is not a plain file (a device, pipe or socket)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.data_wrong_type
        "messages",
        "revisions.csv line {line} (record {id}): {column} is {value}, not {wanted} as "
        "fieldapp stores it (counts are whole numbers, coordinates decimal numbers); "
        "refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.row_not_current
        "messages",
        "{entry} line {line}: record {id} is shown at revision {revision}, but its "
        "revisions make {wanted} current; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.row_of_deleted
        "messages",
        "{entry} line {line}: record {id} is shown, but its revisions delete it; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.row_missing
        "messages",
        "{entry} has no row for record {id}, which its revisions leave current "
        "(revision {revision}); refused",
    ),
    QT_TRANSLATE_NOOP(  # cli.passphrase_closed
        "messages", "no passphrase was typed (the input ended); nothing was changed"
    ),
    QT_TRANSLATE_NOOP(  # cli.passphrase_not_text
        "messages",
        "the passphrase is not valid text (its bytes are not UTF-8: check {name} or the "
        "terminal's encoding); nothing was changed",
    ),
    QT_TRANSLATE_NOOP(  # file.disk_full
        "messages",
        "there is no room on the disk holding {path} (the disk is full, or the file is larger "
        "than it allows); free some space there or choose another place, and try again. "
        "Nothing was written",
    ),
    QT_TRANSLATE_NOOP(  # file.temp_disk_full
        "messages",
        "there is no room in the temporary folder {path} (its disk is full); free some space "
        "on that disk, or set TMPDIR to a folder on a disk with room, and try again. Nothing "
        "was written",
    ),
    QT_TRANSLATE_NOOP(  # file.output_disk_full
        "messages",
        "there is no room on the disk holding {path}, where the output goes: it is "
        "incomplete; free some space there or write it to another place, and run the "
        "command again",
    ),
    QT_TRANSLATE_NOOP(  # import.no_file
        "messages",
        "{path} does not exist or is not a file; choose the CSV or XLSX file to import",
    ),
    QT_TRANSLATE_NOOP(  # import.unknown_format
        "messages",
        "{path} is not a file fieldapp can import: give a CSV (.csv, .tsv, .txt) or an "
        "XLSX workbook (.xlsx)",
    ),
    QT_TRANSLATE_NOOP(  # import.too_big
        "messages",
        "{path} would be {size} bytes to read; an import may be at most {limit} bytes (as"
        " a bundle). Split it into smaller files",
    ),
    QT_TRANSLATE_NOOP(  # import.too_many_rows
        "messages",
        "{path} has more than {limit} rows; split it into smaller files and import each",
    ),
    QT_TRANSLATE_NOOP(  # import.too_many_columns
        "messages",
        "{path} has a row of {number} columns; at most {limit} can be imported",
    ),
    QT_TRANSLATE_NOOP(  # import.cell_too_long
        "messages",
        "{path} row {line}: a cell of {number} characters; a cell may hold at most {limit}",
    ),
    QT_TRANSLATE_NOOP(  # import.unknown_encoding
        "messages",
        "{path} is not in a text encoding fieldapp can read with certainty (UTF-8, "
        'UTF-16, Arabic Windows); save it as UTF-8 ("CSV UTF-8" in Excel, "Unicode '
        '(UTF-8)" in LibreOffice) and import it again. Nothing was imported',
    ),
    QT_TRANSLATE_NOOP(  # import.csv_is_binary
        "messages",
        "{path} is named like a CSV file but does not hold text; open it in the program "
        "that made it and save it as CSV or XLSX. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.csv_is_zip
        "messages",
        "{path} is named like a CSV file but is a zip archive (perhaps an XLSX workbook);"
        " rename it to .xlsx or save it as CSV. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.csv_unreadable
        "messages",
        "{path} cannot be read as CSV: {text}. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.not_xlsx
        "messages",
        "{path} is named like an XLSX workbook but is not one that can be read; open it "
        "in a spreadsheet and save it as .xlsx or .csv. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.zip_bomb
        "messages",
        "{path}: {entry} would unpack to {size} bytes, far more than a spreadsheet holds;"
        " refused. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.empty
        "messages",
        "{path} has no rows to import",
    ),
    QT_TRANSLATE_NOOP(  # import.no_sheet
        "messages",
        "{path} has no sheet named {name}; its sheets: {text}",
    ),
    QT_TRANSLATE_NOOP(  # import.no_mapping
        "messages",
        "there is no saved mapping named {name}; saved mappings: {text}",
    ),
    QT_TRANSLATE_NOOP(  # import.bad_kind
        "messages",
        "{value} is not a kind of record; choose incident or displacement",
    ),
    QT_TRANSLATE_NOOP(  # import.unknown_field
        "messages",
        "{value} is not a field of a {kind}; choose one of: {allowed}",
    ),
    QT_TRANSLATE_NOOP(  # import.unknown_column
        "messages",
        "the file has no column {value}; its columns: {text}",
    ),
    QT_TRANSLATE_NOOP(  # import.bad_map
        "messages",
        '{value} is not COLUMN=FIELD, e.g. --map "Date of event=event_date"',
    ),
    QT_TRANSLATE_NOOP(  # import.bad_mode
        "messages",
        "{value} is not an import mode; choose one of: {allowed}",
    ),
    QT_TRANSLATE_NOOP(  # import.invalid_rows
        "messages",
        "{count} rows of {path} are invalid, so nothing was imported (import the valid "
        "rows only, or correct the file): {text}",
    ),
    QT_TRANSLATE_NOOP(  # import.nothing_mapped
        "messages",
        "no column of {path} is mapped to a field; map columns with --map COLUMN=FIELD or"
        " a saved --mapping",
    ),
    QT_TRANSLATE_NOOP(  # import.rejected_needs_file
        "messages",
        "--valid-only needs --rejected FILE: where the rejected rows are written, to be "
        "corrected and imported again",
    ),
    QT_TRANSLATE_NOOP(  # age_identity.no_sealing_key
        "messages",
        "this device has no sealing key yet, so there is no age identity to export. Create "
        "it first (`fieldapp keys show`, or Create sealing key… in the Devices view)",
    ),
    QT_TRANSLATE_NOOP(  # age_identity.file_exists
        "messages",
        "{path} exists already; nothing was written. Choose another name, or add --force "
        "to replace it",
    ),
    QT_TRANSLATE_NOOP(  # export.unknown_format
        "messages",
        "{value} is not an export format; choose one of {allowed}",
    ),
    QT_TRANSLATE_NOOP(  # export.hxl_xlsx_only
        "messages",
        "--hxl adds the HXL hashtag row to an XLSX export; for CSV choose --format hxl",
    ),
    QT_TRANSLATE_NOOP(  # export.acled_incidents_only
        "messages",
        "ACLED's format holds incidents only: export displacement reports as xlsx, csv, "
        "hxl, geojson or gpkg",
    ),
    QT_TRANSLATE_NOOP(  # import.cannot_read
        "messages",
        "{path} cannot be read ({text}); check that you may read it and that no other "
        "program holds it locked, then try again. Nothing was imported",
    ),
    QT_TRANSLATE_NOOP(  # import.worker_failed
        "messages",
        "the second process checking the rows of {path} stopped ({text}); nothing was "
        "imported. Try again; if it happens again, import the file in smaller parts",
    ),
    QT_TRANSLATE_NOOP("messages", "{column}: {reason}"),
)

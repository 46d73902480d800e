"""Every template of fieldapp.messages.CATALOGUE, listed for pyside6-lupdate.

lupdate reads only fieldapp/ui, and only literal strings in QT_TRANSLATE_NOOP calls: this
list repeats the catalogue (the codes are in the comments) so that the Arabic catalogue has
each template under the context "messages". tests/test_error_codes.py keeps it equal to
fieldapp.messages.CATALOGUE, in its order, and prints the line a new message needs. The
list is in two modules (each stays under 600 lines): here up to the bundle checks, then
message_catalogue_part2.py from "-- exporting and sealing" on.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from fieldapp.ui import message_catalogue_part2, message_catalogue_places

# Every template of fieldapp.messages.CATALOGUE, for pyside6-lupdate (which reads only
# fieldapp/ui); tests/test_error_codes.py fails when the two differ. A placeholder's name
# says how its value is shown: see _show_value and fieldapp/messages.py.
_FIRST = (
    QT_TRANSLATE_NOOP("messages", "is required"),  # field.required
    # date.not_a_date
    QT_TRANSLATE_NOOP("messages", "{value} is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a real calendar date"),  # date.not_real
    QT_TRANSLATE_NOOP("messages", "must be a whole number"),  # number.must_be_whole
    QT_TRANSLATE_NOOP("messages", "{value} is not a whole number"),  # number.not_whole
    QT_TRANSLATE_NOOP("messages", "{number} is negative; counts start at 0"),  # number.negative
    QT_TRANSLATE_NOOP(  # number.implausible
        "messages",
        "{number} is not plausible (more than {limit}); check the figure",
    ),
    QT_TRANSLATE_NOOP("messages", "must be a number"),  # number.must_be_number
    QT_TRANSLATE_NOOP("messages", "{value} is not a number"),  # number.not_a_number
    QT_TRANSLATE_NOOP("messages", "must be a finite number"),  # number.not_finite
    # text.control_characters
    QT_TRANSLATE_NOOP("messages", "contains control characters; remove them"),
    # text.too_long
    QT_TRANSLATE_NOOP("messages", "is {number} characters long; the limit is {limit}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not one of: {allowed}"),  # choice.not_allowed
    # choice.not_a_sub_event_type
    QT_TRANSLATE_NOOP("messages", "{value} is not a sub-event type; choose one of: {allowed}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a list"),  # list.not_a_list
    QT_TRANSLATE_NOOP("messages", "{value} is not a record id"),  # list.not_a_record_id
    QT_TRANSLATE_NOOP("messages", "is not a field of an incident record"),  # field.unknown_incident
    # field.unknown_displacement
    QT_TRANSLATE_NOOP("messages", "is not a field of a displacement record"),
    # date.in_future
    QT_TRANSLATE_NOOP("messages", "{date} is in the future; use the date it happened"),
    QT_TRANSLATE_NOOP("messages", "{number} is outside -90..90"),  # place.latitude_range
    QT_TRANSLATE_NOOP("messages", "{number} is outside -180..180"),  # place.longitude_range
    # place.half_coordinates
    QT_TRANSLATE_NOOP("messages", "give both latitude and longitude, or neither"),
    # incident.sub_event_mismatch
    QT_TRANSLATE_NOOP("messages", "{sub} is not a kind of {type} (it belongs to {belongs})"),
    # displacement.household_size
    QT_TRANSLATE_NOOP("messages", "{number} is not a plausible household size (0 to {limit})"),
    # displacement.no_count
    QT_TRANSLATE_NOOP("messages", "give the number of individuals or of households"),
    QT_TRANSLATE_NOOP(  # displacement.households_disagree
        "messages",
        "{households} households of {size} make about {people} people, not {individuals}",
    ),
    QT_TRANSLATE_NOOP(  # displacement.above_population
        "messages",
        "{individuals} individuals is more than the population before ({before})",
    ),
    # displacement.end_before_start
    QT_TRANSLATE_NOOP("messages", "{date} is before the report date {start}"),
    # record.unknown_kind
    QT_TRANSLATE_NOOP("messages", "unknown record kind {value}; use one of {allowed}"),
    QT_TRANSLATE_NOOP(  # keys.wrong_passphrase_signing
        "messages",
        "the passphrase is wrong; nothing was signed. Try again (it is case-sensitive)",
    ),
    QT_TRANSLATE_NOOP(  # keys.wrong_passphrase_opening
        "messages",
        "the passphrase is wrong; nothing was opened. Try again (it is case-sensitive)",
    ),
    QT_TRANSLATE_NOOP(  # report.passphrase_needed
        "messages",
        "signing needs the device passphrase (or make a draft with --no-sign)",
    ),
    QT_TRANSLATE_NOOP(  # keys.passphrase_too_short
        "messages",
        "the passphrase must be at least {limit} characters; choose a longer one",
    ),
    QT_TRANSLATE_NOOP(  # keys.key_unknown_format
        "messages",
        "the device key is in an unknown format; this fieldapp is too old",
    ),
    # keys.stored_key_unknown_format
    QT_TRANSLATE_NOOP("messages", "a stored key is in an unknown format; this fieldapp is too old"),
    QT_TRANSLATE_NOOP(  # keys.name_missing
        "messages",
        "give the device a name (your name or the team's), e.g. --name Amal",
    ),
    # keys.organisation_missing
    QT_TRANSLATE_NOOP("messages", "give your organisation, e.g. --org 'Idlib Response Network'"),
    # keys.not_a_certificate
    QT_TRANSLATE_NOOP("messages", "that file is not a PEM certificate exported by fieldapp"),
    # keys.not_ecdsa
    QT_TRANSLATE_NOOP("messages", "the certificate's key is not an ECDSA key; fieldapp uses P-256"),
    QT_TRANSLATE_NOOP("messages", "no certificate file at {path}"),  # keys.no_certificate_file
    QT_TRANSLATE_NOOP(  # keys.certificate_not_this_key
        "messages",
        "this database's certificate does not match its device key; the database is damaged. "
        "Restore it from a backup",
    ),
    QT_TRANSLATE_NOOP("messages", "cancelled; nothing was written"),  # cancelled.nothing_written
    QT_TRANSLATE_NOOP("messages", "cancelled; nothing was saved"),  # cancelled.nothing_saved
    QT_TRANSLATE_NOOP("messages", "cancelled; nothing was merged"),  # cancelled.nothing_merged
    QT_TRANSLATE_NOOP("messages", "cancelled; no report was written"),  # cancelled.no_report
    QT_TRANSLATE_NOOP("messages", "cancelled; no bundle was written"),  # cancelled.no_bundle
    QT_TRANSLATE_NOOP("messages", "export cancelled; no bundle was written"),  # export.cancelled
    QT_TRANSLATE_NOOP("messages", "merge cancelled; nothing was merged"),  # merge.cancelled
    # print.cancelled
    QT_TRANSLATE_NOOP("messages", "printing cancelled; the rest of the job was withdrawn"),
    QT_TRANSLATE_NOOP("messages", "backup cancelled; nothing was written"),  # backup.cancelled
    QT_TRANSLATE_NOOP("messages", "search cancelled"),  # duplicates.search_cancelled
    # print.no_report
    QT_TRANSLATE_NOOP("messages", "there is no report to print; generate one first"),
    QT_TRANSLATE_NOOP(  # print.printer_not_started
        "messages",
        "the printer could not be started; check it is connected and ready",
    ),
    # print.new_page_refused
    QT_TRANSLATE_NOOP("messages", "the printer refused a new page; printing stopped"),
    # file.folder_not_pdf
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name ending in .pdf"),
    # file.is_a_folder
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name such as {text}"),
    # file.folder_missing
    QT_TRANSLATE_NOOP("messages", "the folder {path} does not exist; create it or choose another"),
    QT_TRANSLATE_NOOP("messages", "cannot write {path}: {text}"),  # file.cannot_write
    # file.folder_not_html
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name ending in .html"),
    # file.out_not_pdf
    QT_TRANSLATE_NOOP("messages", "--out {path}: give a file name ending in .pdf"),
    QT_TRANSLATE_NOOP("messages", "cannot read {path}: {text}"),  # pdf.cannot_read
    QT_TRANSLATE_NOOP("messages", "{path} is not a PDF file"),  # pdf.not_a_pdf
    # pdf.unreadable
    QT_TRANSLATE_NOOP("messages", "{path} is not a readable PDF ({text}); it may be damaged"),
    QT_TRANSLATE_NOOP(  # pdf.no_reports_module
        "messages",
        "this fieldapp cannot check PDF reports (the reports module is missing)",
    ),
    # report.in_memory
    QT_TRANSLATE_NOOP("messages", "a report is made from a database file, not one in memory"),
    # report.font_missing
    QT_TRANSLATE_NOOP("messages", "the report font {path} is missing; reinstall fieldapp"),
    # report.unknown_language
    QT_TRANSLATE_NOOP("messages", "unknown report language {value}; use one of {allowed}"),
    # places.index_empty
    QT_TRANSLATE_NOOP("messages", "the place index is empty; reinstall fieldapp"),
    QT_TRANSLATE_NOOP(  # places.index_unreadable
        "messages",
        "the place index {path} cannot be read ({text}); reinstall fieldapp",
    ),
    # places.no_query
    QT_TRANSLATE_NOOP("messages", "give a place name to search for, or --near LAT LON"),
    QT_TRANSLATE_NOOP("messages", "latitude -90..90 and longitude -180..180"),  # places.near_range
    QT_TRANSLATE_NOOP(  # map.no_output
        "messages",
        "say where to write the map: --out FILE.html and/or --png FILE.png",
    ),
    QT_TRANSLATE_NOOP(  # map.tiles_need_png
        "messages",
        "--tiles draws an archive under a --png image; a standalone page cannot carry one",
    ),
    QT_TRANSLATE_NOOP("messages", "{value} is not WIDTHxHEIGHT, e.g. 1200x800"),  # map.size_format
    # map.size_limits
    QT_TRANSLATE_NOOP("messages", "width and height must be between 100 and 8000"),
    # tiles.missing
    QT_TRANSLATE_NOOP("messages", "{path} does not exist; choose an .mbtiles file"),
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; choose an .mbtiles file"),  # tiles.is_folder
    QT_TRANSLATE_NOOP(  # tiles.not_sqlite
        "messages",
        "{file} is not an MBTiles tile archive (it is not an SQLite file); choose a raster "
        ".mbtiles file, e.g. one exported from QGIS or MOBAC",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} cannot be opened ({text})"),  # tiles.cannot_open
    QT_TRANSLATE_NOOP(  # tiles.not_mbtiles
        "messages",
        "{file} is an SQLite file but not an MBTiles archive (no tiles and metadata tables); "
        "choose a raster .mbtiles file",
    ),
    QT_TRANSLATE_NOOP(  # tiles.damaged
        "messages",
        "{file} is damaged or not an MBTiles archive ({text}); choose another file",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} holds no tiles; choose another archive"),  # tiles.empty
    QT_TRANSLATE_NOOP(  # tiles.vector
        "messages",
        "{file} holds vector tiles, which fieldapp cannot draw; use a raster (PNG, JPEG or "
        "WebP) archive",
    ),
    QT_TRANSLATE_NOOP(  # tiles.unknown_format
        "messages",
        "{file} says its tiles are {value}; fieldapp shows PNG, JPEG and WebP tiles",
    ),
    # render.unavailable
    QT_TRANSLATE_NOOP("messages", "the map renderer is not available ({text})"),
    # render.needs_widgets
    QT_TRANSLATE_NOOP("messages", "the map can only be rendered in a widget application"),
    QT_TRANSLATE_NOOP(  # render.main_thread
        "messages",
        "the map can only be drawn on the application's main thread; draw it before starting "
        "the background job and pass the image in",
    ),
    # render.timeout
    QT_TRANSLATE_NOOP("messages", "the map page did not finish ({text}) within {number} s"),
    # render.script_timeout
    QT_TRANSLATE_NOOP("messages", "the map page did not answer a script within {number} s"),
    QT_TRANSLATE_NOOP("messages", "the map has no labels in language {value}"),  # render.no_labels
    # render.size_range
    QT_TRANSLATE_NOOP("messages", "map size {text} is out of range (100..8000 pixels)"),
    QT_TRANSLATE_NOOP("messages", "could not write the map image {path}"),  # render.cannot_write
    QT_TRANSLATE_NOOP(  # render.tiles_not_registered
        "messages",
        "tile archives can only be drawn when the application registered the fieldtiles: scheme "
        "at start-up; render without --tiles",
    ),
    QT_TRANSLATE_NOOP("messages", "the map page failed to load"),  # render.load_failed
    QT_TRANSLATE_NOOP("messages", "no bundle at {path}; check the path"),  # bundle.not_found
    # bundle.sealed_needs_passphrase
    QT_TRANSLATE_NOOP("messages", "{file} is sealed; a passphrase is needed to open it"),
    QT_TRANSLATE_NOOP(  # bundle.sealed_needs_database
        "messages",
        "{file} is sealed (age-encrypted); open it with the database of the device it was "
        "sealed to (--db)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.truncated
        "messages",
        "{file} is not a complete bundle: the zip is truncated or not a zip at all ({text}). "
        "Copy it again from the sender",
    ),
    QT_TRANSLATE_NOOP(  # bundle.zip_needs_newer_reader
        "messages",
        "{file} is not a bundle fieldapp wrote: its zip directory asks for {text}; refused. "
        "Ask the sender to export it again",
    ),
    # bundle.entry_missing
    QT_TRANSLATE_NOOP("messages", "{file} is not a complete bundle: {entry} is missing"),
    QT_TRANSLATE_NOOP(  # bundle.entry_count
        "messages",
        "{file} holds {count} entries; a bundle holds {expected}. Refused",
    ),
    # bundle.entry_without_name
    QT_TRANSLATE_NOOP("messages", "{file} is refused: an entry has no name"),
    QT_TRANSLATE_NOOP(  # bundle.entry_nul
        "messages",
        "{file} is refused: the entry name {value} contains a NUL character",
    ),
    # bundle.absolute_path
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is an absolute path"),
    QT_TRANSLATE_NOOP(  # bundle.backslash
        "messages",
        "{file} is refused: the entry {value} contains a backslash (a Windows path)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.outside
        "messages",
        "{file} is refused: the entry {value} points outside the bundle (..)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.in_folder
        "messages",
        "{file} is refused: the entry {value} is inside a folder; bundles hold plain files only",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is a link"),  # bundle.link
    # bundle.folder
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is a folder"),
    # bundle.encrypted
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is encrypted"),
    # bundle.compression
    QT_TRANSLATE_NOOP("messages", "{file} is refused: {value} uses an unsupported compression"),
    # bundle.twice
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} appears more than once"),
    QT_TRANSLATE_NOOP(  # bundle.unexpected_file
        "messages",
        "{file} is refused: it holds an unexpected file {value}; a bundle holds only {text}",
    ),
    QT_TRANSLATE_NOOP(  # bundle.entry_size_limit
        "messages",
        "{file} is refused: {entry} would unpack to {size} bytes, more than the {limit} allowed",
    ),
    QT_TRANSLATE_NOOP(  # bundle.total_size_limit
        "messages",
        "{file} is refused: it would unpack to {size} bytes, more than the {limit} allowed",
    ),
    QT_TRANSLATE_NOOP(  # bundle.zip_bomb
        "messages",
        "{file} is refused: {entry} would unpack {ratio} times larger than it is stored (a "
        "zip bomb)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.entry_too_large
        "messages",
        "{entry} unpacks to more than its declared or allowed size; the bundle is refused "
        "(it may be a zip bomb)",
    ),
    QT_TRANSLATE_NOOP(  # bundle.entry_damaged
        "messages",
        "{entry} inside the bundle is damaged ({text}); copy the bundle again from the sender",
    ),
    QT_TRANSLATE_NOOP(  # bundle.entry_unreadable
        "messages",
        "{entry} inside the bundle cannot be read ({text}); copy the bundle again",
    ),
    QT_TRANSLATE_NOOP(  # bundle.altered
        "messages",
        "{file} does not match the signed manifest (its SHA-256 or size differs): the bundle "
        "was altered or damaged after it was signed. Nothing was merged; ask the sender for "
        "a fresh copy",
    ),
    QT_TRANSLATE_NOOP(  # bundle.size_altered
        "messages",
        "{file} does not match the signed manifest (its size differs): the bundle was "
        "altered after it was signed. Nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.bad_signature
        "messages",
        "{file}: the signature does not match the manifest: the manifest was altered, or "
        "signed by another key than the one it names. Nothing was merged; ask the sender for "
        "a fresh bundle",
    ),
    QT_TRANSLATE_NOOP(  # bundle.manifest_not_json
        "messages",
        "{file}: manifest.json is not valid JSON ({text}); the bundle is damaged",
    ),
    # bundle.not_a_bundle
    QT_TRANSLATE_NOOP("messages", "{file} is not a fieldapp bundle (its manifest says otherwise)"),
    QT_TRANSLATE_NOOP(  # bundle.newer_format
        "messages",
        "{file} uses bundle format version {version}, but this fieldapp reads version "
        "{supported}; install a newer fieldapp to merge it",
    ),
    # bundle.unknown_format_version
    QT_TRANSLATE_NOOP("messages", "{file} has an unknown bundle format version {value}; refused"),
    # bundle.no_signer
    QT_TRANSLATE_NOOP("messages", "{file}: the manifest does not say who signed it; refused"),
    # bundle.certificate_unreadable
    QT_TRANSLATE_NOOP("messages", "{file}: the author's certificate is unreadable; refused"),
    QT_TRANSLATE_NOOP(  # bundle.certificate_mismatch
        "messages",
        "{file}: the author's certificate does not match the author's fingerprint; the "
        "manifest was tampered with. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.device_certificate_mismatch
        "messages",
        "{file}: the manifest lists device {id} with a certificate that does not match it; refused",
    ),
    # bundle.manifest_malformed
    QT_TRANSLATE_NOOP("messages", "{file}: the manifest's {text} is missing or malformed; refused"),
    QT_TRANSLATE_NOOP(  # bundle.untrusted_signer
        "messages",
        "{file} is signed by {name} ({organisation}), whose key this database does not "
        "trust. Fingerprint: {fingerprint}. Compare it with the one that device shows "
        "(`fieldapp keys show`), then merge with --trust-new, or register the device first "
        "with `fieldapp keys trust CERTFILE`. Nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.foreign_parent
        "messages",
        "{file}: revision {revision} of record {id} names as its parent a revision of "
        "another record ({text}); refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.kind_clash
        "messages",
        "{file}: record {id} is a {kind} in the bundle but a {other} in this database; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.linked_elsewhere
        "messages",
        "{file}: revision {revision} of record {id} is linked to a revision of another "
        "record ({text}); refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.id_reused
        "messages",
        "{file} reuses the id of another bundle this database already has ({id}) with "
        "different contents; refused. Ask the sender to export again",
    ),
    # bundle.not_utf8
    QT_TRANSLATE_NOOP("messages", "a CSV file in {file} is not UTF-8 text (byte {text}); refused"),
    # bundle.csv_malformed
    QT_TRANSLATE_NOOP("messages", "a CSV file in {file} is malformed ({text}); refused"),
    # bundle.revision_twice
    QT_TRANSLATE_NOOP("messages", "{file}: a revision appears twice in revisions.csv; refused"),
    # bundle.csv_empty
    QT_TRANSLATE_NOOP("messages", "{entry} is empty; it must start with its header row. Refused"),
    QT_TRANSLATE_NOOP(  # bundle.column_missing
        "messages",
        "{entry}: the column {value} is missing; the header must be {text}. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.column_unexpected
        "messages",
        "{entry}: it has an unexpected column {value}; the header must be {text}. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.column_order
        "messages",
        "{entry}: its columns are in the wrong order; the header must be {text}. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.cell_count
        "messages",
        "{entry} line {line}: {count} cells where the header has {expected}; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.data_not_stored_form
        "messages",
        "revisions.csv line {line} (record {id}): the data is not in the form fieldapp "
        "stores (fields missing, extra or not normalised); refused",
    ),
    # bundle.revision_malformed
    QT_TRANSLATE_NOOP("messages", "revisions.csv line {line}: {reason}; refused"),
    # revision.not_grouped
    QT_TRANSLATE_NOOP("messages", "revisions are not grouped by record (record ids must ascend)"),
    # revision.two_kinds
    QT_TRANSLATE_NOOP("messages", "record {id} is both a {kind} and a {other}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a revision id"),  # revision.bad_id
    QT_TRANSLATE_NOOP("messages", "{value} is not a record kind"),  # revision.bad_kind
    # revision.bad_parents
    QT_TRANSLATE_NOOP("messages", "the parents are not sorted, distinct revision ids"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a device fingerprint"),  # revision.bad_device
    QT_TRANSLATE_NOOP("messages", "{value} is not a sequence number"),  # revision.bad_sequence
    QT_TRANSLATE_NOOP("messages", "{value} is not a UTC timestamp"),  # revision.bad_timestamp
    QT_TRANSLATE_NOOP("messages", "{value} is not a real time"),  # revision.not_a_real_time
    QT_TRANSLATE_NOOP("messages", "deleted is {value}, not 0 or 1"),  # revision.bad_deleted
    # revision.deletion_without_parent
    QT_TRANSLATE_NOOP("messages", "a deletion must name the revision it deletes"),
    QT_TRANSLATE_NOOP("messages", "the data is not valid JSON ({text})"),  # revision.data_not_json
    QT_TRANSLATE_NOOP("messages", "the data is not canonical JSON"),  # revision.data_not_canonical
    QT_TRANSLATE_NOOP(  # revision.altered
        "messages",
        "revision {revision} does not match its content (its id is the SHA-256 of its "
        "content): the revision was altered",
    ),
    QT_TRANSLATE_NOOP(  # bundle.rows_out_of_order
        "messages",
        "{entry} line {line}: records are not in id order or one appears twice; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.updated_at_mismatch
        "messages",
        "{entry} line {line}: updated_at {value} is not the time of revision {revision}; refused",
    ),
    # bundle.row_malformed
    QT_TRANSLATE_NOOP("messages", "{entry} line {line}: created_at or device is malformed"),
    QT_TRANSLATE_NOOP(  # bundle.row_without_revision
        "messages",
        "{entry} line {line}: record {id} (revision {revision}) does not match any revision "
        "in revisions.csv; the copy for spreadsheets disagrees with the revisions. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.bad_value
        "messages",
        "{entry} line {line} (record {id}): {column}: {reason}. The bundle was refused; "
        "nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.cell_disagrees
        "messages",
        "{entry} line {line} (record {id}): {column} is {value} but its revision says "
        "{wanted}; the spreadsheet copy disagrees with the revisions. Refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.row_disagrees
        "messages",
        "{entry} line {line}: the row disagrees with its revision; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.revision_count
        "messages",
        "revisions.csv holds {count} revisions but the manifest says {expected}; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.row_count
        "messages",
        "{entry} holds {count} rows but the manifest says {expected}; refused",
    ),
    # bundle.second_part_revisions
    QT_TRANSLATE_NOOP("messages", "revisions.csv does not start its second part where expected"),
    # bundle.second_part_records
    QT_TRANSLATE_NOOP("messages", "a record file does not start its second part where expected"),
    # bundle.worker_no_answer
    QT_TRANSLATE_NOOP("messages", "the verifying process ended without an answer"),
    # bundle.second_part_refused
    QT_TRANSLATE_NOOP("messages", "the second part was not accepted: {text}"),
    # bundle.verified_closed
    QT_TRANSLATE_NOOP("messages", "this verified bundle was already closed; verify it again"),
    QT_TRANSLATE_NOOP(  # bundle.format_unsigned
        "messages",
        "{file} is a bundle of format 1, from a fieldapp that did not sign each "
        "revision: nothing in it proves who wrote the revisions it carries. Ask the "
        "sender to install this fieldapp and export again (their records are safe on "
        "their laptop)",
    ),
    QT_TRANSLATE_NOOP(  # revision.bad_signature_cell
        "messages",
        "the signature cell is not 128 hexadecimal digits ({value})",
    ),
    QT_TRANSLATE_NOOP(  # revision.author_unknown
        "messages",
        "revisions.csv line {line}: revision {revision} names device {id} as its "
        "author, but the bundle carries no certificate of that device; refused",
    ),
    QT_TRANSLATE_NOOP(  # revision.signature_invalid
        "messages",
        "revisions.csv line {line}: revision {revision} says {name} ({id}) wrote it, "
        "but its signature is not that device's: it was changed or forged; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.manifest_schema
        "messages",
        "{file}: the manifest does not follow the bundle manifest schema at {entry}: it "
        "{text}; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_malformed
        "messages",
        "{entry} line {line}: the {text} cell {value} is not valid in a places register; "
        "refused, nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_limit
        "messages",
        "{entry} holds more rows than the {limit} the bundle's register editions declare; "
        "refused, nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_twice
        "messages",
        "{entry} line {line}: {value} appears twice; refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_unknown_edition
        "messages",
        "{entry} line {line}: the unit {value} belongs to no edition of place_editions.csv; "
        "refused",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_count
        "messages",
        "{entry}: register edition {id} holds {count} units where its signed entry says "
        "{expected} (or other levels); refused, nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_edition_altered
        "messages",
        "{entry}: the places register {name} (edition {id}) does not match its content: it "
        "was changed after it was signed. Refused, nothing was merged; ask the sender to "
        "export again",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_signer_unknown
        "messages",
        "{entry}: a register edition was loaded by device {id}, whose certificate the bundle "
        "does not carry; refused, nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # bundle.place_signature_invalid
        "messages",
        "{entry}: the places register edition {id} is not signed by {name}, the device that "
        "loaded it; refused, nothing was merged",
    ),
    QT_TRANSLATE_NOOP(  # merge.places_received
        "messages",
        "places register: {name} ({count} units) received",
    ),
    QT_TRANSLATE_NOOP(  # merge.places_kept
        "messages",
        "places register: {name} ({count} units) not taken: this database holds a newer "
        "edition, {text} ({date})",
    ),
)
# The rest of the catalogue, from "-- exporting and sealing" on: message_catalogue_part2.py,
# then the places templates: message_catalogue_places.py.
MESSAGES = _FIRST + message_catalogue_part2.MESSAGES + message_catalogue_places.MESSAGES

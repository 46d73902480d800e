"""The part of fieldapp's catalogue (fieldapp/catalogue.py) that says why a bundle was
refused: its container, its signed manifest, its rows and authors, the two-process check.
Its own module so that each stays under 600 lines; CATALOGUE holds it in its place.
"""

BUNDLE_REFUSALS: dict[str, str] = {
    # -- bundles refused: the container (fieldapp/sync/bundle/container.py) ----------------
    "bundle.not_found": "no bundle at {path}; check the path",
    "bundle.sealed_needs_passphrase": "{file} is sealed; a passphrase is needed to open it",
    "bundle.sealed_needs_database": (
        "{file} is sealed (age-encrypted); open it with the database of the device it was "
        "sealed to (--db)"
    ),
    "bundle.truncated": (
        "{file} is not a complete bundle: the zip is truncated or not a zip at all ({text}). "
        "Copy it again from the sender"
    ),
    "bundle.zip_needs_newer_reader": (
        "{file} is not a bundle fieldapp wrote: its zip directory asks for {text}; refused. "
        "Ask the sender to export it again"
    ),
    "bundle.entry_missing": "{file} is not a complete bundle: {entry} is missing",
    "bundle.entry_count": "{file} holds {count} entries; a bundle holds {expected}. Refused",
    "bundle.entry_without_name": "{file} is refused: an entry has no name",
    "bundle.entry_nul": "{file} is refused: the entry name {value} contains a NUL character",
    "bundle.absolute_path": "{file} is refused: the entry {value} is an absolute path",
    "bundle.backslash": (
        "{file} is refused: the entry {value} contains a backslash (a Windows path)"
    ),
    "bundle.outside": "{file} is refused: the entry {value} points outside the bundle (..)",
    "bundle.in_folder": (
        "{file} is refused: the entry {value} is inside a folder; bundles hold plain files only"
    ),
    "bundle.link": "{file} is refused: the entry {value} is a link",
    "bundle.folder": "{file} is refused: the entry {value} is a folder",
    "bundle.encrypted": "{file} is refused: the entry {value} is encrypted",
    "bundle.compression": "{file} is refused: {value} uses an unsupported compression",
    "bundle.twice": "{file} is refused: the entry {value} appears more than once",
    "bundle.unexpected_file": (
        "{file} is refused: it holds an unexpected file {value}; a bundle holds only {text}"
    ),
    "bundle.entry_size_limit": (
        "{file} is refused: {entry} would unpack to {size} bytes, more than the {limit} allowed"
    ),
    "bundle.total_size_limit": (
        "{file} is refused: it would unpack to {size} bytes, more than the {limit} allowed"
    ),
    "bundle.zip_bomb": (
        "{file} is refused: {entry} would unpack {ratio} times larger than it is stored "
        "(a zip bomb)"
    ),
    "bundle.entry_too_large": (
        "{entry} unpacks to more than its declared or allowed size; the bundle is refused "
        "(it may be a zip bomb)"
    ),
    "bundle.entry_damaged": (
        "{entry} inside the bundle is damaged ({text}); copy the bundle again from the sender"
    ),
    "bundle.entry_unreadable": (
        "{entry} inside the bundle cannot be read ({text}); copy the bundle again"
    ),
    "bundle.altered": (
        "{file} does not match the signed manifest (its SHA-256 or size differs): the bundle "
        "was altered or damaged after it was signed. Nothing was merged; ask the sender for a "
        "fresh copy"
    ),
    # -- bundles refused: the signed manifest (fieldapp/sync/bundle/manifest.py) -----------
    "bundle.size_altered": (
        "{file} does not match the signed manifest (its size differs): the bundle was altered "
        "after it was signed. Nothing was merged"
    ),
    "bundle.bad_signature": (
        "{file}: the signature does not match the manifest: the manifest was altered, or "
        "signed by another key than the one it names. Nothing was merged; ask the sender for "
        "a fresh bundle"
    ),
    "bundle.manifest_not_json": (
        "{file}: manifest.json is not valid JSON ({text}); the bundle is damaged"
    ),
    "bundle.not_a_bundle": "{file} is not a fieldapp bundle (its manifest says otherwise)",
    "bundle.newer_format": (
        "{file} uses bundle format version {version}, but this fieldapp reads version "
        "{supported}; install a newer fieldapp to merge it"
    ),
    "bundle.unknown_format_version": (
        "{file} has an unknown bundle format version {value}; refused"
    ),
    "bundle.no_signer": "{file}: the manifest does not say who signed it; refused",
    "bundle.certificate_unreadable": "{file}: the author's certificate is unreadable; refused",
    "bundle.certificate_mismatch": (
        "{file}: the author's certificate does not match the author's fingerprint; the "
        "manifest was tampered with. Refused"
    ),
    "bundle.device_certificate_mismatch": (
        "{file}: the manifest lists device {id} with a certificate that does not match it; refused"
    ),
    "bundle.manifest_malformed": "{file}: the manifest's {text} is missing or malformed; refused",
    "bundle.untrusted_signer": (
        "{file} is signed by {name} ({organisation}), whose key this database does not trust. "
        "Fingerprint: {fingerprint}. Compare it with the one that device shows (`fieldapp keys "
        "show`), then merge with --trust-new, or register the device first with `fieldapp keys "
        "trust CERTFILE`. Nothing was merged"
    ),
    "bundle.foreign_parent": (
        "{file}: revision {revision} of record {id} names as its parent a revision of another "
        "record ({text}); refused"
    ),
    "bundle.kind_clash": (
        "{file}: record {id} is a {kind} in the bundle but a {other} in this database; refused"
    ),
    "bundle.linked_elsewhere": (
        "{file}: revision {revision} of record {id} is linked to a revision of another record "
        "({text}); refused"
    ),
    "bundle.id_reused": (
        "{file} reuses the id of another bundle this database already has ({id}) with different "
        "contents; refused. Ask the sender to export again"
    ),
    # -- bundles refused: the rows (fieldapp/sync/bundle/rows.py, check.py) -----------------
    "bundle.not_utf8": "a CSV file in {file} is not UTF-8 text (byte {text}); refused",
    "bundle.csv_malformed": "a CSV file in {file} is malformed ({text}); refused",
    "bundle.revision_twice": "{file}: a revision appears twice in revisions.csv; refused",
    "bundle.csv_empty": "{entry} is empty; it must start with its header row. Refused",
    "bundle.column_missing": (
        "{entry}: the column {value} is missing; the header must be {text}. Refused"
    ),
    "bundle.column_unexpected": (
        "{entry}: it has an unexpected column {value}; the header must be {text}. Refused"
    ),
    "bundle.column_order": (
        "{entry}: its columns are in the wrong order; the header must be {text}. Refused"
    ),
    "bundle.cell_count": (
        "{entry} line {line}: {count} cells where the header has {expected}; refused"
    ),
    # (before bundle.revision_malformed, which the legacy matcher would take for it)
    "bundle.data_not_stored_form": (
        "revisions.csv line {line} (record {id}): the data is not in the form fieldapp stores "
        "(fields missing, extra or not normalised); refused"
    ),
    "bundle.revision_malformed": "revisions.csv line {line}: {reason}; refused",
    # ... its reason (fieldapp/sync/bundle/rows.py; a record id: list.not_a_record_id)
    "revision.not_grouped": "revisions are not grouped by record (record ids must ascend)",
    "revision.two_kinds": "record {id} is both a {kind} and a {other}",
    "revision.bad_id": "{value} is not a revision id",
    "revision.bad_kind": "{value} is not a record kind",
    "revision.bad_parents": "the parents are not sorted, distinct revision ids",
    "revision.bad_device": "{value} is not a device fingerprint",
    "revision.bad_sequence": "{value} is not a sequence number",
    "revision.bad_timestamp": "{value} is not a UTC timestamp",
    "revision.not_a_real_time": "{value} is not a real time",
    "revision.bad_deleted": "deleted is {value}, not 0 or 1",
    "revision.deletion_without_parent": "a deletion must name the revision it deletes",
    "revision.data_not_json": "the data is not valid JSON ({text})",
    "revision.data_not_canonical": "the data is not canonical JSON",
    "revision.altered": (
        "revision {revision} does not match its content (its id is the SHA-256 of its "
        "content): the revision was altered"
    ),
    "bundle.rows_out_of_order": (
        "{entry} line {line}: records are not in id order or one appears twice; refused"
    ),
    "bundle.updated_at_mismatch": (
        "{entry} line {line}: updated_at {value} is not the time of revision {revision}; refused"
    ),
    "bundle.row_malformed": "{entry} line {line}: created_at or device is malformed",
    "bundle.row_without_revision": (
        "{entry} line {line}: record {id} (revision {revision}) does not match any revision "
        "in revisions.csv; the copy for spreadsheets disagrees with the revisions. Refused"
    ),
    "bundle.bad_value": (
        "{entry} line {line} (record {id}): {column}: {reason}. The bundle was refused; "
        "nothing was merged"
    ),
    "bundle.cell_disagrees": (
        "{entry} line {line} (record {id}): {column} is {value} but its revision says "
        "{wanted}; the spreadsheet copy disagrees with the revisions. Refused"
    ),
    "bundle.row_disagrees": "{entry} line {line}: the row disagrees with its revision; refused",
    "bundle.revision_count": (
        "revisions.csv holds {count} revisions but the manifest says {expected}; refused"
    ),
    "bundle.row_count": "{entry} holds {count} rows but the manifest says {expected}; refused",
    # -- the two-process check (fieldapp/sync/bundle/parallel.py, check.py; store/scratch.py) ---
    "bundle.second_part_revisions": "revisions.csv does not start its second part where expected",
    "bundle.second_part_records": "a record file does not start its second part where expected",
    "bundle.worker_no_answer": "the verifying process ended without an answer",
    "bundle.second_part_refused": "the second part was not accepted: {text}",
    "bundle.verified_closed": "this verified bundle was already closed; verify it again",
    # -- authors (fieldapp/sync/bundle/authors.py, manifest.py) ---------------------------
    "bundle.format_unsigned": (
        "{file} is a bundle of format 1, from a fieldapp that did not sign each "
        "revision: nothing in it proves who wrote the revisions it carries. Ask the "
        "sender to install this fieldapp and export again (their records are safe on "
        "their laptop)"
    ),
    "revision.bad_signature_cell": ("the signature cell is not 128 hexadecimal digits ({value})"),
    "revision.author_unknown": (
        "revisions.csv line {line}: revision {revision} names device {id} as its "
        "author, but the bundle carries no certificate of that device; refused"
    ),
    "revision.signature_invalid": (
        "revisions.csv line {line}: revision {revision} says {name} ({id}) wrote it, "
        "but its signature is not that device's: it was changed or forged; refused"
    ),
    # -- the manifest against its JSON Schema (fieldapp/sync/bundle/manifest_schema.py) ---
    "bundle.manifest_schema": (
        "{file}: the manifest does not follow the bundle manifest schema at {entry}: it "
        "{text}; refused"
    ),
    # -- the places register in a bundle (fieldapp/sync/bundle/places.py, sync/merge.py);
    # added by the helper bundle-format-4 (issue 16), for the lead to place and translate
    "bundle.place_malformed": (
        "{entry} line {line}: the {text} cell {value} is not valid in a places register; "
        "refused, nothing was merged"
    ),
    "bundle.place_limit": (
        "{entry} holds more rows than the {limit} the bundle's register editions declare; "
        "refused, nothing was merged"
    ),
    "bundle.place_twice": "{entry} line {line}: {value} appears twice; refused",
    "bundle.place_unknown_edition": (
        "{entry} line {line}: the unit {value} belongs to no edition of place_editions.csv; refused"
    ),
    "bundle.place_count": (
        "{entry}: register edition {id} holds {count} units where its signed entry says "
        "{expected} (or other levels); refused, nothing was merged"
    ),
    "bundle.place_edition_altered": (
        "{entry}: the places register {name} (edition {id}) does not match its content: "
        "it was changed after it was signed. Refused, nothing was merged; ask the sender "
        "to export again"
    ),
    "bundle.place_signer_unknown": (
        "{entry}: a register edition was loaded by device {id}, whose certificate the bundle "
        "does not carry; refused, nothing was merged"
    ),
    "bundle.place_signature_invalid": (
        "{entry}: the places register edition {id} is not signed by {name}, the device that "
        "loaded it; refused, nothing was merged"
    ),
    "merge.places_received": "places register: {name} ({count} units) received",
    "merge.places_kept": (
        "places register: {name} ({count} units) not taken: this database holds a newer "
        "edition, {text} ({date})"
    ),
}

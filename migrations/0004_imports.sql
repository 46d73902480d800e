-- fieldapp schema 4: records imported from analysts' files (CSV, XLSX, HXL, ACLED, Kobo/ODK)
-- keep where they came from, and the column mappings people saved have a name.
--
-- An imported record is an ordinary record (its revisions are this device's, signed, and
-- travel in bundles); this table is local bookkeeping beside it and never travels.

-- One row per imported record. `source_key` is what makes a second import of the same
-- file create nothing: the source's own id when it has one ("acled:" + event_id_cnty,
-- "kobo:" + _uuid, "fieldapp:" + the record id of a fieldapp export), otherwise
-- "row:" + the file's SHA-256 + sheet + row.
CREATE TABLE imported_records (
    source_key TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'displacement')),
    source_id TEXT,                   -- event_id_cnty, _uuid, a fieldapp id; NULL for none
    file_name TEXT NOT NULL,          -- the name only, not the folder
    file_sha256 TEXT NOT NULL,
    sheet TEXT,                       -- the XLSX sheet; NULL for a CSV
    row INTEGER NOT NULL,             -- as a spreadsheet shows it (header = 1)
    imported_at TEXT NOT NULL         -- UTC, ISO 8601
) WITHOUT ROWID;
CREATE INDEX imported_records_record ON imported_records (record_id);
CREATE INDEX imported_records_file ON imported_records (file_sha256);

-- Named column mappings: which column of a file goes to which field.
CREATE TABLE import_mappings (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'displacement')),
    layout TEXT,                      -- acled | kobo | hxl | fieldapp | NULL
    columns TEXT NOT NULL,            -- JSON object: column header -> field name
    saved_at TEXT NOT NULL
);

-- fieldapp schema 1: records, their revisions, the device identity.
-- Each migration runs in one transaction; the runner records it in schema_migrations.

-- This installation's identity: exactly one row, written by `fieldapp init`.
CREATE TABLE device (
    id TEXT PRIMARY KEY,              -- SHA-256 fingerprint of the public key (hex)
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    public_key TEXT NOT NULL,         -- PEM
    certificate TEXT NOT NULL,        -- PEM, self-signed X.509 around the public key
    private_key TEXT NOT NULL,        -- JSON: scrypt parameters + AES-GCM ciphertext, never clear
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
);

-- Every device this database has heard of (its own included): names for the history, and
-- the coordinator's list of trusted signing keys.
CREATE TABLE devices (
    id TEXT PRIMARY KEY,              -- key fingerprint
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    certificate TEXT NOT NULL,        -- PEM
    trusted INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

-- Immutable, content-addressed revisions. n is the local arrival order.
CREATE TABLE revisions (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'displacement')),
    parents TEXT NOT NULL,
    device TEXT NOT NULL,
    seq INTEGER NOT NULL,
    timestamp TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE INDEX revisions_record ON revisions (record_id, timestamp);
CREATE INDEX revisions_device ON revisions (device, seq);

CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;

-- A parent may arrive after its child (bundles merge in any order), so only the child is a
-- foreign key.
CREATE TABLE revision_parents (
    parent TEXT NOT NULL,
    child TEXT NOT NULL REFERENCES revisions (id),
    PRIMARY KEY (parent, child)
) WITHOUT ROWID;

-- The revisions of each record that no other revision descends from. More than one head
-- is a conflict.
CREATE TABLE heads (
    record_id TEXT NOT NULL,
    revision_id TEXT NOT NULL REFERENCES revisions (id),
    PRIMARY KEY (record_id, revision_id)
) WITHOUT ROWID;

-- The current state: the head (or the provisional winner of a conflict) of each record,
-- materialised for fast queries. Deleted records are absent. The (area, date) indexes make
-- a filtered page sorted by date an index walk; n breaks ties (it is in every index).
CREATE TABLE incidents (
    n INTEGER PRIMARY KEY,            -- stable rowid for the full-text index
    id TEXT NOT NULL UNIQUE,
    event_date TEXT NOT NULL,
    time_precision TEXT,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    country TEXT,
    admin1 TEXT COLLATE NOCASE,       -- filters match "idlib" and "Idlib" alike
    admin1_pcode TEXT,
    admin2 TEXT COLLATE NOCASE,
    admin2_pcode TEXT,
    admin3 TEXT,
    admin3_pcode TEXT,
    location TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    killed INTEGER,
    injured INTEGER,
    targets TEXT,
    source TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device TEXT NOT NULL,
    revision TEXT NOT NULL REFERENCES revisions (id)
);
CREATE INDEX incidents_date ON incidents (event_date);
CREATE INDEX incidents_admin1_date ON incidents (admin1, event_date);
CREATE INDEX incidents_admin2_date ON incidents (admin2, event_date);
CREATE INDEX incidents_type_date ON incidents (event_type, event_date);
CREATE INDEX incidents_subtype_date ON incidents (sub_event_type, event_date);
-- Columns the table is sorted by: (column, date) serves ORDER BY column, date, n.
CREATE INDEX incidents_location_date ON incidents (location, event_date);
CREATE INDEX incidents_killed_date ON incidents (killed, event_date);
CREATE INDEX incidents_injured_date ON incidents (injured, event_date);

CREATE TABLE displacements (
    n INTEGER PRIMARY KEY,            -- stable rowid for the full-text index
    id TEXT NOT NULL UNIQUE,
    report_date TEXT NOT NULL,
    period_end TEXT,
    direction TEXT NOT NULL,
    country TEXT,
    admin1 TEXT COLLATE NOCASE,       -- filters match "idlib" and "Idlib" alike
    admin1_pcode TEXT,
    admin2 TEXT COLLATE NOCASE,
    admin2_pcode TEXT,
    admin3 TEXT,
    admin3_pcode TEXT,
    location TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    origin_location TEXT,
    origin_admin1 TEXT,
    destination_location TEXT,
    destination_admin1 TEXT,
    individuals INTEGER,
    households INTEGER,
    household_size REAL,
    population_before INTEGER,
    cause TEXT,
    cause_incidents TEXT,
    source TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device TEXT NOT NULL,
    revision TEXT NOT NULL REFERENCES revisions (id)
);
CREATE INDEX displacements_date ON displacements (report_date);
CREATE INDEX displacements_admin1_date ON displacements (admin1, report_date);
CREATE INDEX displacements_admin2_date ON displacements (admin2, report_date);
CREATE INDEX displacements_direction_date ON displacements (direction, report_date);

-- Full-text search over the words people look for, kept in step by triggers.
CREATE VIRTUAL TABLE incidents_fts USING fts5 (
    location, admin1, admin2, admin3, actor1, actor2, source, notes,
    content = 'incidents', content_rowid = 'n',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_fts (rowid, location, admin1, admin2, admin3, actor1, actor2, source, notes)
    VALUES (new.n, new.location, new.admin1, new.admin2, new.admin3, new.actor1, new.actor2, new.source, new.notes);
END;
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
    INSERT INTO incidents_fts (incidents_fts, rowid, location, admin1, admin2, admin3, actor1, actor2, source, notes)
    VALUES ('delete', old.n, old.location, old.admin1, old.admin2, old.admin3, old.actor1, old.actor2, old.source, old.notes);
END;
CREATE TRIGGER incidents_fts_update AFTER UPDATE ON incidents BEGIN
    INSERT INTO incidents_fts (incidents_fts, rowid, location, admin1, admin2, admin3, actor1, actor2, source, notes)
    VALUES ('delete', old.n, old.location, old.admin1, old.admin2, old.admin3, old.actor1, old.actor2, old.source, old.notes);
    INSERT INTO incidents_fts (rowid, location, admin1, admin2, admin3, actor1, actor2, source, notes)
    VALUES (new.n, new.location, new.admin1, new.admin2, new.admin3, new.actor1, new.actor2, new.source, new.notes);
END;

CREATE VIRTUAL TABLE displacements_fts USING fts5 (
    location, admin1, admin2, admin3, origin_location, destination_location, cause, source, notes,
    content = 'displacements', content_rowid = 'n',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER displacements_fts_insert AFTER INSERT ON displacements BEGIN
    INSERT INTO displacements_fts (rowid, location, admin1, admin2, admin3, origin_location, destination_location, cause, source, notes)
    VALUES (new.n, new.location, new.admin1, new.admin2, new.admin3, new.origin_location, new.destination_location, new.cause, new.source, new.notes);
END;
CREATE TRIGGER displacements_fts_delete AFTER DELETE ON displacements BEGIN
    INSERT INTO displacements_fts (displacements_fts, rowid, location, admin1, admin2, admin3, origin_location, destination_location, cause, source, notes)
    VALUES ('delete', old.n, old.location, old.admin1, old.admin2, old.admin3, old.origin_location, old.destination_location, old.cause, old.source, old.notes);
END;
CREATE TRIGGER displacements_fts_update AFTER UPDATE ON displacements BEGIN
    INSERT INTO displacements_fts (displacements_fts, rowid, location, admin1, admin2, admin3, origin_location, destination_location, cause, source, notes)
    VALUES ('delete', old.n, old.location, old.admin1, old.admin2, old.admin3, old.origin_location, old.destination_location, old.cause, old.source, old.notes);
    INSERT INTO displacements_fts (rowid, location, admin1, admin2, admin3, origin_location, destination_location, cause, source, notes)
    VALUES (new.n, new.location, new.admin1, new.admin2, new.admin3, new.origin_location, new.destination_location, new.cause, new.source, new.notes);
END;

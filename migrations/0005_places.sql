-- fieldapp schema 5: the places register (issue 16). Records join other datasets by
-- OCHA P-code, so the administrative units (levels 1-4, and camps/sites as level 5) are
-- kept here with their names in English and Arabic and their other spellings, and every
-- record's place is checked against them (fieldapp/domain/places.py).

-- Which register a unit came from: the governorates fieldapp ships, or a COD-AB edition a
-- coordinator loaded (and signed, so a field worker who receives it in a bundle knows who
-- loaded it). Every edition ever loaded stays listed; `replaced_at` says when a later one
-- took its units' place.
CREATE TABLE place_editions (
    id TEXT PRIMARY KEY,              -- SHA-256 (hex) of the edition's canonical content
    source TEXT NOT NULL,             -- builtin | cod-ab | sites
    title TEXT NOT NULL,              -- what a person reads: "Syria COD-AB (syr_adm_...)"
    valid_on TEXT,                    -- the edition's own date (COD-AB validOn), ISO 8601
    loaded_at TEXT NOT NULL,          -- UTC, when it was loaded on the device that loaded it
    device TEXT NOT NULL,             -- the device that loaded it (and signs it)
    levels TEXT NOT NULL,             -- JSON list of the levels it holds, e.g. [1, 2, 3, 4]
    units INTEGER NOT NULL,
    signature BLOB,                   -- ECDSA P-256 over the id, as revisions are signed
    received_at TEXT,                 -- when it arrived here in a bundle (NULL: loaded here)
    replaced_at TEXT                  -- when a later edition took over its levels
);

CREATE TABLE places (
    pcode TEXT PRIMARY KEY,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent TEXT,                      -- the P-code of the unit one level up
    name TEXT NOT NULL,               -- English, as OCHA writes it
    name_ar TEXT,
    alternates TEXT NOT NULL DEFAULT '[]',  -- JSON list of other spellings
    country TEXT,
    latitude REAL,
    longitude REAL,
    boundary TEXT,                    -- GeoJSON geometry, EPSG:4326
    edition TEXT NOT NULL REFERENCES place_editions (id)
) WITHOUT ROWID;
CREATE INDEX places_parent ON places (parent);
CREATE INDEX places_edition ON places (edition);

-- The places of displacement: where people came from and went to, with the same fields and
-- codes as a record's own place; and the code of the location itself (an admin-4 community
-- or a camp/site), on both kinds.
ALTER TABLE incidents ADD COLUMN location_pcode TEXT;
ALTER TABLE displacements ADD COLUMN location_pcode TEXT;
ALTER TABLE displacements ADD COLUMN origin_location_pcode TEXT;
ALTER TABLE displacements ADD COLUMN origin_admin1_pcode TEXT;
ALTER TABLE displacements ADD COLUMN origin_admin2 TEXT;
ALTER TABLE displacements ADD COLUMN origin_admin2_pcode TEXT;
ALTER TABLE displacements ADD COLUMN origin_admin3 TEXT;
ALTER TABLE displacements ADD COLUMN origin_admin3_pcode TEXT;
ALTER TABLE displacements ADD COLUMN destination_location_pcode TEXT;
ALTER TABLE displacements ADD COLUMN destination_admin1_pcode TEXT;
ALTER TABLE displacements ADD COLUMN destination_admin2 TEXT;
ALTER TABLE displacements ADD COLUMN destination_admin2_pcode TEXT;
ALTER TABLE displacements ADD COLUMN destination_admin3 TEXT;
ALTER TABLE displacements ADD COLUMN destination_admin3_pcode TEXT;

-- Filters by code (`--admin1 SY07`) walk these as the name filters walk (admin1, date).
CREATE INDEX incidents_admin1_pcode_date ON incidents (admin1_pcode, event_date);
CREATE INDEX incidents_admin2_pcode_date ON incidents (admin2_pcode, event_date);
CREATE INDEX displacements_admin1_pcode_date ON displacements (admin1_pcode, report_date);
CREATE INDEX displacements_admin2_pcode_date ON displacements (admin2_pcode, report_date);

-- The records written before the register: their places are completed once, by fieldapp
-- on the first open of this schema (fieldapp/store/places.py, `backfill`), in Python,
-- where the spellings are folded. Until then this marks the work as owed.
INSERT INTO settings (key, value) VALUES ('places_backfill', 'pending')
    ON CONFLICT (key) DO UPDATE SET value = 'pending';

-- fieldapp schema 2: signed bundles (what this database sent and received), the age key
-- that opens bundles sealed to this device, trust dates, and duplicate decisions.

-- This device's bundle sequence number (one per export, so a coordinator sees gaps) and
-- its age X25519 key pair for sealed bundles: the recipient (public, "age1...") in the
-- clear, the identity encrypted like the signing key (scrypt + AES-256-GCM), never clear.
-- Both are created on first use, because creating them needs the passphrase.
ALTER TABLE device ADD COLUMN bundle_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device ADD COLUMN age_recipient TEXT;
ALTER TABLE device ADD COLUMN age_identity TEXT;

-- When a device key was trusted (NULL: never, or before schema 2).
ALTER TABLE devices ADD COLUMN trusted_at TEXT;

-- Every bundle exported from or merged into this database. A received bundle is recorded
-- once (the same bundle merged again changes nothing); (device, seq) shows which of a
-- device's bundles arrived and which are missing.
CREATE TABLE bundles (
    id TEXT PRIMARY KEY,              -- the bundle id in its manifest (UUID)
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    device TEXT NOT NULL,             -- fingerprint of the signing device
    seq INTEGER NOT NULL,             -- that device's bundle sequence number
    created_at TEXT NOT NULL,         -- when the bundle was written (author's clock)
    processed_at TEXT NOT NULL,       -- when it was exported or merged here
    full INTEGER NOT NULL DEFAULT 0,  -- 1: every revision; 0: changes since the last export
    revisions INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,    -- SHA-256 of the signed manifest bytes
    summary TEXT                      -- JSON: what merging it did (received bundles)
);
CREATE INDEX bundles_device_seq ON bundles (device, seq);

-- A coordinator's decisions about possible duplicates: two records are different events
-- ('distinct': never flag them again), the same event kept as two records ('same'), or
-- merged into one ('merged': `kept` survives, the other is deleted and points to it).
-- Local to this database: merges travel as revisions, these decisions do not.
CREATE TABLE duplicate_links (
    a TEXT NOT NULL,                  -- record ids, a < b
    b TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('distinct', 'same', 'merged')),
    kept TEXT,                        -- for 'merged': the surviving record
    decided_at TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX duplicate_links_b ON duplicate_links (b);

-- fieldapp schema 3: every revision carries its author device's signature.
--
-- The signature is ECDSA P-256 / SHA-256 over "fieldapp revision v1\n" followed by the
-- revision id (fieldapp.domain.revisions.signing_message), stored as r||s (64 bytes). It
-- sits beside the revision, not in its content: the id is what is signed, so adding a
-- signature to a revision that had none changes nothing else.
--
-- Revisions written before this schema have none (NULL): they are listed as unsigned in
-- the history and by `fieldapp signatures`. This device's own are signed with its key at
-- its next export (or `fieldapp signatures --sign`); another device's become signed when
-- a bundle from that device carrying them signed is merged.
ALTER TABLE revisions ADD COLUMN signature BLOB;

-- The unsigned revisions, by author: small (none, once signed), and what an export looks
-- up before it writes a bundle.
CREATE INDEX revisions_unsigned ON revisions (device) WHERE signature IS NULL;

-- Revisions stay immutable, but for one change: a missing signature may be added (never
-- changed or removed once there). The trigger of schema 1 forbade every update.
DROP TRIGGER revisions_no_update;
CREATE TRIGGER revisions_no_update
BEFORE UPDATE OF n, id, record_id, kind, parents, device, seq, timestamp, deleted, data
ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER revisions_signed_once BEFORE UPDATE OF signature ON revisions
WHEN OLD.signature IS NOT NULL OR NEW.signature IS NULL
BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;

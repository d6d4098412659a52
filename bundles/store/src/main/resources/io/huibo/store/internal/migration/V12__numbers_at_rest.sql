-- Real numbers at rest: the parties of calls and bindings are kept sealed (AES-GCM, *_sealed)
-- and as a keyed hash (HMAC-SHA-256, *_hash), both under keys derived from the master key, never
-- in clear; lookups, the anti-harassment count and the binding invariant use the hash. Pool
-- numbers (x, display_number) are the install's own virtual numbers and stay clear.
ALTER TABLE huibo_call ADD COLUMN from_sealed VARCHAR(100);
ALTER TABLE huibo_call ADD COLUMN from_hash VARCHAR(44);
ALTER TABLE huibo_call ADD COLUMN to_sealed VARCHAR(100);
ALTER TABLE huibo_call ADD COLUMN to_hash VARCHAR(44);
ALTER TABLE huibo_binding ADD COLUMN a_sealed VARCHAR(100);
ALTER TABLE huibo_binding ADD COLUMN a_hash VARCHAR(44);
ALTER TABLE huibo_binding ADD COLUMN b_sealed VARCHAR(100);
ALTER TABLE huibo_binding ADD COLUMN b_hash VARCHAR(44);
ALTER TABLE huibo_binding_party ADD COLUMN party_hash VARCHAR(44);
-- The conversion seals the clear columns of existing rows (and the bodies of idempotency rows,
-- webhook events and scheduled actions, which may quote numbers); then the clear columns go.
-- @conversion
DROP INDEX huibo_call_pair;
ALTER TABLE huibo_call DROP COLUMN from_number;
ALTER TABLE huibo_call DROP COLUMN to_number;
ALTER TABLE huibo_call ADD CONSTRAINT huibo_call_parties
    CHECK (from_sealed IS NOT NULL AND from_hash IS NOT NULL AND to_sealed IS NOT NULL AND to_hash IS NOT NULL);
CREATE INDEX huibo_call_pair ON huibo_call (from_hash, to_hash, created_at);
ALTER TABLE huibo_binding DROP CONSTRAINT huibo_binding_mode;
ALTER TABLE huibo_binding DROP COLUMN a;
ALTER TABLE huibo_binding DROP COLUMN b;
ALTER TABLE huibo_binding ADD CONSTRAINT huibo_binding_mode CHECK (a_sealed IS NOT NULL AND a_hash IS NOT NULL
    AND ((mode = 'AXB' AND b_sealed IS NOT NULL AND b_hash IS NOT NULL AND b_hash <> a_hash)
        OR (mode = 'AXN' AND b_sealed IS NULL AND b_hash IS NULL)));
-- For one X, a number is in at most one active binding: V2's invariant, now on the hash.
ALTER TABLE huibo_binding_party DROP CONSTRAINT huibo_party_once;
ALTER TABLE huibo_binding_party DROP COLUMN party_number;
ALTER TABLE huibo_binding_party ADD CONSTRAINT huibo_party_known CHECK (party_hash IS NOT NULL);
ALTER TABLE huibo_binding_party ADD CONSTRAINT huibo_party_once UNIQUE (x, party_hash);

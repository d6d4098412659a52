-- The API key that made each Idempotency-Key's first answer: the answer is replayed to that key
-- alone, as another key of the tenant may lack its rights (reveal). Rows kept from before have no
-- owner and are replayed to no one; they expire within 24 h.
ALTER TABLE huibo_idempotency ADD COLUMN key_id VARCHAR(40) NOT NULL DEFAULT '';

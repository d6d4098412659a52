-- Each party row carries its binding's expiry, so freeing X of expired bindings reads X's few
-- party rows through an index instead of joining every binding X ever had: that join grew with
-- X's history and made each write on a busy X slower than the last.
ALTER TABLE huibo_binding_party ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE huibo_binding_party SET expires_at =
    (SELECT b.expires_at FROM huibo_binding b WHERE b.id = huibo_binding_party.binding_id);
CREATE INDEX huibo_party_expiry ON huibo_binding_party (x, expires_at);

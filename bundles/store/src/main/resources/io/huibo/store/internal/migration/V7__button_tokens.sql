-- Spent button tokens: one row per token that placed its one callback. The primary key makes
-- spending atomic, also between nodes on one database. Rows of expired tokens may be deleted:
-- an expired token is refused before this table is asked. Times are epoch milliseconds (UTC).
CREATE TABLE huibo_button_token (
    id         VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64) NOT NULL,
    expires_at BIGINT      NOT NULL,
    spent_at   BIGINT      NOT NULL
);
CREATE INDEX huibo_button_token_expiry ON huibo_button_token (expires_at);
